package dev.podpreset.injection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.api.ClusterPodPreset;
import dev.podpreset.api.OnConflict;
import dev.podpreset.api.PodPreset;
import dev.podpreset.api.PodPresetSpec;
import dev.podpreset.api.PresetValidator;
import dev.podpreset.api.Violation;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A validated preset turned into what the engine needs on every admission: compiled selectors, and its
 * entries as JSON already defaulted the way the API server defaults pods, each with its normalised form
 * for comparisons. Built once per preset change, never per request.
 */
public final class PreparedPreset {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One entry to inject: its merge key, the JSON to add, and its normalised form. */
    record Entry(String key, ObjectNode value, JsonNode normalized) {
    }

    private final PresetKind kind;
    private final String namespace;
    private final String name;
    private final String uid;
    private final String resourceVersion;
    private final String generation;
    private final OnConflict onConflict;
    private final LabelSelectorMatcher selector;
    private final LabelSelectorMatcher namespaceSelector;
    private final String annotationKey;
    final List<Entry> env;
    final List<Entry> envFrom;
    final List<Entry> volumes;
    final List<Entry> volumeMounts;
    final List<Entry> tolerations;
    final List<Entry> imagePullSecrets;
    final List<Entry> initContainers;
    final List<Entry> sidecars;
    final Map<String, String> nodeSelector;
    /** Null means every container of the pod's own. */
    final Set<String> targetContainers;
    final Set<String> injectedContainerNames;

    private PreparedPreset(PresetKind kind, ObjectMeta meta, PodPresetSpec spec, LabelSelector namespaceSelector) {
        this.kind = kind;
        this.namespace = kind == PresetKind.NAMESPACED ? meta.getNamespace() : null;
        this.name = meta.getName();
        this.uid = meta.getUid() == null ? "" : meta.getUid();
        this.resourceVersion = meta.getResourceVersion() == null ? "" : meta.getResourceVersion();
        this.generation = meta.getGeneration() == null ? "" : meta.getGeneration().toString();
        this.onConflict = spec.getOnConflict() == null ? OnConflict.Skip : spec.getOnConflict();
        this.selector = LabelSelectorMatcher.of(spec.getSelector());
        this.namespaceSelector = LabelSelectorMatcher.of(namespaceSelector);
        this.annotationKey = AnnotationKeys.applied(kind, name);
        this.env = entries(spec.getEnv(), MergeKeys.NAME, ApiDefaults::env);
        this.envFrom = entries(spec.getEnvFrom(), MergeKeys.ENV_FROM, n -> { });
        this.volumes = entries(spec.getVolumes(), MergeKeys.NAME, ApiDefaults::volume);
        this.volumeMounts = entries(spec.getVolumeMounts(), MergeKeys.NAME, n -> { });
        this.tolerations = entries(spec.getTolerations(), MergeKeys.TOLERATION, ApiDefaults::toleration);
        this.imagePullSecrets = entries(spec.getImagePullSecrets(), MergeKeys.NAME, n -> { });
        this.initContainers = entries(spec.getInitContainers(), MergeKeys.NAME, ApiDefaults::container);
        this.sidecars = entries(spec.getSidecars(), MergeKeys.NAME, ApiDefaults::container);
        this.nodeSelector = spec.getNodeSelector() == null ? Map.of() : new LinkedHashMap<>(spec.getNodeSelector());
        this.targetContainers = spec.getTargetContainers() == null ? null : Set.copyOf(spec.getTargetContainers());
        Set<String> injected = new HashSet<>();
        initContainers.forEach(e -> injected.add(e.key()));
        sidecars.forEach(e -> injected.add(e.key()));
        this.injectedContainerNames = Set.copyOf(injected);
    }

    /** Validates and prepares a PodPreset; throws {@link InvalidPresetException} naming the fields. */
    public static PreparedPreset of(PodPreset preset) {
        List<Violation> violations = PresetValidator.validate(preset);
        if (!violations.isEmpty()) {
            throw invalid(PresetKind.NAMESPACED, preset.getMetadata(), violations);
        }
        return new PreparedPreset(PresetKind.NAMESPACED, preset.getMetadata(), preset.getSpec(), null);
    }

    /** Validates and prepares a ClusterPodPreset; throws {@link InvalidPresetException} naming the fields. */
    public static PreparedPreset of(ClusterPodPreset preset) {
        List<Violation> violations = PresetValidator.validate(preset);
        if (!violations.isEmpty()) {
            throw invalid(PresetKind.CLUSTER, preset.getMetadata(), violations);
        }
        return new PreparedPreset(PresetKind.CLUSTER, preset.getMetadata(), preset.getSpec(),
                preset.getSpec().getNamespaceSelector());
    }

    private static InvalidPresetException invalid(PresetKind kind, ObjectMeta meta, List<Violation> violations) {
        return meta == null ? new InvalidPresetException(kind, null, "", violations)
                : new InvalidPresetException(kind, kind == PresetKind.CLUSTER ? null : meta.getNamespace(), meta.getName(), violations);
    }

    private static List<Entry> entries(List<?> items, java.util.function.Function<JsonNode, String> key,
                                       Consumer<ObjectNode> defaults) {
        if (items == null) {
            return List.of();
        }
        return items.stream().map(item -> {
            ObjectNode defaulted = MAPPER.valueToTree(item);
            defaults.accept(defaulted);
            // Patches share these trees with every admission, so they are frozen.
            ObjectNode value = FrozenJson.freeze(defaulted);
            JsonNode normalized = SemanticJson.normalize(value);
            // Most entries are already in normal form: keep one tree, not two (10,000 presets hold
            // ~100,000 of them).
            return new Entry(key.apply(value), value, normalized.equals(value) ? value
                    : normalized instanceof ObjectNode o ? FrozenJson.freeze(o) : normalized);
        }).toList();
    }

    /** Whether this preset applies to a pod with these labels in a namespace with these labels. */
    public boolean selects(String podNamespace, Map<String, String> namespaceLabels, Map<String, String> podLabels) {
        if (kind == PresetKind.NAMESPACED && !namespace.equals(podNamespace)) {
            return false;
        }
        return namespaceSelector.matches(namespaceLabels) && selector.matches(podLabels);
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

    public LabelSelectorMatcher selector() {
        return selector;
    }

    public String annotationKey() {
        return annotationKey;
    }

    /** "ClusterPodPreset gpu" or "PodPreset team-a/db". */
    public String displayName() {
        return kind.kind() + " " + (namespace == null ? "" : namespace + "/") + name;
    }

    @Override
    public String toString() {
        return displayName() + "@" + resourceVersion;
    }
}
