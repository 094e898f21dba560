package dev.podpreset.api;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One reason a preset is invalid: the path of the offending field ({@code spec.env[2].name}) and why,
 * in the API server's words ({@code Required value}, {@code Unsupported value "X": ...}). Callers keep
 * violations as they are and format them only for people.
 */
public record Violation(String field, String reason) {
    /** The reason for a field this version's schema does not have. */
    public static final String UNKNOWN_FIELD = "unknown field";

    /** Whether the field is unknown to this version: a typo in a file, or a newer CRD's field in the cluster. */
    public boolean unknownField() {
        return UNKNOWN_FIELD.equals(reason);
    }

    @Override
    public String toString() {
        return field + ": " + reason;
    }

    /** {@code field: reason; field: reason}, for messages and logs. */
    public static String join(List<Violation> violations) {
        return violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
    }
}
