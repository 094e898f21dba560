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
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.NodeAffinity;
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
        "imagePullSecrets", "initContainers", "sidecars", "labels", "annotations", "serviceAccountName",
        "automountServiceAccountToken", "runtimeClassName", "nodeAffinity", "targetContainers", "onConflict", "restartWorkloads",
        "envPlacement", "mode", "description"})
// "At least one injected field", in CEL: an empty list or map counts as absent. An annotation needs a constant;
// InjectedFieldsTest holds it to the rule derived from the merge rules, CrdAgreementTest to the validator.
@ValidationRule(value = "(has(self.env) && size(self.env) > 0) || (has(self.envFrom) && size(self.envFrom) > 0)"
        + " || (has(self.volumes) && size(self.volumes) > 0) || (has(self.volumeMounts) && size(self.volumeMounts) > 0)"
        + " || (has(self.tolerations) && size(self.tolerations) > 0) || (has(self.nodeSelector) && size(self.nodeSelector) > 0)"
        + " || (has(self.imagePullSecrets) && size(self.imagePullSecrets) > 0)"
        + " || (has(self.initContainers) && size(self.initContainers) > 0) || (has(self.sidecars) && size(self.sidecars) > 0)"
        + " || (has(self.labels) && size(self.labels) > 0) || (has(self.annotations) && size(self.annotations) > 0)"
        + " || has(self.serviceAccountName) || has(self.automountServiceAccountToken) || has(self.runtimeClassName)"
        + " || has(self.nodeAffinity)",
        message = "must specify at least one of env, envFrom, volumes, volumeMounts, tolerations, nodeSelector,"
                + " imagePullSecrets, initContainers, sidecars, labels, annotations, serviceAccountName,"
                + " automountServiceAccountToken, runtimeClassName, nodeAffinity")
@ValidationRule(value = "!has(self.volumeMounts) || size(self.volumeMounts) == 0 || (has(self.volumes) && size(self.volumes) > 0)",
        message = "volumeMounts must name volumes of this preset, but volumes is missing")
public class PodPresetSpec {
    /*
     * Upper bounds on list sizes let the API server estimate the cost of CEL rules that iterate over them
     * (without them it assumes the request size limit and refuses such rules); far above real presets.
     */
    static final long MAX_ITEMS = 256;
    static final long MAX_CONTAINERS = 64;
    /** Characters of a description, as PodDefault's desc is meant to be: one line for a UI. */
    public static final int MAX_DESCRIPTION = 256;
    /** A container name is a DNS label. */
    static final long CONTAINER_NAME_LENGTH = 63;

