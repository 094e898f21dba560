package dev.podpreset.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one validator of PodPresets and ClusterPodPresets, used by every preset source and by the
 * validating webhook. It follows the upstream PodPreset validation (at least one field, mounts name
 * volumes of the same preset) and adds the rules our extensions need. Each violation names the field.
 */
public final class PresetValidator {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> SELECTOR_OPERATORS = Set.of("In", "NotIn", "Exists", "DoesNotExist");
    private static final Set<String> TAINT_EFFECTS = Set.of("", "NoSchedule", "PreferNoSchedule", "NoExecute");

    private PresetValidator() {
    }

    /**
     * @param injectedFields the spec fields that put something into pods (the engine's merge rules list them):
     *                       a preset must set at least one
     */
    public static List<Violation> validate(PodPreset preset, List<InjectedField<?>> injectedFields) {
        List<Violation> out = new ArrayList<>();
        checkMetadata(preset, true, out);
        if (!hasNulls(preset.getSpec(), out)) {
            checkSpec(preset.getSpec(), injectedFields, out);
        }
        return out;
    }

    /** As {@link #validate(PodPreset, List)}, and the namespaceSelector. */
    public static List<Violation> validate(ClusterPodPreset preset, List<InjectedField<?>> injectedFields) {
        List<Violation> out = new ArrayList<>();
        checkMetadata(preset, false, out);
        if (hasNulls(preset.getSpec(), out)) {
            return out;
        }
        checkSpec(preset.getSpec(), injectedFields, out);
        if (preset.getSpec() != null) {
            checkSelector("spec.namespaceSelector", preset.getSpec().getNamespaceSelector(), out);
        }
        return out;
    }

    /** Null list entries and map values, which bound objects can hold; none come from a checked document. */
    private static boolean hasNulls(PodPresetSpec spec, List<Violation> out) {
        return spec != null && PresetShape.nulls("spec", MAPPER.valueToTree(spec), out);
    }

    private static void checkMetadata(HasMetadata preset, boolean namespaced, List<Violation> out) {
        String name = preset.getMetadata() == null ? null : preset.getMetadata().getName();
        if (name == null || name.isEmpty()) {
            out.add(new Violation("metadata.name", "Required value"));
        } else if (!LabelSyntax.isDnsSubdomain(name)) {
            out.add(new Violation("metadata.name", "Invalid value \"" + name + "\": must be a lowercase DNS subdomain"));
        }
        if (namespaced && (preset.getMetadata() == null || isBlank(preset.getMetadata().getNamespace()))) {
            out.add(new Violation("metadata.namespace", "Required value"));
        }
    }

    private static void checkSpec(PodPresetSpec spec, List<InjectedField<?>> injectedFields, List<Violation> out) {
        if (spec == null) {
            out.add(new Violation("spec", "Required value"));
            return;
        }
        if (injectedFields.stream().noneMatch(f -> f.setIn(spec))) {
            out.add(new Violation("spec", InjectedField.noneSetMessage(injectedFields)));
        }
        checkSelector("spec.selector", spec.getSelector(), out);
        checkEnv("spec.env", spec.getEnv(), out);
        checkEnvFrom("spec.envFrom", spec.getEnvFrom(), out);
        Set<String> volumeNames = checkVolumes(spec.getVolumes(), out);
        checkMounts("spec.volumeMounts", spec.getVolumeMounts(), volumeNames, out);
        checkTolerations(spec.getTolerations(), out);
        checkNodeSelector(spec.getNodeSelector(), out);
        checkPullSecrets(spec.getImagePullSecrets(), out);
        Set<String> containerNames = new HashSet<>();
        checkContainers("spec.initContainers", spec.getInitContainers(), true, containerNames, out);
        checkContainers("spec.sidecars", spec.getSidecars(), false, containerNames, out);
        checkTargets(spec.getTargetContainers(), out);
        PodFieldChecks.check(spec, out);
    }

