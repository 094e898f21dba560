package dev.podpreset.kubernetes;

import com.fasterxml.jackson.databind.node.ObjectNode;
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

    /** Where the API server serves every preset of {@code kind} (of all namespaces). */
    public static String collectionPath(PresetKind kind) {
        ResourceDefinitionContext resource = of(kind);
        return "/apis/" + apiVersion(kind) + "/" + resource.getPlural();
    }

    /**
     * {@code item}, an item of a list of {@code kind}, with the kind and the apiVersion that list items may come
     * without: the list says what they are.
     */
    public static GenericKubernetesResource listItem(GenericKubernetesResource item, PresetKind kind) {
        if (item.getApiVersion() == null) {
            item.setApiVersion(apiVersion(kind));
        }
        item.setKind(kind.kind());
        return item;
    }

    /** {@link #listItem(GenericKubernetesResource, PresetKind)} for an item read as a JSON tree. */
    public static ObjectNode listItem(ObjectNode item, PresetKind kind) {
        if (!item.hasNonNull("apiVersion")) {
            item.put("apiVersion", apiVersion(kind));
        }
        item.put("kind", kind.kind());
        return item;
    }

    private static String apiVersion(PresetKind kind) {
        ResourceDefinitionContext resource = of(kind);
        return resource.getGroup() + "/" + resource.getVersion();
    }
}
