package dev.podpreset.injection;

import com.fasterxml.jackson.databind.node.ArrayNode;

/** One field of the pod with what presets add to it, written as add operations. */
interface Draft {
    /** The field's JSON pointer. */
    String path();

    /** Whether presets added anything. */
    boolean changed();

    /** Whether the pod lacks the field, so that its parents may have to be created first. */
    boolean absentFromPod();

    /** Appends the add operations for what presets added; nothing when they added nothing. */
    void emit(ArrayNode patch);
}
