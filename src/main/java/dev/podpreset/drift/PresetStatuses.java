package dev.podpreset.drift;

import dev.podpreset.api.PresetCondition;
import dev.podpreset.api.PresetStatus;
import dev.podpreset.api.Violation;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The status a preset should have. {@code Ready} is True (reason {@code Valid}) for a preset the webhook serves
 * and False for one it refused: reason {@code Invalid} with every field error in the message, or
 * {@code NeedsNewerVersion} when the preset has fields this version does not know (a newer CRD stored them).
 * A preset whose policy restarts workloads also carries {@code RestartsPaused}: False, or True after a workload
 * restarted for it failed to roll out, until its generation changes. A condition's {@code lastTransitionTime}
 * moves only when its status flips, so the result is a function of what is observed and an unchanged preset
 * yields an equal status (which is then not written).
 */
public final class PresetStatuses {
    /** Why {@code Ready} is what it is. */
    public enum ReadyReason { Valid, Invalid, NeedsNewerVersion }

    /** The reason of {@code RestartsPaused=False}; a pause's reason is its failed {@link Rollout}'s. */
    public static final String RESTARTS_ALLOWED = "RestartsAllowed";

    /** A change of condition that deserves an Event. */
    public enum Transition { BECAME_INVALID, BECAME_VALID, RESTARTS_PAUSED, RESTARTS_RESUMED }

    private PresetStatuses() {
    }

    /**
     * A valid preset at {@code generation} (null when it has none) with its pods tallied.
     *
     * @param restarts whether its policy restarts workloads: only then does it carry {@code RestartsPaused}
     * @param pause    the pause in force at this generation, or null
     */
    public static PresetStatus valid(Long generation, PresetDrift drift, boolean restarts, RestartPause pause,
                                     PresetStatus previous, Instant now) {
        PresetStatus status = new PresetStatus();
        status.setObservedGeneration(generation);
        List<PresetCondition> conditions = new ArrayList<>();
        conditions.add(condition(PresetCondition.READY, "True", ReadyReason.Valid.name(), "", generation, previous, now));
        if (restarts) {
            conditions.add(pause == null
                    ? condition(PresetCondition.RESTARTS_PAUSED, "False", RESTARTS_ALLOWED, "", generation, previous, now)
                    : condition(PresetCondition.RESTARTS_PAUSED, "True", pause.rollout().reason(), pause.message(),
                    generation, previous, now));
        }
        status.setConditions(conditions);
        status.setPods(drift.counts());
        status.setLastConflict(drift.lastConflict());
        return status;
    }

    /** A preset the sources refused; its pods are not counted, since the webhook does not apply it. */
    public static PresetStatus invalid(Long generation, List<Violation> violations, PresetStatus previous, Instant now) {
        PresetStatus status = new PresetStatus();
        status.setObservedGeneration(generation);
        List<String> unknown = violations.stream().filter(Violation::unknownField).map(Violation::field).toList();
        String message = Violation.join(violations);
        ReadyReason reason = ReadyReason.Invalid;
        if (!unknown.isEmpty()) {
            reason = ReadyReason.NeedsNewerVersion;
            message = "this version of podpreset-injector does not know " + String.join(", ", unknown)
                    + ", which a newer version's CRD allows: upgrade the injector, or remove the fields; " + message;
        }
        status.setConditions(List.of(condition(PresetCondition.READY, "False", reason.name(), message, generation,
                previous, now)));
        return status;
    }

    /** The pause a status records at {@code generation}: what a new leader reads to keep it. */
    public static Optional<RestartPause> pause(PresetStatus status, String generation) {
        PresetCondition c = status == null ? null : status.condition(PresetCondition.RESTARTS_PAUSED);
        if (c == null || !"True".equals(c.getStatus()) || c.getObservedGeneration() == null
                || !c.getObservedGeneration().toString().equals(generation)) {
            return Optional.empty();
        }
        return Rollout.failedBecause(c.getReason()).map(r -> new RestartPause(generation, r, c.getMessage()));
    }

    /** The changes from {@code before} (null for a preset never written) to {@code after} that deserve an Event. */
    public static List<Transition> transitions(PresetStatus before, PresetStatus after) {
        List<Transition> out = new ArrayList<>();
        String wasReady = status(before, PresetCondition.READY);
        String ready = status(after, PresetCondition.READY);
        if ("False".equals(ready) && !"False".equals(wasReady)) {
            out.add(Transition.BECAME_INVALID);
        } else if ("True".equals(ready) && "False".equals(wasReady)) {
            out.add(Transition.BECAME_VALID);
        }
        String wasPaused = status(before, PresetCondition.RESTARTS_PAUSED);
        String paused = status(after, PresetCondition.RESTARTS_PAUSED);
        if ("True".equals(paused) && !"True".equals(wasPaused)) {
            out.add(Transition.RESTARTS_PAUSED);
        } else if ("True".equals(wasPaused) && !"True".equals(paused)) {
            out.add(Transition.RESTARTS_RESUMED);
        }
        return out;
    }

    private static String status(PresetStatus s, String type) {
        PresetCondition c = s == null ? null : s.condition(type);
        return c == null ? null : c.getStatus();
    }

    private static PresetCondition condition(String type, String value, String reason, String message, Long generation,
                                             PresetStatus previous, Instant now) {
        PresetCondition before = previous == null ? null : previous.condition(type);
        String since = before != null && value.equals(before.getStatus()) && before.getLastTransitionTime() != null
                ? before.getLastTransitionTime()
                : now.truncatedTo(ChronoUnit.SECONDS).toString();
        return new PresetCondition(type, value, reason, message, generation, since);
    }
}
