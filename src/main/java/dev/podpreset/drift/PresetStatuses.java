package dev.podpreset.drift;

import dev.podpreset.api.PresetCondition;
import dev.podpreset.api.PresetStatus;
import dev.podpreset.api.Violation;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The status a preset should have. {@code Ready} is True (reason {@code Valid}) for a preset the webhook serves
 * and False (reason {@code Invalid}, every field error in the message) for one it refused; its
 * {@code lastTransitionTime} moves only when its status flips, so the result is a function of what is observed
 * and an unchanged preset yields an equal status (which is then not written).
 */
public final class PresetStatuses {
    public static final String VALID = "Valid";
    public static final String INVALID = "Invalid";

    private PresetStatuses() {
    }

    /** A valid preset at {@code generation} (null when it has none) with its pods tallied. */
    public static PresetStatus valid(Long generation, PresetDrift drift, PresetStatus previous, Instant now) {
        PresetStatus status = new PresetStatus();
        status.setObservedGeneration(generation);
        status.setConditions(List.of(ready("True", VALID, "", generation, previous, now)));
        status.setPods(drift.counts());
        status.setLastConflict(drift.lastConflict());
        return status;
    }

    /** A preset the sources refused; its pods are not counted, since the webhook does not apply it. */
    public static PresetStatus invalid(Long generation, List<Violation> violations, PresetStatus previous, Instant now) {
        PresetStatus status = new PresetStatus();
        status.setObservedGeneration(generation);
        String message = violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
        status.setConditions(List.of(ready("False", INVALID, message, generation, previous, now)));
        return status;
    }

    /**
     * The Event a status change deserves: {@link #INVALID} when a preset turns invalid (also when it is first
     * reported so), {@link #VALID} when it turns valid again; null otherwise.
     */
    public static String transition(PresetStatus before, PresetStatus after) {
        String was = readyStatus(before);
        String now = readyStatus(after);
        if ("False".equals(now) && !"False".equals(was)) {
            return INVALID;
        }
        return "True".equals(now) && "False".equals(was) ? VALID : null;
    }

    private static String readyStatus(PresetStatus status) {
        PresetCondition c = status == null ? null : status.condition(PresetCondition.READY);
        return c == null ? null : c.getStatus();
    }

    private static PresetCondition ready(String value, String reason, String message, Long generation,
                                         PresetStatus previous, Instant now) {
        PresetCondition before = previous == null ? null : previous.condition(PresetCondition.READY);
        String since = before != null && value.equals(before.getStatus()) && before.getLastTransitionTime() != null
                ? before.getLastTransitionTime()
                : now.truncatedTo(ChronoUnit.SECONDS).toString();
        return new PresetCondition(PresetCondition.READY, value, reason, message, generation, since);
    }
}
