package dev.podpreset.controller;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.api.PresetStatus;
import dev.podpreset.kubernetes.PresetResources;
import dev.podpreset.presets.PresetKey;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * Writes a preset's status through the status subresource: the main resource, and so {@code generation}, is never
 * touched. The whole status is replaced with one JSON Patch {@code add /status}, which also removes fields the
 * new status lacks (a merge patch would keep a stale {@code lastConflict}); the controller owns every field of it.
 * The answer is read as a generic resource: a preset with fields this version does not know is written too.
 */
final class StatusWriter {
    private final KubernetesClient client;

    StatusWriter(KubernetesClient client) {
        this.client = client;
    }

    /** False when the preset no longer exists; other failures throw. */
    boolean write(PresetKey key, PresetStatus status) {
        ArrayNode patch = JsonNodeFactory.instance.arrayNode();
        ObjectNode op = patch.addObject();
        op.put("op", "add");
        op.put("path", "/status");
        op.set("value", client.getKubernetesSerialization().convertValue(status, ObjectNode.class));
        String json = patch.toString();
        PatchContext context = PatchContext.of(PatchType.JSON);
        // Patched through a named object: fabric8 reads a resource given by name only before it patches, which
        // would cost a GET per write and the RBAC verb get on presets.
        GenericKubernetesResource preset = new GenericKubernetesResourceBuilder()
                .withNewMetadata().withName(key.name()).withNamespace(key.namespace()).endMetadata().build();
        try {
            client.genericKubernetesResources(PresetResources.of(key.kind())).resource(preset).subresource("status")
                    .patch(context, json);
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw e;
        }
    }
}
