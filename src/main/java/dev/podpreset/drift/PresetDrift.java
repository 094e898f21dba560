package dev.podpreset.drift;

import dev.podpreset.api.PresetConflict;
import dev.podpreset.api.PresetPodCounts;

import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The running pods one preset selects, tallied by {@link PodPresetState}, with the newest conflict and, when
 * asked for, the owners of the stale and missing pods (what a restart would renew).
 */
public final class PresetDrift {
    private final Map<PodPresetState, Long> counts = new EnumMap<>(PodPresetState.class);
    private PodRecord lastConflictPod;
    private String lastConflictMessage;
    private final Set<WorkloadRef> staleOwners;
    private final Set<WorkloadRef> missingOwners;
    /** Whether the preset is an audit preset, whose pods would apply or conflict instead of carrying it. */
    private final boolean audit;

    PresetDrift(boolean collectOwners, boolean audit) {
        this.staleOwners = collectOwners ? new LinkedHashSet<>() : null;
        this.missingOwners = collectOwners ? new LinkedHashSet<>() : null;
        this.audit = audit;
    }

    /**
     * @param conflict what the pod records of a conflict with this preset (skipped, or for an audit preset would
     *                 conflict at the current generation); null when nothing
     */
    void count(PodRecord pod, PodPresetState state, String conflict) {
        counts.merge(state, 1L, Long::sum);
        switch (state) {
            case STALE -> owner(staleOwners, pod);
            case MISSING -> owner(missingOwners, pod);
            default -> { }
        }
        if (conflict != null && (lastConflictPod == null || newer(pod, lastConflictPod))) {
            lastConflictPod = pod;
            lastConflictMessage = conflict;
        }
    }

    private static void owner(Set<WorkloadRef> owners, PodRecord pod) {
        if (owners != null && pod.owner() != null) {
            owners.add(new WorkloadRef(pod.owner().kind(), pod.namespace(), pod.owner().name()));
        }
    }

    /** Newest first; ties broken by name so that the choice does not depend on cache order. */
    private static boolean newer(PodRecord a, PodRecord b) {
        return a.created() != b.created() ? a.created() > b.created() : a.key().compareTo(b.key()) > 0;
    }

    /** The states this preset's pods can be in: {@link PodPresetState#AUDITED} or {@link PodPresetState#ENFORCED}. */
    public Set<PodPresetState> states() {
        return audit ? PodPresetState.AUDITED : PodPresetState.ENFORCED;
    }

    /** Pods in {@code state}. */
    public long count(PodPresetState state) {
        return counts.getOrDefault(state, 0L);
    }

    /** The counts as a status holds them; an audit preset's also with {@code wouldApply} and {@code wouldConflict}. */
    public PresetPodCounts counts() {
        PresetPodCounts out = new PresetPodCounts(counts.values().stream().mapToLong(Long::longValue).sum(),
                count(PodPresetState.CURRENT), count(PodPresetState.STALE), count(PodPresetState.CONFLICTING),
                count(PodPresetState.MISSING));
        if (audit) {
            out.setWouldApply(count(PodPresetState.WOULD_APPLY));
            out.setWouldConflict(count(PodPresetState.WOULD_CONFLICT));
        }
        return out;
    }

    /**
     * The newest counted pod with this preset's skipped annotation (an audit preset's: that records at the current
     * generation that it would conflict); null when there is none.
     */
    public PresetConflict lastConflict() {
        if (lastConflictPod == null) {
            return null;
        }
        return new PresetConflict(lastConflictPod.key(), Instant.ofEpochSecond(lastConflictPod.created()).toString(),
                lastConflictMessage);
    }

    /** Controlling owners of pods admitted with an older generation; empty unless owners were collected. */
    public Set<WorkloadRef> staleOwners() {
        return staleOwners == null ? Set.of() : staleOwners;
    }

    /** Controlling owners of pods that never received the preset; empty unless owners were collected. */
    public Set<WorkloadRef> missingOwners() {
        return missingOwners == null ? Set.of() : missingOwners;
    }
}