    @JsonPropertyDescription("Label selector on the pod's labels; absent or empty selects every pod of the preset's namespace.")
    @SchemaFrom(type = PresetLabelSelector.class)
    private LabelSelector selector;
    @JsonPropertyDescription("Environment variables added to the target containers, merged by name; a different value for a"
            + " name the container already has is a conflict. valueFrom.namespaceFieldRef reads a value from the pod's"
            + " namespace at admission.")
    @Size(max = MAX_ITEMS)
    private List<PresetEnvVar> env;
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
    @JsonPropertyDescription("Labels added to the pod's metadata.labels, merged by key; a different value is a"
            + " conflict. Keys under podpreset.dev/ are reserved.")
    @Size(max = MAX_ITEMS)
    private Map<String, String> labels;
    @JsonPropertyDescription("Annotations added to the pod's metadata.annotations, merged by key; a different value"
            + " is a conflict. Keys under podpreset.dev/ are reserved.")
    @Size(max = MAX_ITEMS)
    private Map<String, String> annotations;
    @JsonPropertyDescription("Service account of the pod, set when the pod's is absent, empty or \"default\";"
            + " another value is a conflict. The deprecated serviceAccount field is kept equal to it.")
    private String serviceAccountName;
    @JsonPropertyDescription("The pod's automountServiceAccountToken, set when the pod has none; a different value"
            + " is a conflict.")
    private Boolean automountServiceAccountToken;
    @JsonPropertyDescription("The pod's runtimeClassName, set when the pod has none; a different value is a conflict.")
    private String runtimeClassName;
    @JsonPropertyDescription("Node affinity added to the pod's: the match expressions and fields of the one required"
            + " term are added to every required term of the pod (one new term when it has none); preferred terms"
            + " are appended unless an equal one exists. Never a conflict.")
    private NodeAffinity nodeAffinity;
    @JsonPropertyDescription("Names of the pod's own containers that receive env, envFrom and volumeMounts; absent means all of them (init containers and sidecars of presets never do).")
    @Size(max = MAX_CONTAINERS)
    private List<@Size(min = 1, max = CONTAINER_NAME_LENGTH) String> targetContainers;
    @JsonPropertyDescription("What a conflict with the pod does: Skip (the default) leaves this preset out, applies the others and warns; Reject refuses the pod.")
    @Default("Skip")
    @PrinterColumn(name = "On-Conflict", priority = 1)
    private OnConflict onConflict;
    @JsonPropertyDescription("Whether the controller restarts Deployments, StatefulSets and DaemonSets whose running pods"
            + " lack this preset's current generation: Never (default, report only), Stale (pods admitted with an older"
            + " generation) or StaleOrMissing (also pods that never received it).")
    @Default("Never")
    private RestartWorkloads restartWorkloads;
    @JsonPropertyDescription("Where this preset's new env variables go in a target container: Append (default) after the"
            + " container's own, Prepend before them, so that the container's own can refer to them as $(VAR)."
            + " Variables of Prepend presets come first in application order, then the container's own, then those of"
            + " Append presets. Merging by name is the same either way; envFrom is not affected.")
    @Default("Append")
    private EnvPlacement envPlacement;
    @JsonPropertyDescription("Enforce (default) applies the preset. Audit never changes a pod: admission records in the pod"
            + " annotation podpreset.dev/audit-<kind>-<name> whether it would apply or conflict if every Audit preset were"
            + " enforced after the enforced ones; it never rejects a pod and adds no warning, whatever onConflict says.")
    @Default("Enforce")
    @PrinterColumn(name = "Mode")
    private PresetMode mode;
    @JsonPropertyDescription("What the preset is for, for people (kubectl get -o wide, podpreset explain); it changes no"
            + " injection.")
    @Size(max = MAX_DESCRIPTION)
    @PrinterColumn(name = "Description", priority = 1)
    private String description;

    public LabelSelector getSelector() { return selector; }
    public void setSelector(LabelSelector selector) { this.selector = selector; }
    public List<PresetEnvVar> getEnv() { return env; }
    public void setEnv(List<PresetEnvVar> env) { this.env = env; }
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
    public Map<String, String> getLabels() { return labels; }
    public void setLabels(Map<String, String> labels) { this.labels = labels; }
    public Map<String, String> getAnnotations() { return annotations; }
    public void setAnnotations(Map<String, String> annotations) { this.annotations = annotations; }
    public String getServiceAccountName() { return serviceAccountName; }
    public void setServiceAccountName(String serviceAccountName) { this.serviceAccountName = serviceAccountName; }
    public Boolean getAutomountServiceAccountToken() { return automountServiceAccountToken; }
    public void setAutomountServiceAccountToken(Boolean automountServiceAccountToken) { this.automountServiceAccountToken = automountServiceAccountToken; }
    public String getRuntimeClassName() { return runtimeClassName; }
    public void setRuntimeClassName(String runtimeClassName) { this.runtimeClassName = runtimeClassName; }
    public NodeAffinity getNodeAffinity() { return nodeAffinity; }
    public void setNodeAffinity(NodeAffinity nodeAffinity) { this.nodeAffinity = nodeAffinity; }
    public List<@Size(min = 1) String> getTargetContainers() { return targetContainers; }
    public void setTargetContainers(List<String> targetContainers) { this.targetContainers = targetContainers; }
    public OnConflict getOnConflict() { return onConflict; }
    public void setOnConflict(OnConflict onConflict) { this.onConflict = onConflict; }
    public RestartWorkloads getRestartWorkloads() { return restartWorkloads; }
    public void setRestartWorkloads(RestartWorkloads restartWorkloads) { this.restartWorkloads = restartWorkloads; }
    public EnvPlacement getEnvPlacement() { return envPlacement; }
    public void setEnvPlacement(EnvPlacement envPlacement) { this.envPlacement = envPlacement; }
    public PresetMode getMode() { return mode; }
    public void setMode(PresetMode mode) { this.mode = mode; }
    public String getDescription() { return description; }
    public void setDescription(String description) { this.description = description; }
}
