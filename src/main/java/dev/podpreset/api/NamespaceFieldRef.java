package dev.podpreset.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.podpreset.api.schema.PresetLabelSelector;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * An env value read from the pod's namespace at admission ({@code valueFrom.namespaceFieldRef}), which the
 * downward API cannot do: the pod receives a plain value. {@link NamespaceFieldPath} reads {@code fieldPath}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"fieldPath", "default"})
public class NamespaceFieldRef {
    /** What the CRD admits; the validator also checks the key's syntax (the schema cannot split prefix and name). */
    static final String FIELD_PATH = "^metadata\\.name$|^metadata\\.(labels|annotations)\\['"
            + PresetLabelSelector.KEY_SYNTAX + "'\\]$";

    @JsonPropertyDescription("metadata.name, metadata.labels['<key>'] or metadata.annotations['<key>'] of the pod's"
            + " namespace, read when the pod is admitted.")
    @Required
    @Pattern(FIELD_PATH)
    private String fieldPath;
    @JsonProperty("default")
    @JsonPropertyDescription("The value when the namespace has no such label or annotation; without it, a missing one"
            + " is a conflict of the preset.")
    private String defaultValue;

    public String getFieldPath() { return fieldPath; }
    public void setFieldPath(String fieldPath) { this.fieldPath = fieldPath; }
    public String getDefaultValue() { return defaultValue; }
    public void setDefaultValue(String defaultValue) { this.defaultValue = defaultValue; }
}
