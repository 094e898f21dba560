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
            return Text.cut(generation.isEmpty() ? conflict : generation + SEPARATOR + conflict, MAX_SKIPPED_VALUE);
        }

        /**
         * Reads a value this class wrote. A generation is digits only, so a conflict that itself contains
         * {@code "; "} is never mistaken for one.
         */
        public static Skipped parse(String value) {
            int separator = value.indexOf(SEPARATOR);
            if (separator > 0 && value.substring(0, separator).chars().allMatch(c -> c >= '0' && c <= '9')) {
                return new Skipped(value.substring(0, separator), value.substring(separator + SEPARATOR.length()));
            }
            return new Skipped("", value);
        }

        /** Whether the preset was skipped at this generation. */
        public boolean at(String presetGeneration) {
            return generation.equals(presetGeneration);
        }
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
