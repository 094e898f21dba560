package dev.podpreset.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.crd.generator.annotation.PrinterColumn;
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
@ValidationRule(value = "has(self.env) || has(self.envFrom) || has(self.volumes) || has(self.volumeMounts)"
        + " || has(self.tolerations) || has(self.nodeSelector) || has(self.imagePullSecrets)"
        + " || has(self.initContainers) || has(self.sidecars)",
        message = "must specify at least one of env, envFrom, volumes, volumeMounts, tolerations, nodeSelector,"
                + " imagePullSecrets, initContainers, sidecars")
@ValidationRule(value = "!has(self.volumeMounts) || size(self.volumeMounts) == 0 || has(self.volumes)",
        message = "volumeMounts must name volumes of this preset, but volumes is missing")
public class PodPresetSpec {

    /** Label selector on the pod's labels; absent or empty selects every pod. */
    private LabelSelector selector;
    /** Environment variables for the target containers, merged by name. */
    private List<EnvVar> env;
    /** envFrom sources for the target containers, merged by (prefix, configMapRef, secretRef). */
    private List<EnvFromSource> envFrom;
    /** Volumes added to the pod, merged by name. */
    private List<Volume> volumes;
    /** Mounts for the target containers; each names a volume of this preset. */
    private List<VolumeMount> volumeMounts;
    /** Tolerations appended unless an equal one exists. */
    private List<Toleration> tolerations;
    /** Node selector entries merged by key. */
    private Map<String, String> nodeSelector;
    /** Image pull secrets merged by name. */
    private List<LocalObjectReference> imagePullSecrets;
    /** Init containers appended after the pod's own; restartPolicy Always makes a native sidecar. */
    private List<Container> initContainers;
    /** Containers appended after the pod's containers. */
    private List<Container> sidecars;
    /** Names of the pod's own containers that receive env, envFrom and volumeMounts; absent means all. */
    private List<@Size(min = 1) String> targetContainers;
    /** Skip (default) or Reject on conflict. */
    @PrinterColumn(name = "On-Conflict")
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
