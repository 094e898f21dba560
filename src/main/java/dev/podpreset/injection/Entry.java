package dev.podpreset.injection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One list entry a preset injects: its merge key, the JSON to add (defaulted as the API server defaults
 * pods, and frozen: patches share it with every admission), and its normalised form for comparisons.
 */
record Entry(Object key, ObjectNode value, JsonNode normalized) {
    /**
     * The entries of one preset field, prepared once per preset change from the field's JSON array (in a
     * validated spec's tree, whose entries are objects and are defaulted in place); empty when the field is absent.
     */
    static List<Entry> prepare(JsonNode items, Function<JsonNode, Object> key, Consumer<ObjectNode> defaults) {
        List<Entry> entries = new ArrayList<>(items.size());
        items.forEach(item -> entries.add(of((ObjectNode) item, key, defaults)));
        return List.copyOf(entries);
    }

    /** One entry: {@code raw} defaulted in place, then frozen. */
    static Entry of(ObjectNode raw, Function<JsonNode, Object> key, Consumer<ObjectNode> defaults) {
        defaults.accept(raw);
        ObjectNode value = FrozenJson.freeze(raw);
        JsonNode normalized = SemanticJson.normalize(value);
        // Most entries are already in normal form: keep one tree, not two (10,000 presets hold
        // ~100,000 of them).
        return new Entry(key.apply(value), value, normalized.equals(value) ? value
                : normalized instanceof ObjectNode o ? FrozenJson.freeze(o) : normalized);
    }

    /** Whether {@code existing}, an entry of the pod, equals this one as the API server sees them. */
    boolean sameAs(JsonNode existing) {
        return SemanticJson.equivalent(normalized, existing);
    }
}
