package dev.podpreset.injection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

/** A single value of the pod (serviceAccountName, ...) and the value presets set, if any. */
final class ScalarDraft extends Draft {
    private final JsonNode original;
    private JsonNode set;

    ScalarDraft(String path, JsonNode original) {
        super(path);
        this.original = original == null || original.isMissingNode() || original.isNull() ? null : original;
    }

    /** The current value, or null when there is none. */
    JsonNode get() {
        return set != null ? set : original;
    }

    void set(JsonNode value, Transaction tx) {
        JsonNode previous = set;
        set = value;
        tx.onRollback(() -> set = previous);
    }

    @Override
    boolean changed() {
        return set != null;
    }

    @Override
    boolean absentFromPod() {
        return true; // its parent is checked before every write: a scalar has no "whole list" form
    }

    @Override
    void emit(ArrayNode patch) {
        if (set != null) {
            patch.add(JsonPatchOps.add(path(), set));
        }
    }
}
