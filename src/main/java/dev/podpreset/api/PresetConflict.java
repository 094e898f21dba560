package dev.podpreset.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Objects;

/** The newest counted pod that carries this preset's skipped annotation. */
@JsonPropertyOrder({"pod", "time", "message"})
public class PresetConflict {
    @JsonPropertyDescription("The pod, as namespace/name.")
    private String pod;
    @JsonPropertyDescription("The pod's creation time (RFC 3339): when admission skipped the preset.")
    private String time;
    @JsonPropertyDescription("The conflict, as recorded on the pod.")
    private String message;

    public PresetConflict() {
    }

    public PresetConflict(String pod, String time, String message) {
        this.pod = pod;
        this.time = time;
        this.message = message;
    }

    public String getPod() { return pod; }
    public void setPod(String pod) { this.pod = pod; }
    public String getTime() { return time; }
    public void setTime(String time) { this.time = time; }
    public String getMessage() { return message; }
    public void setMessage(String message) { this.message = message; }

    @Override
    public boolean equals(Object o) {
        return o instanceof PresetConflict c && Objects.equals(pod, c.pod) && Objects.equals(time, c.time)
                && Objects.equals(message, c.message);
    }

    @Override
    public int hashCode() {
        return Objects.hash(pod, time, message);
    }
}
