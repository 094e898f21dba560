package dev.podpreset.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Collects what is wrong with a preset, one method per kind of error, after Kubernetes' field errors
 * (apimachinery's {@code field.Required}, {@code Invalid}, {@code NotSupported}, {@code Duplicate},
 * {@code Forbidden}, {@code TooLong}, {@code NotFound}): each kind is worded here and nowhere else, so every
 * rule of the validator reads the same way to the author of a preset. A value is quoted when it is text.
 */
public final class Violations {
    private final List<Violation> found = new ArrayList<>();

    /** {@code field: Required value}. */
    public Violations required(String field) {
        return add(field, Violation.Type.REQUIRED, "Required value");
    }

    /** {@code field: Required value: detail}. */
    public Violations required(String field, String detail) {
        return add(field, Violation.Type.REQUIRED, "Required value: " + detail);
    }

    /** {@code field: Invalid value "value": detail}. */
    public Violations invalid(String field, Object value, String detail) {
        return add(field, Violation.Type.INVALID, "Invalid value " + quoted(value) + ": " + detail);
    }

    /** {@code field: Invalid value: detail}, for a value too large or too structured to quote. */
    public Violations invalid(String field, String detail) {
        return add(field, Violation.Type.INVALID, "Invalid value: " + detail);
    }

    /** {@code field: Invalid key "key": detail}, for a key of a map. */
    public Violations invalidKey(String field, String key, String detail) {
        return add(field, Violation.Type.INVALID, "Invalid key " + quoted(key) + ": " + detail);
    }

    /** {@code field: Unsupported value "value": supported values: a, b}. */
    public Violations notSupported(String field, Object value, Collection<String> supported) {
        return add(field, Violation.Type.NOT_SUPPORTED, "Unsupported value " + quoted(value) + ": supported values: " + String.join(", ", supported));
    }

    /** {@code field: Duplicate value "value"}. */
    public Violations duplicate(String field, Object value) {
        return add(field, Violation.Type.DUPLICATE, "Duplicate value " + quoted(value));
    }

    /** {@code field: Duplicate value "value": detail}. */
    public Violations duplicate(String field, Object value, String detail) {
        return add(field, Violation.Type.DUPLICATE, "Duplicate value " + quoted(value) + ": " + detail);
    }

    /** {@code field: Duplicate value: detail}, for an entry that repeats an earlier one without a single key. */
    public Violations duplicateEntry(String field, String detail) {
        return add(field, Violation.Type.DUPLICATE, "Duplicate value: " + detail);
    }

    /** {@code field: Forbidden: detail}. */
    public Violations forbidden(String field, String detail) {
        return add(field, Violation.Type.FORBIDDEN, "Forbidden: " + detail);
    }

    /** {@code field: Forbidden key "key": detail}, for a key of a map. */
    public Violations forbiddenKey(String field, String key, String detail) {
        return add(field, Violation.Type.FORBIDDEN, "Forbidden key " + quoted(key) + ": " + detail);
    }

    /** {@code field: Not found: "value" detail}, for a reference to something that does not exist. */
    public Violations notFound(String field, Object value, String detail) {
        return add(field, Violation.Type.NOT_FOUND, "Not found: " + quoted(value) + " " + detail);
    }

    /** {@code field: Too long: may not be more than max characters}. */
    public Violations tooLong(String field, int max) {
        return add(field, Violation.Type.TOO_LONG, "Too long: may not be more than " + max + " characters");
    }

    /** {@code field: unknown field}: the field is not in this version's schema. */
    public Violations unknownField(String field) {
        return add(field, Violation.Type.UNKNOWN_FIELD, Violation.UNKNOWN_FIELD);
    }

    /** A violation worded elsewhere (a parser's own message). */
    public Violations add(Violation violation) {
        found.add(violation);
        return this;
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    /** What was found, in the order it was found. */
    public List<Violation> list() {
        return List.copyOf(found);
    }

    private Violations add(String field, Violation.Type type, String reason) {
        found.add(new Violation(field, type, reason));
        return this;
    }

    private static String quoted(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }
}
