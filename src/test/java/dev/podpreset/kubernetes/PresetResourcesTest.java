package dev.podpreset.kubernetes;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.api.ClusterPodPreset;
import dev.podpreset.api.PodPreset;
import dev.podpreset.injection.PresetKind;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PresetResourcesTest {
    @Test
    void eachKindIsAddressedAsItsCustomResource() {
        assertEquals("podpresets", PresetResources.of(PresetKind.NAMESPACED).getPlural());
        assertEquals("PodPreset", PresetResources.of(PresetKind.NAMESPACED).getKind());
        assertTrue(PresetResources.of(PresetKind.NAMESPACED).isNamespaceScoped());
        assertEquals("clusterpodpresets", PresetResources.of(PresetKind.CLUSTER).getPlural());
        assertEquals("ClusterPodPreset", PresetResources.of(PresetKind.CLUSTER).getKind());
        assertFalse(PresetResources.of(PresetKind.CLUSTER).isNamespaceScoped());
        assertEquals(PodPreset.GROUP, PresetResources.of(PresetKind.CLUSTER).getGroup());
    }

    @Test
    void aListItemWithoutKindOrApiVersionGetsTheListsOwn() {
        GenericKubernetesResource item = PresetResources.listItem(named("db"), PresetKind.CLUSTER);
        assertEquals("ClusterPodPreset", item.getKind());
        assertEquals(new ClusterPodPreset().getApiVersion(), item.getApiVersion());
        item = PresetResources.listItem(named("db"), PresetKind.NAMESPACED);
        assertEquals("PodPreset", item.getKind());
        assertEquals(PodPreset.API_VERSION, item.getApiVersion());
    }

    @Test
    void aListItemKeepsItsApiVersionAndIsOfTheListsKind() {
        GenericKubernetesResource item = named("db");
        item.setApiVersion("podpreset.dev/v1beta1");
        item.setKind("ClusterPodPreset");
        PresetResources.listItem(item, PresetKind.NAMESPACED);
        assertEquals("podpreset.dev/v1beta1", item.getApiVersion(), "a newer version is the preset's to say");
        assertEquals("PodPreset", item.getKind(), "a list of PodPresets holds PodPresets");
    }

    @Test
    void aListItemReadAsATreeIsCompletedByTheSameRule() {
        ObjectNode item = JsonMapper.builder().build().createObjectNode();
        item.putObject("metadata").put("name", "db");
        PresetResources.listItem(item, PresetKind.NAMESPACED);
        assertEquals("PodPreset", item.path("kind").asText());
        assertEquals(PodPreset.API_VERSION, item.path("apiVersion").asText());

        item.put("apiVersion", "podpreset.dev/v1beta1").put("kind", "PodPreset");
        PresetResources.listItem(item, PresetKind.CLUSTER);
        assertEquals("podpreset.dev/v1beta1", item.path("apiVersion").asText(), "a newer version is the preset's to say");
        assertEquals("ClusterPodPreset", item.path("kind").asText(), "a list of ClusterPodPresets holds ClusterPodPresets");
    }

    @Test
    void everyPresetOfAKindIsListedFromItsCollection() {
        assertEquals("/apis/" + PodPreset.API_VERSION + "/podpresets", PresetResources.collectionPath(PresetKind.NAMESPACED));
        assertEquals("/apis/" + PodPreset.API_VERSION + "/clusterpodpresets", PresetResources.collectionPath(PresetKind.CLUSTER));
    }

    private static GenericKubernetesResource named(String name) {
        return new GenericKubernetesResourceBuilder().withNewMetadata().withName(name).endMetadata().build();
    }
}
