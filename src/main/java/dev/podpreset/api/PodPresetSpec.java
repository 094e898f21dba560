package dev.podpreset.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.podpreset.api.schema.PresetLabelSelector;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;

import java.util.List;
import java.util.Map;

/**
 * What a preset injects and into which pods. The first five fields after {@code selector} have the
 * JSON names and core v1 types of the removed {@code settings.k8s.io/v1alpha1} PodPreset, so that
 * migrating is a change of {@code apiVersion}; the rest are our extensions.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"selector", "env", "envFrom", "volumes", "volumeMounts", "tolerations", "nodeSelector",
        "imagePullSecrets", "initContainers", "sidecars", "targetContainers", "onConflict"})
// What PresetValidator says, in CEL: an empty list or map counts as absent (CrdAgreementTest holds both to it).
@ValidationRule(value = "(has(self.env) && size(self.env) > 0) || (has(self.envFrom) && size(self.envFrom) > 0)"
        + " || (has(self.volumes) && size(self.volumes) > 0) || (has(self.volumeMounts) && size(self.volumeMounts) > 0)"
        + " || (has(self.tolerations) && size(self.tolerations) > 0) || (has(self.nodeSelector) && size(self.nodeSelector) > 0)"
        + " || (has(self.imagePullSecrets) && size(self.imagePullSecrets) > 0)"
        + " || (has(self.initContainers) && size(self.initContainers) > 0) || (has(self.sidecars) && size(self.sidecars) > 0)",
        message = "must specify at least one of env, envFrom, volumes, volumeMounts, tolerations, nodeSelector,"
                + " imagePullSecrets, initContainers, sidecars")
@ValidationRule(value = "!has(self.volumeMounts) || size(self.volumeMounts) == 0 || (has(self.volumes) && size(self.volumes) > 0)",
        message = "volumeMounts must name volumes of this preset, but volumes is missing")
public class PodPresetSpec {
    /*
     * Upper bounds on list sizes let the API server estimate the cost of CEL rules that iterate over them
     * (without them it assumes the request size limit and refuses such rules); far above real presets.
     */
    static final long MAX_ITEMS = 256;
    static final long MAX_CONTAINERS = 64;
    /** A container name is a DNS label. */
    static final long CONTAINER_NAME_LENGTH = 63;

    @JsonPropertyDescription("Label selector on the pod's labels; absent or empty selects every pod of the preset's namespace.")
    @SchemaFrom(type = PresetLabelSelector.class)
    private LabelSelector selector;
    @JsonPropertyDescription("Environment variables added to the target containers, merged by name; a different value for a name the container already has is a conflict.")
    @Size(max = MAX_ITEMS)
    private List<EnvVar> env;
    @JsonPropertyDescription("envFrom sources added to the target containers, merged by (prefix, configMapRef, secretRef).")
    @Size(max = MAX_ITEMS)
    private List<EnvFromSource> envFrom;
    @JsonPropertyDescription("Volumes added to the pod, merged by name; a different volume under a name the pod already has is a conflict.")
    @Size(max = MAX_ITEMS)
    private List<Volume> volumes;
    @JsonPropertyDescription("Volume mounts added to the target containers, merged by mountPath; each names a volume of this preset.")
    @Size(max = MAX_ITEMS)
    private List<VolumeMount> volumeMounts;
    @JsonPropertyDescription("Tolerations appended to the pod unless an equal one exists.")
    @Size(max = MAX_ITEMS)
    private List<Toleration> tolerations;
    @JsonPropertyDescription("Node selector entries added to the pod, merged by key; a different value for a key the pod already has is a conflict.")
    @Size(max = MAX_ITEMS)
    private Map<String, String> nodeSelector;
    @JsonPropertyDescription("Image pull secrets added to the pod, merged by name.")
    @Size(max = MAX_ITEMS)
    private List<LocalObjectReference> imagePullSecrets;
    @JsonPropertyDescription("Init containers appended after the pod's own; restartPolicy Always makes a native sidecar. A container of the same name that differs is a conflict.")
    @Size(max = MAX_CONTAINERS)
    private List<Container> initContainers;
    @JsonPropertyDescription("Containers appended after the pod's containers. A container of the same name that differs is a conflict.")
    @Size(max = MAX_CONTAINERS)
    private List<Container> sidecars;
    @JsonPropertyDescription("Names of the pod's own containers that receive env, envFrom and volumeMounts; absent means all of them (init containers and sidecars of presets never do).")
    @Size(max = MAX_CONTAINERS)
    private List<@Size(min = 1, max = CONTAINER_NAME_LENGTH) String> targetContainers;
    @JsonPropertyDescription("What a conflict with the pod does: Skip (the default) leaves this preset out, applies the others and warns; Reject refuses the pod.")
    @Default("Skip")
    @PrinterColumn(name = "On-Conflict", priority = 1)
    private OnConflict onConflict;

    public LabelSelector getSelector() { return selector; }
    public void setSelector(LabelSelector selector) { this.selector = selector; }
    public List<EnvVar> getEnv() { return env; }
    public void setEnv(List<EnvVar> env) { this.env = env; }
    public List<EnvFromSource> getEnvFrom() { return envFrom; }
    public void setEnvFrom(List<EnvFromSource> envFrom) { this.envFrom = envFrom; }
    public List<Volume> getVolumes() { return volumes; }
    public void setVolumes(List<Volume> volumes) { this.volumes = volumes; }
    public List<VolumeMount> getVolumeMounts() { return volumeMounts; }
    public void setVolumeMounts(List<VolumeMount> volumeMounts) { this.volumeMounts = volumeMounts; }
    public List<Toleration> getTolerations() { return tolerations; }
    public void setTolerations(List<Toleration> tolerations) { this.tolerations = tolerations; }
    public Map<String, String> getNodeSelector() { return nodeSelector; }
    public void setNodeSelector(Map<String, String> nodeSelector) { this.nodeSelector = nodeSelector; }
    public List<LocalObjectReference> getImagePullSecrets() { return imagePullSecrets; }
    public void setImagePullSecrets(List<LocalObjectReference> imagePullSecrets) { this.imagePullSecrets = imagePullSecrets; }
    public List<Container> getInitContainers() { return initContainers; }
    public void setInitContainers(List<Container> initContainers) { this.initContainers = initContainers; }
    public List<Container> getSidecars() { return sidecars; }
    public void setSidecars(List<Container> sidecars) { this.sidecars = sidecars; }
    public List<@Size(min = 1) String> getTargetContainers() { return targetContainers; }
    public void setTargetContainers(List<String> targetContainers) { this.targetContainers = targetContainers; }
    public OnConflict getOnConflict() { return onConflict; }
    public void setOnConflict(OnConflict onConflict) { this.onConflict = onConflict; }
}
