package dev.podpreset.api;

import com.fasterxml.jackson.databind.JsonNode;
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

import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one validator of PodPresets and ClusterPodPresets, used by every preset source and by the
 * validating webhook. It follows the upstream PodPreset validation (at least one field, mounts name
 * volumes of the same preset) and adds the rules our extensions need. Each violation names the field;
 * {@link Violations} words it.
 */
public final class PresetValidator {
    private static final String CONTAINER_ENV_SOURCES = "fieldRef, resourceFieldRef, configMapKeyRef, secretKeyRef";
    private static final List<String> SELECTOR_OPERATORS = List.of("In", "NotIn", "Exists", "DoesNotExist");
    private static final List<String> TOLERATION_OPERATORS = List.of("Equal", "Exists");
    private static final List<String> TAINT_EFFECTS = List.of("NoSchedule", "PreferNoSchedule", "NoExecute");

    private PresetValidator() {
    }

    /**
     * @param injectedFields the spec fields that put something into pods (the engine's merge rules list them):
     *                       a preset must set at least one
     */
    public static List<Violation> validate(PodPreset preset, List<InjectedField<?>> injectedFields) {
        return validate(preset, SpecJson.of(preset.getSpec()), injectedFields);
    }

    /**
     * As {@link #validate(PodPreset, List)}, with the preset's spec as JSON ({@link SpecJson#of}), which its caller
     * reads too.
     */
    public static List<Violation> validate(PodPreset preset, JsonNode specJson, List<InjectedField<?>> injectedFields) {
        Violations out = new Violations();
        checkMetadata(preset, true, out);
        if (!hasNulls(specJson, out)) {
            checkSpec(preset.getSpec(), specJson, injectedFields, out);
        }
        return out.list();
    }

    /** As {@link #validate(PodPreset, List)}, and the namespaceSelector. */
    public static List<Violation> validate(ClusterPodPreset preset, List<InjectedField<?>> injectedFields) {
        return validate(preset, SpecJson.of(preset.getSpec()), injectedFields);
    }

    /** As {@link #validate(ClusterPodPreset, List)}, with the preset's spec as JSON ({@link SpecJson#of}). */
    public static List<Violation> validate(ClusterPodPreset preset, JsonNode specJson,
                                           List<InjectedField<?>> injectedFields) {
        Violations out = new Violations();
        checkMetadata(preset, false, out);
        if (hasNulls(specJson, out)) {
            return out.list();
        }
        checkSpec(preset.getSpec(), specJson, injectedFields, out);
        if (preset.getSpec() != null) {
            checkSelector("spec.namespaceSelector", preset.getSpec().getNamespaceSelector(), out);
        }
        return out.list();
    }

    /** Null list entries and map values, which bound objects can hold; none come from a checked document. */
    private static boolean hasNulls(JsonNode specJson, Violations out) {
        if (specJson.isMissingNode()) {
            return false;
        }
        List<Violation> nulls = PresetShape.nulls("spec", specJson);
        nulls.forEach(out::add);
        return !nulls.isEmpty();
    }

    private static void checkMetadata(HasMetadata preset, boolean namespaced, Violations out) {
        String name = preset.getMetadata() == null ? null : preset.getMetadata().getName();
        if (name == null || name.isEmpty()) {
            out.required("metadata.name");
        } else if (!LabelSyntax.isDnsSubdomain(name)) {
            out.invalid("metadata.name", name, "must be a lowercase DNS subdomain");
        }
        if (namespaced && (preset.getMetadata() == null || isBlank(preset.getMetadata().getNamespace()))) {
            out.required("metadata.namespace");
        }
    }

