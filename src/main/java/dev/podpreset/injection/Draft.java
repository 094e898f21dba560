package dev.podpreset.injection;

import com.fasterxml.jackson.databind.node.ArrayNode;

/** One field of the pod, at a JSON pointer, with what presets add to it, written as add operations. */
abstract class Draft {
    private final String path;

    Draft(String path) {
        this.path = path;
    }

    final String path() {
        return path;
    }

    /** Whether presets added anything. */
    abstract boolean changed();

    /** Whether the pod lacks the field, so that its parents may have to be created first. */
    abstract boolean absentFromPod();

    /** Appends the add operations for what presets added; nothing when they added nothing. */
    abstract void emit(ArrayNode patch);
}
