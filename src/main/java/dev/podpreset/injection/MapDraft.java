package dev.podpreset.injection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;

/** A string map of the pod (labels, annotations, nodeSelector) with the keys presets set in it. */
final class MapDraft extends Draft {
    private final ObjectNode original;
    private final Map<String, String> set = new LinkedHashMap<>();

    MapDraft(String path, JsonNode original) {
        super(path);
        this.original = original instanceof ObjectNode o ? o : null;
    }

    /** The current value, or null when the key is absent. */
    String get(String key) {
        if (set.containsKey(key)) {
            return set.get(key);
        }
        JsonNode v = original == null ? null : original.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    void put(String key, String value, Transaction tx) {
        boolean had = set.containsKey(key);
        String previous = set.put(key, value);
        tx.onRollback(() -> {
            if (had) {
                set.put(key, previous);
            } else {
                set.remove(key);
            }
        });
    }

    @Override
    boolean changed() {
        return !set.isEmpty();
    }

    @Override
    boolean absentFromPod() {
        return original == null;
    }

    @Override
    void emit(ArrayNode patch) {
        if (set.isEmpty()) {
            return;
        }
        if (original == null) {
            ObjectNode all = JsonNodeFactory.instance.objectNode();
            set.forEach(all::put);
            patch.add(JsonPatchOps.add(path(), all));
        } else {
            set.forEach((k, v) -> patch.add(JsonPatchOps.add(path() + "/" + JsonPatchOps.escape(k),
                    JsonNodeFactory.instance.textNode(v))));
        }
    }
}