    private static void checkSpec(PodPresetSpec spec, JsonNode specJson, List<InjectedField<?>> injectedFields,
                                  Violations out) {
        if (spec == null) {
            out.required("spec");
            return;
        }
        if (injectedFields.stream().noneMatch(f -> f.setIn(spec))) {
            out.add(new Violation("spec", Violation.Type.REQUIRED, InjectedField.noneSetMessage(injectedFields)));
        }
        checkSelector("spec.selector", spec.getSelector(), out);
        checkEnv("spec.env", spec.getEnv() == null ? null : spec.getEnv().stream().map(Variable::of).toList(),
                specJson.path("env"), CONTAINER_ENV_SOURCES + ", namespaceFieldRef", out);
        checkEnvFrom("spec.envFrom", spec.getEnvFrom(), out);
        Set<String> volumeNames = checkVolumes(spec.getVolumes(), specJson.path("volumes"), out);
        checkMounts("spec.volumeMounts", spec.getVolumeMounts(), volumeNames, out);
        checkTolerations(spec.getTolerations(), out);
        checkNodeSelector(spec.getNodeSelector(), out);
        checkPullSecrets(spec.getImagePullSecrets(), out);
        Set<String> containerNames = new HashSet<>();
        checkContainers("spec.initContainers", spec.getInitContainers(), specJson.path("initContainers"), true,
                containerNames, out);
        checkContainers("spec.sidecars", spec.getSidecars(), specJson.path("sidecars"), false, containerNames, out);
        checkTargets(spec.getTargetContainers(), out);
        if (spec.getDescription() != null
                && spec.getDescription().codePointCount(0, spec.getDescription().length()) > PodPresetSpec.MAX_DESCRIPTION) {
            out.tooLong("spec.description", PodPresetSpec.MAX_DESCRIPTION);
        }
        PodFieldChecks.check(spec, out);
    }

    /** A LabelSelector at {@code path}: label syntax, operators and the values each operator needs. */
    public static void checkSelector(String path, LabelSelector selector, Violations out) {
        if (selector == null) {
            return;
        }
        if (selector.getMatchLabels() != null) {
            selector.getMatchLabels().forEach((k, v) -> {
                String keyProblem = LabelSyntax.checkKey(k);
                if (keyProblem != null) {
                    out.invalidKey(path + ".matchLabels", k, keyProblem);
                }
                if (v == null) {
                    out.required(path + ".matchLabels[" + k + "]");
                } else if (LabelSyntax.checkValue(v) != null) {
                    out.invalid(path + ".matchLabels[" + k + "]", v, LabelSyntax.checkValue(v));
                }
            });
        }
        List<LabelSelectorRequirement> expressions = selector.getMatchExpressions();
        for (int i = 0; expressions != null && i < expressions.size(); i++) {
            LabelSelectorRequirement r = expressions.get(i);
            String at = path + ".matchExpressions[" + i + "]";
            if (r == null) {
                out.required(at);
                continue;
            }
            String keyProblem = LabelSyntax.checkKey(r.getKey());
            if (keyProblem != null) {
                out.invalid(at + ".key", r.getKey(), keyProblem);
            }
            String op = r.getOperator();
            boolean hasValues = r.getValues() != null && !r.getValues().isEmpty();
            if (op == null || op.isEmpty()) {
                out.required(at + ".operator", "supported values: " + String.join(", ", SELECTOR_OPERATORS));
            } else if (!SELECTOR_OPERATORS.contains(op)) {
                out.notSupported(at + ".operator", op, SELECTOR_OPERATORS);
            } else if ((op.equals("In") || op.equals("NotIn")) && !hasValues) {
                out.required(at + ".values", "must be specified when operator is " + op);
            } else if ((op.equals("Exists") || op.equals("DoesNotExist")) && hasValues) {
                out.forbidden(at + ".values", "may not be specified when operator is " + op);
            }
            for (int j = 0; hasValues && j < r.getValues().size(); j++) {
                String value = r.getValues().get(j);
                String valueProblem = value == null ? "must not be null" : LabelSyntax.checkValue(value);
                if (valueProblem != null) {
                    out.invalid(at + ".values[" + j + "]", value, valueProblem);
                }
            }
        }
    }

    /** One env variable, of a container or of the preset; {@code fromNamespace} only in the preset's own env. */
    private record Variable(String name, String value, Object valueFrom, NamespaceFieldRef fromNamespace) {
        static Variable of(EnvVar e) {
            return e == null ? null : new Variable(e.getName(), e.getValue(), e.getValueFrom(), null);
        }

        static Variable of(PresetEnvVar e) {
            return e == null ? null : new Variable(e.getName(), e.getValue(), e.getValueFrom(),
                    e.getValueFrom() == null ? null : e.getValueFrom().getNamespaceFieldRef());
        }
    }

