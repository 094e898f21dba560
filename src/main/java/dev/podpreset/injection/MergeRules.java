package dev.podpreset.injection;

import dev.podpreset.api.PodPresetSpec;

import java.util.List;
import java.util.Set;

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
            new KeyedListRule(POD, PodPresetSpec::getVolumes, PodDraft.VOLUMES, MergeKeys.NAME, ApiDefaults::volume,
                    e -> "volume \"" + e.key() + "\""),
            new ContainerRule(PodPresetSpec::getInitContainers, PodDraft.INIT_CONTAINERS, "init container"),
            new ContainerRule(PodPresetSpec::getSidecars, PodDraft.CONTAINERS, "container"),
            new SetListRule(PodPresetSpec::getTolerations, "/spec/tolerations", MergeKeys.TOLERATION,
                    ApiDefaults::toleration),
            new MapRule(PodPresetSpec::getNodeSelector, "/spec/nodeSelector", "nodeSelector"),
            new KeyedListRule(POD, PodPresetSpec::getImagePullSecrets, "/spec/imagePullSecrets", MergeKeys.NAME,
                    n -> { }, e -> "imagePullSecret \"" + e.key() + "\""),
            new MapRule(PodPresetSpec::getLabels, PodDraft.LABELS, "label"),
            new MapRule(PodPresetSpec::getAnnotations, PodDraft.ANNOTATIONS, "annotation"),
            // The API server's ServiceAccount admission sets "default" before webhooks run.
            new ScalarRule(PodPresetSpec::getServiceAccountName, "/spec/serviceAccountName", Set.of("", "default"),
                    "/spec/serviceAccount"),
            new ScalarRule(PodPresetSpec::getAutomountServiceAccountToken, "/spec/automountServiceAccountToken"),
            new ScalarRule(PodPresetSpec::getRuntimeClassName, "/spec/runtimeClassName"),
            new NodeAffinityRule(),
            new EnvRule(),
            new KeyedListRule(OWN_CONTAINERS, PodPresetSpec::getEnvFrom, "envFrom", MergeKeys.ENV_FROM, n -> { },
                    e -> "envFrom " + MergeKeys.describeEnvFrom(e.value())),
            new MountRule());

    private MergeRules() {
    }
}
