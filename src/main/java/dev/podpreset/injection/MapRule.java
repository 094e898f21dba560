package dev.podpreset.injection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podpreset.api.InjectedField;
import dev.podpreset.api.PodPresetSpec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A string map merged by key (nodeSelector, labels, annotations): a new key is set, an equal value is
 * identical, a different one is a conflict.
 */
final class MapRule extends MergeRule<Map<String, String>> {
    private final InjectedField<Map<String, String>> field;
    private final String slot;
    /** The conflict's wording before the key, e.g. {@code nodeSelector}. */
    private final String what;

    MapRule(InjectedField<Map<String, String>> field, String slot, String what) {
        super(Scope.POD, field);
        this.field = field;
        this.slot = slot;
        this.what = what;
    }

    @Override
    Map<String, String> prepare(PodPresetSpec spec, JsonNode specJson) {
        Map<String, String> map = field.value().apply(spec);
        return map == null || map.isEmpty() ? null : new LinkedHashMap<>(map);
    }

    @Override
    void merge(Map<String, String> entries, Slots slots, Merge merge) {
        MapDraft map = slots.map(slot);
        entries.forEach((key, value) -> {
            String existing = map.get(key);
            if (existing == null) {
                map.put(key, value, merge.tx);
            } else if (!existing.equals(value)) {
                merge.conflict(what + " \"" + key + "\"", slots);
            }
        });
    }
}