    public static void checkSelector(String path, LabelSelector selector, List<Violation> out) {
        if (selector == null) {
            return;
        }
        if (selector.getMatchLabels() != null) {
            selector.getMatchLabels().forEach((k, v) -> {
                String keyProblem = LabelSyntax.checkKey(k);
                if (keyProblem != null) {
                    out.add(new Violation(path + ".matchLabels", "Invalid key \"" + k + "\": " + keyProblem));
                }
                String valueProblem = v == null ? "Required value" : LabelSyntax.checkValue(v);
                if (valueProblem != null) {
                    out.add(new Violation(path + ".matchLabels[" + k + "]", v == null ? valueProblem
                            : "Invalid value \"" + v + "\": " + valueProblem));
                }
            });
        }
        List<LabelSelectorRequirement> expressions = selector.getMatchExpressions();
        for (int i = 0; expressions != null && i < expressions.size(); i++) {
            LabelSelectorRequirement r = expressions.get(i);
            String at = path + ".matchExpressions[" + i + "]";
            if (r == null) {
                out.add(new Violation(at, "Required value"));
                continue;
            }
            String keyProblem = LabelSyntax.checkKey(r.getKey());
            if (keyProblem != null) {
                out.add(new Violation(at + ".key", "Invalid value \"" + r.getKey() + "\": " + keyProblem));
            }
            String op = r.getOperator();
            boolean hasValues = r.getValues() != null && !r.getValues().isEmpty();
            if (op == null || op.isEmpty()) {
                out.add(new Violation(at + ".operator", "Required value: supported values: In, NotIn, Exists, DoesNotExist"));
            } else if (!SELECTOR_OPERATORS.contains(op)) {
                out.add(new Violation(at + ".operator", "Unsupported value \"" + op + "\": supported values: In, NotIn, Exists, DoesNotExist"));
            } else if ((op.equals("In") || op.equals("NotIn")) && !hasValues) {
                out.add(new Violation(at + ".values", "Required value: must be specified when operator is " + op));
            } else if ((op.equals("Exists") || op.equals("DoesNotExist")) && hasValues) {
                out.add(new Violation(at + ".values", "Forbidden: may not be specified when operator is " + op));
            }
            for (int j = 0; hasValues && j < r.getValues().size(); j++) {
                String valueProblem = r.getValues().get(j) == null ? "must not be null" : LabelSyntax.checkValue(r.getValues().get(j));
                if (valueProblem != null) {
                    out.add(new Violation(at + ".values[" + j + "]", "Invalid value \"" + r.getValues().get(j) + "\": " + valueProblem));
                }
            }
        }
    }

