package dev.podpreset.api;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One reason a preset is invalid: the path of the offending field ({@code spec.env[2].name}), the kind of error
 * and why, in the API server's words ({@code Required value}, {@code Unsupported value "X": ...}). Callers keep
 * violations as they are and format them only for people.
 */
public record Violation(String field, Type type, String reason) {
    /** The reason for a field this version's schema does not have. */
    public static final String UNKNOWN_FIELD = "unknown field";

    /**
     * The kinds of error of apimachinery's {@code field.ErrorType}, each with the {@code StatusCause} reason the
     * API server answers it with.
     */
    public enum Type {
        REQUIRED("FieldValueRequired"),
        INVALID("FieldValueInvalid"),
        /** A value of the wrong JSON type: a string where a number belongs. */
        TYPE_INVALID("FieldValueTypeInvalid"),
        NOT_SUPPORTED("FieldValueNotSupported"),
        DUPLICATE("FieldValueDuplicate"),
        FORBIDDEN("FieldValueForbidden"),
        NOT_FOUND("FieldValueNotFound"),
        TOO_LONG("FieldValueTooLong"),
        /**
         * A field this version's schema does not have. The API server has no cause of its own for it (its strict
         * decoding refuses the whole request): it is an invalid value of the object.
         */
        UNKNOWN_FIELD("FieldValueInvalid"),
        /** A bug of ours, not the author's. */
        INTERNAL("InternalError");

        private final String causeReason;

        Type(String causeReason) {
            this.causeReason = causeReason;
        }

        /** The {@code reason} of a {@code StatusCause} in the API server's answer. */
        public String causeReason() {
            return causeReason;
        }
    }

    /** A violation worded elsewhere (a parser's own message), of the generic kind: an invalid value. */
    public Violation(String field, String reason) {
        this(field, Type.INVALID, reason);
    }

    /** Whether the field is unknown to this version: a typo in a file, or a newer CRD's field in the cluster. */
    public boolean unknownField() {
        return type == Type.UNKNOWN_FIELD;
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
