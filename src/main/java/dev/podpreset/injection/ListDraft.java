package dev.podpreset.injection;

import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A list of the pod (volumes, one container's env, ...) with the entries presets append to it. The
 * pod's own list is never copied or changed; lookups by merge key see both, through indexes built on
 * first use.
 */
final class ListDraft extends Draft {
    private final ArrayNode original;
    private final List<JsonNode> added = new ArrayList<>();
    private final Map<Function<JsonNode, Object>, Map<Object, JsonNode>> indexes = new IdentityHashMap<>(2);

    ListDraft(String path, JsonNode original) {
        super(path);
        this.original = original instanceof ArrayNode a ? a : null;
    }

    /** The entry with this key, the last one if the pod itself repeats a key (as upstream). */
    JsonNode find(Function<JsonNode, Object> key, Object value) {
        return indexes.computeIfAbsent(key, this::buildIndex).get(value);
    }

    void add(JsonNode entry, Transaction tx) {
        added.add(entry);
        indexes.forEach((key, index) -> index.put(key.apply(entry), entry));
        tx.onRollback(() -> {
            added.remove(added.size() - 1);
            indexes.clear();
        });
    }

    @Override
    boolean changed() {
        return !added.isEmpty();
    }

    @Override
    boolean absentFromPod() {
        return original == null;
    }

    /** Appends to an existing list entry by entry, or adds the whole list where the pod has none. */
    @Override
    void emit(ArrayNode patch) {
        if (added.isEmpty()) {
            return;
        }
        if (original == null) {
            ArrayNode all = JsonNodeFactory.instance.arrayNode();
            added.forEach(all::add);
            patch.add(JsonPatchOps.add(path(), all));
        } else {
            SerializedString append = new SerializedString(path() + "/-");
            for (JsonNode entry : added) {
                patch.add(JsonPatchOps.add(append, entry));
            }
        }
    }

    private Map<Object, JsonNode> buildIndex(Function<JsonNode, Object> key) {
        Map<Object, JsonNode> index = new HashMap<>();
        if (original != null) {
            for (JsonNode entry : original) {
                if (entry instanceof ObjectNode) {
                    index.put(key.apply(entry), entry);
                }
            }
        }
        added.forEach(entry -> index.put(key.apply(entry), entry));
        return index;
    }
}
