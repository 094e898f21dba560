package dev.podpreset.injection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podpreset.api.ClusterPodPreset;
import dev.podpreset.api.InjectedField;
import dev.podpreset.api.OnConflict;
import dev.podpreset.api.PodPreset;
import dev.podpreset.api.PodPresetSpec;
import dev.podpreset.api.PresetMode;
import dev.podpreset.api.PresetValidator;
import dev.podpreset.api.RestartWorkloads;
import dev.podpreset.api.SpecJson;
import dev.podpreset.api.Violation;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated preset turned into what the engine needs on every admission: compiled selectors, and each
 * field it sets prepared by its {@link MergeRule} (entries as JSON already defaulted the way the API
 * server defaults pods, each with its normalised form for comparisons). Built once per preset change,
 * never per request.
 */
public final class PreparedPreset {
    /** The order presets apply in: ClusterPodPresets by name, then PodPresets by name. */
    public static final Comparator<PreparedPreset> APPLICATION_ORDER =
            Comparator.comparing(PreparedPreset::kind).thenComparing(PreparedPreset::name);
    /** The spec fields that inject something into pods, one per merge rule: a preset must set one of them. */
    public static final List<InjectedField<?>> INJECTED_FIELDS = MergeRules.FIELDS;

    private final PresetKind kind;
    private final String namespace;
    private final String name;
    private final String displayName;
    private final String uid;
    private final String resourceVersion;
    private final String generation;
    private final OnConflict onConflict;
    private final PresetMode mode;
    /** What the preset is for, for people; null when it has none. */
    private final String description;
    private final RestartWorkloads restartWorkloads;
    private final LabelSelectorMatcher selector;
    private final LabelSelectorMatcher namespaceSelector;
    private final String annotationKey;
    private final String skippedAnnotationKey;
    /** Null for an enforced preset. */
    private final String auditAnnotationKey;
    /** Fields merged into the pod, in {@link MergeRules#ALL} order. */
    final List<MergeRule.Prepared<?>> podFields;
    /** Fields merged into each of the pod's own (target) containers. */
    final List<MergeRule.Prepared<?>> containerFields;
    /** Null means every container of the pod's own. */
    private final Set<String> targetContainers;
    final Set<Object> injectedContainerNames;

    /**
     * {@code specJson}: the spec as JSON ({@link SpecJson#of}), validated; the merge rules prepare their entries
     * from it.
     */
    private PreparedPreset(PresetKind kind, ObjectMeta meta, PodPresetSpec spec, JsonNode specJson,
                           LabelSelector namespaceSelector) {
        this.kind = kind;
        this.namespace = kind == PresetKind.NAMESPACED ? meta.getNamespace() : null;
        this.name = meta.getName();
        this.displayName = kind.displayName(namespace, name);
        this.uid = meta.getUid() == null ? "" : meta.getUid();
        this.resourceVersion = meta.getResourceVersion() == null ? "" : meta.getResourceVersion();
        this.generation = meta.getGeneration() == null ? "" : meta.getGeneration().toString();
        this.onConflict = spec.getOnConflict() == null ? OnConflict.Skip : spec.getOnConflict();
        this.mode = spec.getMode() == null ? PresetMode.Enforce : spec.getMode();
        this.description = spec.getDescription();
        // An audit preset changes no pod: there is nothing to roll out until it is enforced (a new generation).
        this.restartWorkloads = spec.getRestartWorkloads() == null || mode == PresetMode.Audit ? RestartWorkloads.Never
                : spec.getRestartWorkloads();
        this.selector = LabelSelectorMatcher.of(spec.getSelector());
        this.namespaceSelector = LabelSelectorMatcher.of(namespaceSelector);
        this.annotationKey = AnnotationKeys.applied(kind, name);
        this.skippedAnnotationKey = AnnotationKeys.skipped(kind, name);
        this.auditAnnotationKey = mode == PresetMode.Audit ? AnnotationKeys.audit(kind, name) : null;
        List<MergeRule.Prepared<?>> pod = new ArrayList<>();
        List<MergeRule.Prepared<?>> containers = new ArrayList<>();
        for (MergeRule<?> rule : MergeRules.ALL) {
            MergeRule.Prepared<?> field = rule.prepared(spec, specJson);
            if (field != null) {
                (rule.scope() == MergeRule.Scope.POD ? pod : containers).add(field);
            }
        }
        this.podFields = List.copyOf(pod);
        this.containerFields = List.copyOf(containers);
        this.targetContainers = spec.getTargetContainers() == null ? null : Set.copyOf(spec.getTargetContainers());
        Set<Object> injected = new HashSet<>();
        podFields.forEach(field -> injected.addAll(field.containerNames()));
        this.injectedContainerNames = Set.copyOf(injected);
    }