    /** {@code envJson}: the same variables as JSON, an array of the spec's tree. */
    private static void checkEnv(String path, List<Variable> env, JsonNode envJson, String sources, Violations out) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; env != null && i < env.size(); i++) {
            Variable e = env.get(i);
            String at = path + "[" + i + "]";
            if (e == null || isBlank(e.name())) {
                out.required(at + ".name");
                continue;
            }
            if (e.name().contains("=")) {
                out.invalid(at + ".name", e.name(), "must not contain '='");
            }
            if (!seen.add(e.name())) {
                out.duplicate(at + ".name", e.name());
            }
            if (e.valueFrom() != null) {
                if (e.value() != null && !e.value().isEmpty()) {
                    out.invalid(at + ".valueFrom", "may not be specified when `value` is not empty");
                }
                if (countFields(envJson.path(i).path("valueFrom")) != 1) {
                    out.invalid(at + ".valueFrom", "must specify exactly one of " + sources);
                }
            }
            if (e.fromNamespace() != null) {
                checkNamespaceFieldPath(at + ".valueFrom.namespaceFieldRef.fieldPath", e.fromNamespace().getFieldPath(), out);
            }
        }
    }

    private static void checkNamespaceFieldPath(String path, String fieldPath, Violations out) {
        if (isBlank(fieldPath)) {
            out.required(path);
            return;
        }
        NamespaceFieldPath parsed = NamespaceFieldPath.parse(fieldPath);
        if (parsed == null) {
            out.notSupported(path, fieldPath, List.of("metadata.name", "metadata.labels['<key>']",
                    "metadata.annotations['<key>']"));
        } else if (parsed.source() != NamespaceFieldPath.Source.NAME && LabelSyntax.checkKey(parsed.key()) != null) {
            out.invalid(path, fieldPath, parsed.source().word() + " key \"" + parsed.key() + "\": "
                    + LabelSyntax.checkKey(parsed.key()));
        }
    }

    private static void checkEnvFrom(String path, List<EnvFromSource> envFrom, Violations out) {
        Set<List<String>> seen = new HashSet<>();
        for (int i = 0; envFrom != null && i < envFrom.size(); i++) {
            EnvFromSource e = envFrom.get(i);
            String at = path + "[" + i + "]";
            if (e == null) {
                out.required(at);
                continue;
            }
            String cm = e.getConfigMapRef() == null ? null : e.getConfigMapRef().getName();
            String secret = e.getSecretRef() == null ? null : e.getSecretRef().getName();
            if ((e.getConfigMapRef() == null) == (e.getSecretRef() == null)) {
                out.invalid(at, "must specify exactly one of configMapRef, secretRef");
            } else if (isBlank(cm) && isBlank(secret)) {
                out.required(at + (e.getConfigMapRef() != null ? ".configMapRef.name" : ".secretRef.name"));
            }
            if (!seen.add(Arrays.asList(e.getPrefix(), cm, secret))) {
                out.duplicateEntry(at, "same prefix and source as an earlier entry");
            }
        }
    }

    /** {@code volumesJson}: the same volumes as JSON, an array of the spec's tree. */
    private static Set<String> checkVolumes(List<Volume> volumes, JsonNode volumesJson, Violations out) {
        Set<String> names = new HashSet<>();
        for (int i = 0; volumes != null && i < volumes.size(); i++) {
            Volume v = volumes.get(i);
            String at = "spec.volumes[" + i + "]";
            if (v == null || isBlank(v.getName())) {
                out.required(at + ".name");
                continue;
            }
            if (!LabelSyntax.isDnsLabel(v.getName())) {
                out.invalid(at + ".name", v.getName(), "must be a lowercase DNS label");
            }
            if (!names.add(v.getName())) {
                out.duplicate(at + ".name", v.getName());
            }
            if (countFields(volumesJson.path(i)) - 1 > 1) {
                out.forbidden(at, "may not specify more than 1 volume type");
            }
        }
        return names;
    }

    private static void checkMounts(String path, List<VolumeMount> mounts, Set<String> volumeNames, Violations out) {
        Set<String> names = new HashSet<>();
        Set<String> paths = new HashSet<>();
        for (int i = 0; mounts != null && i < mounts.size(); i++) {
            VolumeMount m = mounts.get(i);
            String at = path + "[" + i + "]";
            if (m == null || isBlank(m.getName())) {
                out.required(at + ".name");
                continue;
            }
            if (volumeNames != null && !volumeNames.contains(m.getName())) {
                out.notFound(at + ".name", m.getName(), "is not a volume of this preset");
            }
            if (!names.add(m.getName())) {
                out.duplicate(at + ".name", m.getName());
            }
            if (isBlank(m.getMountPath())) {
                out.required(at + ".mountPath");
            } else if (!paths.add(m.getMountPath())) {
                out.duplicate(at + ".mountPath", m.getMountPath());
            }
        }
    }

    private static void checkTolerations(List<Toleration> tolerations, Violations out) {
        for (int i = 0; tolerations != null && i < tolerations.size(); i++) {
            Toleration t = tolerations.get(i);
            String at = "spec.tolerations[" + i + "]";
            if (t == null) {
                out.required(at);
                continue;
            }
            String op = t.getOperator() == null || t.getOperator().isEmpty() ? "Equal" : t.getOperator();
            if (!TOLERATION_OPERATORS.contains(op)) {
                out.notSupported(at + ".operator", op, TOLERATION_OPERATORS);
            }
            if (op.equals("Exists") && !isBlank(t.getValue())) {
                out.invalid(at + ".value", "must be empty when operator is Exists");
            }
            if (isBlank(t.getKey()) && !op.equals("Exists")) {
                out.invalid(at + ".operator", "operator must be Exists when key is empty");
            } else if (!isBlank(t.getKey()) && LabelSyntax.checkKey(t.getKey()) != null) {
                out.invalid(at + ".key", t.getKey(), LabelSyntax.checkKey(t.getKey()));
            }
            String effect = t.getEffect() == null ? "" : t.getEffect();
            if (!effect.isEmpty() && !TAINT_EFFECTS.contains(effect)) {
                out.notSupported(at + ".effect", effect, TAINT_EFFECTS);
            } else if (t.getTolerationSeconds() != null && !effect.equals("NoExecute")) {
                out.invalid(at + ".tolerationSeconds", "effect must be NoExecute when tolerationSeconds is set");
            }
        }
    }

    private static void checkNodeSelector(Map<String, String> nodeSelector, Violations out) {
        if (nodeSelector == null) {
            return;
        }
        nodeSelector.forEach((k, v) -> {
            String keyProblem = LabelSyntax.checkKey(k);
            if (keyProblem != null) {
                out.invalidKey("spec.nodeSelector", k, keyProblem);
            }
            String valueProblem = v == null ? "must not be null" : LabelSyntax.checkValue(v);
            if (valueProblem != null) {
                out.invalid("spec.nodeSelector[" + k + "]", v, valueProblem);
            }
        });
    }

    private static void checkPullSecrets(List<LocalObjectReference> secrets, Violations out) {
        Set<String> names = new HashSet<>();
        for (int i = 0; secrets != null && i < secrets.size(); i++) {
            LocalObjectReference s = secrets.get(i);
            String at = "spec.imagePullSecrets[" + i + "].name";
            if (s == null || isBlank(s.getName())) {
                out.required(at);
            } else if (!names.add(s.getName())) {
                out.duplicate(at, s.getName());
            }
        }
    }

    /** {@code containersJson}: the same containers as JSON, an array of the spec's tree. */
    private static void checkContainers(String path, List<Container> containers, JsonNode containersJson, boolean init,
                                        Set<String> names, Violations out) {
        for (int i = 0; containers != null && i < containers.size(); i++) {
            Container c = containers.get(i);
            String at = path + "[" + i + "]";
            if (c == null) {
                out.required(at);
                continue;
            }
            if (isBlank(c.getName())) {
                out.required(at + ".name");
            } else if (!LabelSyntax.isDnsLabel(c.getName())) {
                out.invalid(at + ".name", c.getName(), "must be a lowercase DNS label");
            } else if (!names.add(c.getName())) {
                out.duplicate(at + ".name", c.getName(), "container names must be unique across initContainers and sidecars");
            }
            if (isBlank(c.getImage())) {
                out.required(at + ".image");
            }
            if (c.getRestartPolicy() != null) {
                if (!init) {
                    out.forbidden(at + ".restartPolicy", "only init containers may set restartPolicy");
                } else if (!c.getRestartPolicy().equals("Always")) {
                    out.notSupported(at + ".restartPolicy", c.getRestartPolicy(), List.of("Always"));
                }
            }
            checkEnv(at + ".env", c.getEnv() == null ? null : c.getEnv().stream().map(Variable::of).toList(),
                    containersJson.path(i).path("env"), CONTAINER_ENV_SOURCES, out);
            checkEnvFrom(at + ".envFrom", c.getEnvFrom(), out);
            checkMounts(at + ".volumeMounts", c.getVolumeMounts(), null, out);
        }
    }

    private static void checkTargets(List<String> targets, Violations out) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; targets != null && i < targets.size(); i++) {
            String t = targets.get(i);
            String at = "spec.targetContainers[" + i + "]";
            if (isBlank(t)) {
                out.required(at);
            } else if (!seen.add(t)) {
                out.duplicate(at, t);
            }
        }
    }

    /** Counts the set fields of a core object as JSON, unknown (newer) fields included. */
    private static int countFields(JsonNode node) {
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
