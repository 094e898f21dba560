package dev.podpreset.injection;

/**
 * Where a merge rule writes: the pod ({@link PodDraft}, fields named by their JSON pointer) or one of
 * its own containers ({@link OwnContainer}, fields named by their name in the container). Each slot is
 * made on first use, so a pod pays only for the fields its presets set.
 */
interface Slots {
    ListDraft list(String field);

    MapDraft map(String field);

    ScalarDraft scalar(String field);

    /** Appended to a conflict's wording: "" for the pod, {@code  in container "app"} for a container. */
    String where();
}
