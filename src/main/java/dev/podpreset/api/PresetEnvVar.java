package dev.podpreset.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Required;

/** One of a preset's env variables: a container's EnvVar whose {@code valueFrom} may also read the namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "value", "valueFrom"})
public class PresetEnvVar extends KeepsUnknownFields {
    @JsonPropertyDescription("The variable's name; a container that has it already must have it with the same value.")
    @Required
    private String name;
    @JsonPropertyDescription("The value; $(VAR) refers to variables defined earlier in the container's env.")
    private String value;
    @JsonPropertyDescription("Where the value comes from instead of value.")
    private PresetEnvVarSource valueFrom;

    public PresetEnvVar() {
    }

    public PresetEnvVar(String name, String value) {
        this.name = name;
        this.value = value;
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getValue() { return value; }
    public void setValue(String value) { this.value = value; }
    public PresetEnvVarSource getValueFrom() { return valueFrom; }
    public void setValueFrom(PresetEnvVarSource valueFrom) { this.valueFrom = valueFrom; }
}
