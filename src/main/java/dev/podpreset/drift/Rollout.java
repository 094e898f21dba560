package dev.podpreset.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.injection.AnnotationKeys;
import dev.podpreset.injection.AnnotationValues;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where a workload's rollout stands, from its status as {@code kubectl rollout status} reads it: the gate of the
 * next restart. A failed rollout is over, not in progress: it pauses the restarts of the presets it was for, and
 * lets the others go on.
 */
public enum Rollout {
    /** Every replica runs the current template and is available. */
    COMPLETE("complete", ""),
    /** Still replacing or waiting for pods to become available. */
    PROGRESSING("in progress", ""),
    /** The Deployment controller gave up: its Progressing condition says ProgressDeadlineExceeded. */
    DEADLINE_EXCEEDED("failed", "ProgressDeadlineExceeded"),
    /** Not complete and available within the rollout timeout after our restart. */
    TIMED_OUT("failed", "RolloutTimedOut");

    private final String note;
    private final String reason;

    Rollout(String note, String reason) {
        this.note = note;
        this.reason = reason;
    }

    public boolean failed() {
        return this == DEADLINE_EXCEEDED || this == TIMED_OUT;
    }

    /** "in progress", "failed"...: for messages. */
    public String note() {
        return note;
    }

    /** The reason of the RestartsPaused condition a failed rollout sets: one CamelCase word; empty unless failed. */
    public String reason() {
        return reason;
    }

    /** The failed rollout a RestartsPaused condition's reason names; empty for another reason. */
    public static Optional<Rollout> failedBecause(String conditionReason) {
        for (Rollout r : values()) {
            if (r.failed() && r.reason.equals(conditionReason)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /**
     * Where the rollout of {@code workload} (the object as JSON, with its kind) stands at {@code now}.
     *
     * @param timeout how long after the {@code podpreset.dev/restartedAt} of its pod template a rollout may take to
     *                complete before it counts as failed; a workload without one never times out
     */
    public static Rollout of(ObjectNode workload, Instant now, Duration timeout) {
        if (complete(workload)) {
            return COMPLETE;
        }
        // A status of an earlier generation says nothing of this rollout: the condition is reset when it starts.
        if (observed(workload)) {
            for (JsonNode c : workload.path("status").path("conditions")) {
                if ("Progressing".equals(c.path("type").asText()) && "False".equals(c.path("status").asText())
                        && "ProgressDeadlineExceeded".equals(c.path("reason").asText())) {
                    return DEADLINE_EXCEEDED;
                }
            }
        }
        Optional<Instant> restartedAt = restartedAt(workload);
        return restartedAt.isPresent() && now.isAfter(restartedAt.get().plus(timeout)) ? TIMED_OUT : PROGRESSING;
    }

    /** When the controller last restarted the workload, from its pod template; empty when it never did. */
    public static Optional<Instant> restartedAt(ObjectNode workload) {
        JsonNode value = workload.path("spec").path("template").path("metadata").path("annotations")
                .path(AnnotationKeys.RESTARTED_AT);
        return AnnotationValues.restartedAt(value.isTextual() ? value.textValue() : null);
    }

    /** Whether the status describes the workload's current generation. */
    private static boolean observed(ObjectNode workload) {
        return workload.path("status").path("observedGeneration").asLong(0)
                >= workload.path("metadata").path("generation").asLong(0);
    }

    /** Whether the status reports the current generation rolled out to every replica, and every replica available. */
    private static boolean complete(ObjectNode workload) {
        if (!observed(workload)) {
            return false;
        }
        JsonNode spec = workload.path("spec");
        JsonNode status = workload.path("status");
        return switch (workload.path("kind").asText()) {
            case "Deployment", "StatefulSet" -> {
                long replicas = spec.path("replicas").asLong(1);
                long updated = status.path("updatedReplicas").asLong(0);
                yield updated >= replicas && status.path("replicas").asLong(0) <= updated
                        && status.path("availableReplicas").asLong(status.path("readyReplicas").asLong(0)) >= replicas;
            }
            case "DaemonSet" -> {
                long desired = status.path("desiredNumberScheduled").asLong(0);
                yield status.path("updatedNumberScheduled").asLong(0) >= desired
                        && status.path("numberAvailable").asLong(0) >= desired;
            }
            default -> true;
        };
    }
}