    /** Validates and prepares a PodPreset; throws {@link InvalidPresetException} naming the fields. */
    public static PreparedPreset of(PodPreset preset) {
        JsonNode specJson = SpecJson.of(preset.getSpec());
        List<Violation> violations = PresetValidator.validate(preset, specJson, INJECTED_FIELDS);
        if (!violations.isEmpty()) {
            throw invalid(PresetKind.NAMESPACED, preset.getMetadata(), violations);
        }
        return new PreparedPreset(PresetKind.NAMESPACED, preset.getMetadata(), preset.getSpec(), specJson, null);
    }

    /** Validates and prepares a ClusterPodPreset; throws {@link InvalidPresetException} naming the fields. */
    public static PreparedPreset of(ClusterPodPreset preset) {
        JsonNode specJson = SpecJson.of(preset.getSpec());
        List<Violation> violations = PresetValidator.validate(preset, specJson, INJECTED_FIELDS);
        if (!violations.isEmpty()) {
            throw invalid(PresetKind.CLUSTER, preset.getMetadata(), violations);
        }
        return new PreparedPreset(PresetKind.CLUSTER, preset.getMetadata(), preset.getSpec(), specJson,
                preset.getSpec().getNamespaceSelector());
    }

    private static InvalidPresetException invalid(PresetKind kind, ObjectMeta meta, List<Violation> violations) {
        return meta == null ? new InvalidPresetException(kind, null, "", violations)
                : new InvalidPresetException(kind, kind == PresetKind.CLUSTER ? null : meta.getNamespace(), meta.getName(), violations);
    }

    /** Whether this preset applies to a pod with these labels in a namespace with these labels. */
    public boolean selects(String podNamespace, Map<String, String> namespaceLabels, Map<String, String> podLabels) {
        if (kind == PresetKind.NAMESPACED && !namespace.equals(podNamespace)) {
            return false;
        }
        return namespaceSelector.matches(namespaceLabels) && selector.matches(podLabels);
    }

    /**
     * Whether env, envFrom and volumeMounts go into this own container of the pod: those it names in
     * targetContainers, else every one not ignored.
     */
    boolean targets(OwnContainer container) {
        return targetContainers == null ? !container.ignored() : targetContainers.contains(container.name());
    }

    public PresetKind kind() {
        return kind;
    }

    /** Null for a ClusterPodPreset. */
    public String namespace() {
        return namespace;
    }

    public String name() {
        return name;
    }

    /** Empty for presets read from files. */
    public String uid() {
        return uid;
    }

    public String resourceVersion() {
        return resourceVersion;
    }

    /** {@code metadata.generation} as text; empty for presets read from files, which have none. */
    public String generation() {
        return generation;
    }

    public OnConflict onConflict() {
        return onConflict;
    }

    public PresetMode mode() {
        return mode;
    }

    /** {@code spec.description}, for people (explain); null when it has none. */
    public String description() {
        return description;
    }

    /**
     * Which of the workloads whose pods lack this version the controller may restart: read with the spec, so always
     * of this generation; {@code Never} for an audit preset, whatever its spec says.
     */
    public RestartWorkloads restartWorkloads() {
        return restartWorkloads;
    }

    public LabelSelectorMatcher selector() {
        return selector;
    }

    /** The pod annotation recording that this preset was applied, valued with its generation. */
    public String annotationKey() {
        return annotationKey;
    }

    /** The pod annotation recording that this preset was skipped on a conflict. */
    public String skippedAnnotationKey() {
        return skippedAnnotationKey;
    }

    /** The pod annotation recording what this audit preset would do; null for an enforced preset. */
    public String auditAnnotationKey() {
        return auditAnnotationKey;
    }

    /** "ClusterPodPreset gpu" or "PodPreset team-a/db". */
    public String displayName() {
        return displayName;
    }

    @Override
    public String toString() {
        return displayName + "@" + resourceVersion;
    }
}
