package dev.podpreset.controller;

import dev.podpreset.drift.PresetDrift;
import dev.podpreset.drift.WorkloadRef;
import dev.podpreset.injection.PreparedPreset;
import dev.podpreset.presets.InvalidPreset;
import dev.podpreset.presets.PresetKey;
import dev.podpreset.presets.PresetSnapshot;

import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One drift pass: the snapshot it read, every preset of it by key, and what was counted for each. A decision
 * about a preset reads its version here (spec, generation and restart policy together) with the drift counted
 * against that very version, so a status or a restart is never for a generation it was not computed for.
 *
 * @param candidates for presets that restart workloads: the restartable workloads owning their stale (or missing)
 *                   pods, sorted
 */
record Tally(PresetSnapshot snapshot, Map<PresetKey, PreparedPreset> presets, Map<PresetKey, InvalidPreset> invalid,
             Map<PresetKey, PresetDrift> drift, Map<PresetKey, Set<WorkloadRef>> candidates) {

    static final Tally EMPTY = new Tally(PresetSnapshot.EMPTY, Map.of(), Map.of(), Map.of(), Map.of());

    Set<WorkloadRef> candidates(PresetKey key) {
        return candidates.getOrDefault(key, Set.of());
    }

    /**
     * The keys whose decisions may differ from {@code before}'s: a new, changed or deleted preset, other counts or
     * another last conflict, other restart candidates.
     */
    Set<PresetKey> changedSince(Tally before) {
        Set<PresetKey> out = new HashSet<>();
        for (PresetKey key : presets.keySet()) {
            PresetDrift now = drift.get(key);
            PresetDrift then = before.drift.get(key);
            if (before.presets.get(key) != presets.get(key) || then == null
                    || !now.counts().equals(then.counts()) || !Objects.equals(now.lastConflict(), then.lastConflict())
                    || !candidates(key).equals(before.candidates(key))) {
                out.add(key);
            }
        }
        invalid.forEach((key, i) -> {
            if (!i.equals(before.invalid.get(key))) {
                out.add(key);
            }
        });
        for (PresetKey key : before.presets.keySet()) {
            if (!presets.containsKey(key) && !invalid.containsKey(key)) {
                out.add(key);
            }
        }
        for (PresetKey key : before.invalid.keySet()) {
            if (!presets.containsKey(key) && !invalid.containsKey(key)) {
                out.add(key);
            }
        }
        return out;
    }

    /** Every preset, valid or not. */
    Set<PresetKey> keys() {
        Set<PresetKey> out = new HashSet<>(presets.keySet());
        out.addAll(invalid.keySet());
        return out;
    }
}
