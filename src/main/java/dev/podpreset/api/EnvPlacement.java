package dev.podpreset.api;

/**
 * Where a preset's new variables go in a target container's env. Kubernetes expands {@code $(VAR)} only from
 * variables defined earlier in the list, so a preset whose variables the container's own refer to prepends them.
 */
public enum EnvPlacement {
    /** After the container's own variables (the default, and upstream's behaviour). */
    Append,
    /** Before the container's own variables, in application order. */
    Prepend
}
