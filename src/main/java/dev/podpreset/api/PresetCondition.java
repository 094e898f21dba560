package dev.podpreset.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Objects;

/** One condition of a preset's status, in the shape of Kubernetes' metav1.Condition. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "status", "reason", "message", "observedGeneration", "lastTransitionTime"})
public class PresetCondition {
    public static final String READY = "Ready";
    public static final String RESTARTS_PAUSED = "RestartsPaused";

    @JsonPropertyDescription("Condition type. Ready is True when the spec is valid and loaded by the webhook."
            + " RestartsPaused (presets that restart workloads) is True after a workload restarted for the preset"
            + " failed to roll out: no more restarts for it until its generation changes.")
    private String type;
    @JsonPropertyDescription("True, False or Unknown.")
    private String status;
    @JsonPropertyDescription("One CamelCase word for machines. Ready: Valid, Invalid or NeedsNewerVersion (fields this"
            + " version does not know). RestartsPaused: RestartsAllowed, ProgressDeadlineExceeded or RolloutTimedOut.")
    private String reason;
    @JsonPropertyDescription("Human-readable detail: for Invalid, every field error; for a pause, the workload.")
    private String message;
    @JsonPropertyDescription("The metadata.generation this condition was computed from.")
    private Long observedGeneration;
    @JsonPropertyDescription("When status last changed (RFC 3339).")
    private String lastTransitionTime;

    public PresetCondition() {
    }

    public PresetCondition(String type, String status, String reason, String message, Long observedGeneration,
                           String lastTransitionTime) {
        this.type = type;
        this.status = status;
        this.reason = reason;
        this.message = message;
        this.observedGeneration = observedGeneration;
        this.lastTransitionTime = lastTransitionTime;
    }

    public String getType() { return type; }
    public void setType(String type) { this.type = type; }
    public String getStatus() { return status; }
    public void setStatus(String status) { this.status = status; }
    public String getReason() { return reason; }
    public void setReason(String reason) { this.reason = reason; }
    public String getMessage() { return message; }
    public void setMessage(String message) { this.message = message; }
    public Long getObservedGeneration() { return observedGeneration; }
    public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
    public String getLastTransitionTime() { return lastTransitionTime; }
    public void setLastTransitionTime(String lastTransitionTime) { this.lastTransitionTime = lastTransitionTime; }

    @Override
    public boolean equals(Object o) {
        return o instanceof PresetCondition c && Objects.equals(type, c.type) && Objects.equals(status, c.status)
                && Objects.equals(reason, c.reason) && Objects.equals(message, c.message)
                && Objects.equals(observedGeneration, c.observedGeneration)
                && Objects.equals(lastTransitionTime, c.lastTransitionTime);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, status, reason, message, observedGeneration, lastTransitionTime);
    }

    @Override
    public String toString() {
        return type + "=" + status + " (" + reason + ", generation " + observedGeneration + ")";
    }
}
