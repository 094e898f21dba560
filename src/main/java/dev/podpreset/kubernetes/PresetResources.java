package dev.podpreset.kubernetes;

import dev.podpreset.api.ClusterPodPreset;
import dev.podpreset.api.PodPreset;
import dev.podpreset.injection.PresetKind;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/** Our two custom resources as fabric8's generic client addresses them, one for each kind of preset. */
public final class PresetResources {
    private static final ResourceDefinitionContext POD_PRESETS =
            ResourceDefinitionContext.fromResourceType(PodPreset.class);
    private static final ResourceDefinitionContext CLUSTER_POD_PRESETS =
            ResourceDefinitionContext.fromResourceType(ClusterPodPreset.class);

    private PresetResources() {
    }

    public static ResourceDefinitionContext of(PresetKind kind) {
        return switch (kind) {
            case CLUSTER -> CLUSTER_POD_PRESETS;
            case NAMESPACED -> POD_PRESETS;
        };
    }

    /**
     * {@code item}, an item of a list of {@code kind}, with the kind and the apiVersion that list items may come
     * without: the list says what they are.
     */
    public static GenericKubernetesResource listItem(GenericKubernetesResource item, PresetKind kind) {
        if (item.getApiVersion() == null) {
            ResourceDefinitionContext resource = of(kind);
            item.setApiVersion(resource.getGroup() + "/" + resource.getVersion());
        }
        item.setKind(kind.kind());
        return item;
    }
}
