package dev.podpreset.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.FileKeySelector;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.SecretKeySelector;

/** A preset env variable's {@code valueFrom}: the core v1 sources, and {@code namespaceFieldRef}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef", "fileKeyRef", "namespaceFieldRef"})
@ValidationRule(value = "!has(self.namespaceFieldRef) || (!has(self.fieldRef) && !has(self.resourceFieldRef)"
        + " && !has(self.configMapKeyRef) && !has(self.secretKeyRef) && !has(self.fileKeyRef))",
        message = "namespaceFieldRef excludes every other valueFrom source")
public class PresetEnvVarSource extends KeepsUnknownFields {
    @JsonPropertyDescription("A field of the pod (downward API), as in a container's env.")
    private ObjectFieldSelector fieldRef;
    @JsonPropertyDescription("A resource of a container (downward API), as in a container's env.")
    private ResourceFieldSelector resourceFieldRef;
    @JsonPropertyDescription("A key of a ConfigMap in the pod's namespace, as in a container's env.")
    private ConfigMapKeySelector configMapKeyRef;
    @JsonPropertyDescription("A key of a Secret in the pod's namespace, as in a container's env.")
    private SecretKeySelector secretKeyRef;
    @JsonPropertyDescription("A key of an env file in a volume, as in a container's env.")
    private FileKeySelector fileKeyRef;
    @JsonPropertyDescription("The name, a label or an annotation of the pod's namespace, resolved at admission into a"
            + " plain value; excludes every other source.")
    private NamespaceFieldRef namespaceFieldRef;

    public ObjectFieldSelector getFieldRef() { return fieldRef; }
    public void setFieldRef(ObjectFieldSelector fieldRef) { this.fieldRef = fieldRef; }
    public ResourceFieldSelector getResourceFieldRef() { return resourceFieldRef; }
    public void setResourceFieldRef(ResourceFieldSelector resourceFieldRef) { this.resourceFieldRef = resourceFieldRef; }
    public ConfigMapKeySelector getConfigMapKeyRef() { return configMapKeyRef; }
    public void setConfigMapKeyRef(ConfigMapKeySelector configMapKeyRef) { this.configMapKeyRef = configMapKeyRef; }
    public SecretKeySelector getSecretKeyRef() { return secretKeyRef; }
    public void setSecretKeyRef(SecretKeySelector secretKeyRef) { this.secretKeyRef = secretKeyRef; }
    public FileKeySelector getFileKeyRef() { return fileKeyRef; }
    public void setFileKeyRef(FileKeySelector fileKeyRef) { this.fileKeyRef = fileKeyRef; }
    public NamespaceFieldRef getNamespaceFieldRef() { return namespaceFieldRef; }
    public void setNamespaceFieldRef(NamespaceFieldRef namespaceFieldRef) { this.namespaceFieldRef = namespaceFieldRef; }
}
