package dev.podpreset.injection;

import dev.podpreset.api.InjectedField;
import dev.podpreset.api.PodPresetSpec;

import java.util.List;
import java.util.Set;

import static dev.podpreset.api.InjectedField.list;
import static dev.podpreset.api.InjectedField.map;
import static dev.podpreset.api.InjectedField.value;
import static dev.podpreset.injection.MergeRule.Scope.OWN_CONTAINERS;
import static dev.podpreset.injection.MergeRule.Scope.POD;

/**
 * Every field a preset injects, with its rule: the one place that says how a field is merged. Adding
 * a field is one entry here (and its spec accessor). Fields merge in this order; containers come after
 * volumes because an injected container may mount a volume of the same preset.
 */
final class MergeRules {
    /** In merge order. */
    static final List<MergeRule<?>> ALL = List.of(
            new KeyedListRule(POD, list("volumes", PodPresetSpec::getVolumes), PodDraft.VOLUMES, MergeKeys.NAME,
                    ApiDefaults::volume, e -> "volume \"" + e.key() + "\""),
            new ContainerRule(list("initContainers", PodPresetSpec::getInitContainers), PodDraft.INIT_CONTAINERS,
                    "init container"),
            new ContainerRule(list("sidecars", PodPresetSpec::getSidecars), PodDraft.CONTAINERS, "container"),
            new SetListRule(list("tolerations", PodPresetSpec::getTolerations), "/spec/tolerations", MergeKeys.TOLERATION,
                    ApiDefaults::toleration),
            new MapRule(map("nodeSelector", PodPresetSpec::getNodeSelector), "/spec/nodeSelector", "nodeSelector"),
            new KeyedListRule(POD, list("imagePullSecrets", PodPresetSpec::getImagePullSecrets), "/spec/imagePullSecrets",
                    MergeKeys.NAME, n -> { }, e -> "imagePullSecret \"" + e.key() + "\""),
            new MapRule(map("labels", PodPresetSpec::getLabels), PodDraft.LABELS, "label"),
            new MapRule(map("annotations", PodPresetSpec::getAnnotations), PodDraft.ANNOTATIONS, "annotation"),
            // The API server's ServiceAccount admission sets "default" before webhooks run.
            new ScalarRule(value("serviceAccountName", PodPresetSpec::getServiceAccountName), "/spec/serviceAccountName",
                    Set.of("", "default"), "/spec/serviceAccount"),
            new ScalarRule(value("automountServiceAccountToken", PodPresetSpec::getAutomountServiceAccountToken),
                    "/spec/automountServiceAccountToken"),
            new ScalarRule(value("runtimeClassName", PodPresetSpec::getRuntimeClassName), "/spec/runtimeClassName"),
            new NodeAffinityRule(),
            new EnvRule(),
            new KeyedListRule(OWN_CONTAINERS, list("envFrom", PodPresetSpec::getEnvFrom), "envFrom", MergeKeys.ENV_FROM,
                    n -> { }, e -> "envFrom " + MergeKeys.describeEnvFrom(e.value())),
            new MountRule());

    /** The spec fields the rules merge: what a preset must set at least one of. */
    static final List<InjectedField<?>> FIELDS = ALL.stream().<InjectedField<?>>map(MergeRule::field).toList();

    private MergeRules() {
    }
}
