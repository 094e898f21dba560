package dev.podpreset.injection;

import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A list of the pod (volumes, one container's env, ...) with the entries presets append to it, and those
 * they put before the pod's own (env of {@code envPlacement: Prepend} presets). The pod's own list is never
 * copied or changed; lookups by merge key see all of them, through indexes built on first use: the pod's
 * entries by {@link KeyPositions}, built once, and those of presets in a map, rebuilt after a rollback.
 */
final class ListDraft extends Draft {
    private final ArrayNode original;
    private final List<JsonNode> prepended = new ArrayList<>();
    private final List<JsonNode> added = new ArrayList<>();
    /** Made on the first lookup that reaches the pod's own entries. */
    private Map<Function<JsonNode, Object>, KeyPositions> originalIndexes;
    private final Map<Function<JsonNode, Object>, Map<Object, JsonNode>> insertedIndexes = new IdentityHashMap<>(2);

    ListDraft(String path, JsonNode original) {
        super(path);
        this.original = original instanceof ArrayNode a ? a : null;
    }

    /** The entry with this key, the last one if the pod itself repeats a key (as upstream). */
    JsonNode find(Function<JsonNode, Object> key, Object value) {
        JsonNode inserted = changed() ? insertedIndexes.computeIfAbsent(key, this::buildIndex).get(value) : null;
        if (inserted != null || original == null) {
            return inserted;
        }
        if (originalIndexes == null) {
            originalIndexes = new IdentityHashMap<>(2);
        }
        KeyPositions positions = originalIndexes.get(key);
        if (positions == null) {
            positions = new KeyPositions(original, key);
            originalIndexes.put(key, positions);
        }
        return positions.last(value);
    }

    /** Appends after the pod's entries and those added before. */
    void add(JsonNode entry, Transaction tx) {
        insert(added, entry, tx);
    }

    /** Puts before the pod's own entries, after those prepended before. */
    void prepend(JsonNode entry, Transaction tx) {
        insert(prepended, entry, tx);
    }

    private void insert(List<JsonNode> where, JsonNode entry, Transaction tx) {
        where.add(entry);
        insertedIndexes.forEach((key, index) -> index.put(key.apply(entry), entry));
        tx.onRollback(() -> {
            where.remove(where.size() - 1);
            insertedIndexes.clear();
        });
    }

    @Override
    boolean changed() {
        return !added.isEmpty() || !prepended.isEmpty();
    }

    @Override
    boolean absentFromPod() {
        return original == null;
    }

    /**
     * Inserts and appends to an existing list entry by entry (an add at index i shifts the pod's entries, so
     * prepended entries keep their order before them), or adds the whole list where the pod has none.
     */
    @Override
    void emit(ArrayNode patch) {
        if (!changed()) {
            return;
        }
        if (original == null) {
            ArrayNode all = JsonNodeFactory.instance.arrayNode();
            prepended.forEach(all::add);
            added.forEach(all::add);
            patch.add(JsonPatchOps.add(path(), all));
        } else {
            for (int i = 0; i < prepended.size(); i++) {
                patch.add(JsonPatchOps.add(path() + "/" + i, prepended.get(i)));
            }
            SerializedString append = new SerializedString(path() + "/-");
            for (JsonNode entry : added) {
                patch.add(JsonPatchOps.add(append, entry));
            }
        }
    }

    /** The entries presets put in, by key; those appended after those prepended, as in the patch. */
    private Map<Object, JsonNode> buildIndex(Function<JsonNode, Object> key) {
        Map<Object, JsonNode> index = new HashMap<>();
        prepended.forEach(entry -> index.put(key.apply(entry), entry));
        added.forEach(entry -> index.put(key.apply(entry), entry));
        return index;
    }
}
