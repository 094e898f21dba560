package dev.podpreset.injection;

import dev.podpreset.api.Text;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The values of the annotations {@link AnnotationKeys} names: each is written and read back here, so the
 * webhook that writes a pod's annotations and the controller and CLI that read them never disagree. The
 * applied ({@code podpreset.dev/<kind>-<name>}) and restarted-for annotations hold the preset generation as
 * text, as it is.
 */
public final class AnnotationValues {
    /** Kubernetes' limit is 256 KiB for all annotations; a reason needs no more than this. */
    static final int MAX_SKIPPED_VALUE = 256;
    private static final String SEPARATOR = "; ";

    private AnnotationValues() {
    }

    /**
     * A {@code podpreset.dev/skipped-<kind>-<name>} value: the generation the preset was skipped at and the
     * conflict that kept it out, written {@code "<generation>; <conflict>"} (the conflict alone for a preset
     * without a generation, one read from a file).
     *
     * @param generation empty when the preset had none
     */
    public record Skipped(String generation, String conflict) {

        /** The annotation's value, cut to {@value #MAX_SKIPPED_VALUE} characters. */
        public String value() {
            return atGeneration(generation, conflict);
        }

        /**
         * Reads a value this class wrote. A generation is digits only, so a conflict that itself contains
         * {@code "; "} is never mistaken for one.
         */
        public static Skipped parse(String value) {
            String generation = generationOf(value);
            return new Skipped(generation, afterGeneration(value, generation));
        }

        /** Whether the preset was skipped at this generation. */
        public boolean at(String presetGeneration) {
            return generation.equals(presetGeneration);
        }
    }

    /**
     * A {@code podpreset.dev/audit-<kind>-<name>} value: what an audit preset would do, judged at a generation,
     * written {@code "<generation>; would apply"} or {@code "<generation>; would conflict: <conflict>"} (without
     * the generation for a preset that has none), cut as {@link Skipped} is.
     *
     * @param conflict null when it would apply; else the conflict, worded as {@link Skipped#conflict()}
     */
    public record Audit(String generation, String conflict) {
        private static final String WOULD_APPLY = "would apply";
        private static final String WOULD_CONFLICT = "would conflict: ";

        public String value() {
            return atGeneration(generation, outcome());
        }

        /** {@code would apply} or {@code would conflict: <conflict>}. */
        public String outcome() {
            return conflict == null ? WOULD_APPLY : WOULD_CONFLICT + conflict;
        }

        /** Reads a value this class wrote; anything but {@code would apply} after the generation is a conflict. */
        public static Audit parse(String value) {
            String generation = generationOf(value);
            String outcome = afterGeneration(value, generation);
            return new Audit(generation, outcome.equals(WOULD_APPLY) ? null
                    : outcome.startsWith(WOULD_CONFLICT) ? outcome.substring(WOULD_CONFLICT.length()) : outcome);
        }

        public boolean wouldApply() {
            return conflict == null;
        }

        /** Whether the outcome was judged at this generation. */
        public boolean at(String presetGeneration) {
            return generation.equals(presetGeneration);
        }
    }

    /**
     * The generation a skipped or audit value was written at; empty when it has none. A generation is digits
     * only, so a text that itself contains {@code "; "} is never mistaken for one.
     */
    static String generationOf(String value) {
        int separator = value.indexOf(SEPARATOR);
        return separator > 0 && value.substring(0, separator).chars().allMatch(c -> c >= '0' && c <= '9')
                ? value.substring(0, separator) : "";
    }

    private static String afterGeneration(String value, String generation) {
        return generation.isEmpty() ? value : value.substring(generation.length() + SEPARATOR.length());
    }

    /** {@code "<generation>; <text>"}, the text alone without a generation, cut to {@value #MAX_SKIPPED_VALUE} characters. */
    private static String atGeneration(String generation, String text) {
        return Text.cut(generation.isEmpty() ? text : generation + SEPARATOR + text, MAX_SKIPPED_VALUE);
    }

    /** A {@code podpreset.dev/restartedAt} value: the time to the second, as {@code kubectl rollout restart} writes its own. */
    public static String restartedAt(Instant time) {
        return time.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** The time a {@code restartedAt} value holds; empty when it holds none (absent, or written by hand). */
    public static Optional<Instant> restartedAt(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