    private static void checkEnv(String path, List<EnvVar> env, List<Violation> out) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; env != null && i < env.size(); i++) {
            EnvVar e = env.get(i);
            String at = path + "[" + i + "]";
            if (e == null || isBlank(e.getName())) {
                out.add(new Violation(at + ".name", "Required value"));
                continue;
            }
            if (e.getName().contains("=")) {
                out.add(new Violation(at + ".name", "Invalid value \"" + e.getName() + "\": must not contain '='"));
            }
            if (!seen.add(e.getName())) {
                out.add(new Violation(at + ".name", "Duplicate value \"" + e.getName() + "\""));
            }
            if (e.getValueFrom() != null) {
                if (e.getValue() != null && !e.getValue().isEmpty()) {
                    out.add(new Violation(at + ".valueFrom", "Invalid value: may not be specified when `value` is not empty"));
                }
                int sources = countFields(e.getValueFrom());
                if (sources != 1) {
                    out.add(new Violation(at + ".valueFrom", "Invalid value: must specify exactly one of fieldRef, resourceFieldRef, configMapKeyRef, secretKeyRef"));
                }
            }
        }
    }

    private static void checkEnvFrom(String path, List<EnvFromSource> envFrom, List<Violation> out) {
        Set<List<String>> seen = new HashSet<>();
        for (int i = 0; envFrom != null && i < envFrom.size(); i++) {
            EnvFromSource e = envFrom.get(i);
            String at = path + "[" + i + "]";
            if (e == null) {
                out.add(new Violation(at, "Required value"));
                continue;
            }
            String cm = e.getConfigMapRef() == null ? null : e.getConfigMapRef().getName();
            String secret = e.getSecretRef() == null ? null : e.getSecretRef().getName();
            if ((e.getConfigMapRef() == null) == (e.getSecretRef() == null)) {
                out.add(new Violation(at, "Invalid value: must specify exactly one of configMapRef, secretRef"));
            } else if (isBlank(cm) && isBlank(secret)) {
                out.add(new Violation(at + (e.getConfigMapRef() != null ? ".configMapRef.name" : ".secretRef.name"), "Required value"));
            }
            if (!seen.add(java.util.Arrays.asList(e.getPrefix(), cm, secret))) {
                out.add(new Violation(at, "Duplicate value: same prefix and source as an earlier entry"));
            }
        }
    }

    private static Set<String> checkVolumes(List<Volume> volumes, List<Violation> out) {
        Set<String> names = new HashSet<>();
        for (int i = 0; volumes != null && i < volumes.size(); i++) {
            Volume v = volumes.get(i);
            String at = "spec.volumes[" + i + "]";
            if (v == null || isBlank(v.getName())) {
                out.add(new Violation(at + ".name", "Required value"));
                continue;
            }
            if (!LabelSyntax.isDnsLabel(v.getName())) {
                out.add(new Violation(at + ".name", "Invalid value \"" + v.getName() + "\": must be a lowercase DNS label"));
            }
            if (!names.add(v.getName())) {
                out.add(new Violation(at + ".name", "Duplicate value \"" + v.getName() + "\""));
            }
            if (countFields(v) - 1 > 1) {
                out.add(new Violation(at, "Forbidden: may not specify more than 1 volume type"));
            }
        }
        return names;
    }

    private static void checkMounts(String path, List<VolumeMount> mounts, Set<String> volumeNames, List<Violation> out) {
        Set<String> names = new HashSet<>();
        Set<String> paths = new HashSet<>();
        for (int i = 0; mounts != null && i < mounts.size(); i++) {
            VolumeMount m = mounts.get(i);
            String at = path + "[" + i + "]";
            if (m == null || isBlank(m.getName())) {
                out.add(new Violation(at + ".name", "Required value"));
                continue;
            }
            if (volumeNames != null && !volumeNames.contains(m.getName())) {
                out.add(new Violation(at + ".name", "Not found: \"" + m.getName() + "\" is not a volume of this preset"));
            }
            if (!names.add(m.getName())) {
                out.add(new Violation(at + ".name", "Duplicate value \"" + m.getName() + "\""));
            }
            if (isBlank(m.getMountPath())) {
                out.add(new Violation(at + ".mountPath", "Required value"));
            } else if (!paths.add(m.getMountPath())) {
                out.add(new Violation(at + ".mountPath", "Duplicate value \"" + m.getMountPath() + "\""));
            }
        }
    }

    private static void checkTolerations(List<Toleration> tolerations, List<Violation> out) {
        for (int i = 0; tolerations != null && i < tolerations.size(); i++) {
            Toleration t = tolerations.get(i);
            String at = "spec.tolerations[" + i + "]";
            if (t == null) {
                out.add(new Violation(at, "Required value"));
                continue;
            }
            String op = t.getOperator() == null || t.getOperator().isEmpty() ? "Equal" : t.getOperator();
            if (!op.equals("Equal") && !op.equals("Exists")) {
                out.add(new Violation(at + ".operator", "Unsupported value \"" + op + "\": supported values: Equal, Exists"));
            }
            if (op.equals("Exists") && !isBlank(t.getValue())) {
                out.add(new Violation(at + ".value", "Invalid value: must be empty when operator is Exists"));
            }
            if (isBlank(t.getKey()) && !op.equals("Exists")) {
                out.add(new Violation(at + ".operator", "Invalid value: operator must be Exists when key is empty"));
            } else if (!isBlank(t.getKey()) && LabelSyntax.checkKey(t.getKey()) != null) {
                out.add(new Violation(at + ".key", "Invalid value \"" + t.getKey() + "\": " + LabelSyntax.checkKey(t.getKey())));
            }
            String effect = t.getEffect() == null ? "" : t.getEffect();
            if (!TAINT_EFFECTS.contains(effect)) {
                out.add(new Violation(at + ".effect", "Unsupported value \"" + effect + "\": supported values: NoSchedule, PreferNoSchedule, NoExecute"));
            } else if (t.getTolerationSeconds() != null && !effect.equals("NoExecute")) {
                out.add(new Violation(at + ".tolerationSeconds", "Invalid value: effect must be NoExecute when tolerationSeconds is set"));
            }
        }
    }

    private static void checkNodeSelector(Map<String, String> nodeSelector, List<Violation> out) {
        if (nodeSelector == null) {
            return;
        }
        nodeSelector.forEach((k, v) -> {
            String keyProblem = LabelSyntax.checkKey(k);
            if (keyProblem != null) {
                out.add(new Violation("spec.nodeSelector", "Invalid key \"" + k + "\": " + keyProblem));
            }
            String valueProblem = v == null ? "must not be null" : LabelSyntax.checkValue(v);
            if (valueProblem != null) {
                out.add(new Violation("spec.nodeSelector[" + k + "]", "Invalid value \"" + v + "\": " + valueProblem));
            }
        });
    }

    private static void checkPullSecrets(List<LocalObjectReference> secrets, List<Violation> out) {
        Set<String> names = new HashSet<>();
        for (int i = 0; secrets != null && i < secrets.size(); i++) {
            LocalObjectReference s = secrets.get(i);
            String at = "spec.imagePullSecrets[" + i + "].name";
            if (s == null || isBlank(s.getName())) {
                out.add(new Violation(at, "Required value"));
            } else if (!names.add(s.getName())) {
                out.add(new Violation(at, "Duplicate value \"" + s.getName() + "\""));
            }
        }
    }

    private static void checkContainers(String path, List<Container> containers, boolean init, Set<String> names,
                                        List<Violation> out) {
        for (int i = 0; containers != null && i < containers.size(); i++) {
            Container c = containers.get(i);
            String at = path + "[" + i + "]";
            if (c == null) {
                out.add(new Violation(at, "Required value"));
                continue;
            }
            if (isBlank(c.getName())) {
                out.add(new Violation(at + ".name", "Required value"));
            } else if (!LabelSyntax.isDnsLabel(c.getName())) {
                out.add(new Violation(at + ".name", "Invalid value \"" + c.getName() + "\": must be a lowercase DNS label"));
            } else if (!names.add(c.getName())) {
                out.add(new Violation(at + ".name", "Duplicate value \"" + c.getName() + "\": container names must be unique across initContainers and sidecars"));
            }
            if (isBlank(c.getImage())) {
                out.add(new Violation(at + ".image", "Required value"));
            }
            if (c.getRestartPolicy() != null) {
                if (!init) {
                    out.add(new Violation(at + ".restartPolicy", "Forbidden: only init containers may set restartPolicy"));
                } else if (!c.getRestartPolicy().equals("Always")) {
                    out.add(new Violation(at + ".restartPolicy", "Unsupported value \"" + c.getRestartPolicy() + "\": supported values: Always"));
                }
            }
            checkEnv(at + ".env", c.getEnv(), out);
            checkEnvFrom(at + ".envFrom", c.getEnvFrom(), out);
            checkMounts(at + ".volumeMounts", c.getVolumeMounts(), null, out);
        }
    }

    private static void checkTargets(List<String> targets, List<Violation> out) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; targets != null && i < targets.size(); i++) {
            String t = targets.get(i);
            String at = "spec.targetContainers[" + i + "]";
            if (isBlank(t)) {
                out.add(new Violation(at, "Required value"));
            } else if (!seen.add(t)) {
                out.add(new Violation(at, "Duplicate value \"" + t + "\""));
            }
        }
    }

    /** Counts the set fields of a core object, unknown (newer) fields included. */
    private static int countFields(Object coreObject) {
        JsonNode node = MAPPER.valueToTree(coreObject);
        int n = 0;
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
            if (!it.next().isNull()) {
                n++;
            }
        }
        return n;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
