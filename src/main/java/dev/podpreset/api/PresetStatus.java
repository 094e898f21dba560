package dev.podpreset.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What the controller observed of a preset: whether it is valid and how the running pods stand with it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"observedGeneration", "conditions", "pods", "lastConflict"})
public class PresetStatus {
    @JsonPropertyDescription("The metadata.generation this status was computed from.")
    private Long observedGeneration;
    @JsonPropertyDescription("Ready: True when the spec is valid and served; False with reason Invalid and the field errors.")
    private List<PresetCondition> conditions = new ArrayList<>();
    @JsonPropertyDescription("Running pods this preset selects, by annotation state; absent while the preset is invalid.")
    private PresetPodCounts pods;
    @JsonPropertyDescription("The newest counted pod that admission skipped this preset for (for an audit preset: that"
            + " records at the current generation that it would conflict); absent when there is none.")
    private PresetConflict lastConflict;

    public Long getObservedGeneration() { return observedGeneration; }
    public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
    public List<PresetCondition> getConditions() { return conditions; }
    public void setConditions(List<PresetCondition> conditions) { this.conditions = conditions; }
    public PresetPodCounts getPods() { return pods; }
    public void setPods(PresetPodCounts pods) { this.pods = pods; }
    public PresetConflict getLastConflict() { return lastConflict; }
    public void setLastConflict(PresetConflict lastConflict) { this.lastConflict = lastConflict; }

    /** The condition of this type, or null. */
    @JsonIgnore
    public PresetCondition condition(String type) {
        if (conditions == null) {
            return null;
        }
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PresetStatus s && Objects.equals(observedGeneration, s.observedGeneration)
                && Objects.equals(conditions, s.conditions) && Objects.equals(pods, s.pods)
                && Objects.equals(lastConflict, s.lastConflict);
    }

    @Override
    public int hashCode() {
        return Objects.hash(observedGeneration, conditions, pods, lastConflict);
    }

    @Override
    public String toString() {
        return "generation " + observedGeneration + " " + conditions + " " + pods;
    }
}
