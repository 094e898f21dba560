package dev.podpreset.injection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The pod as changed by the presets applied so far, kept as additions on top of the untouched request
 * object, so that the patch is exactly those additions and every field of the pod survives.
 */
final class PodDraft {
    /** One of the pod's own containers or init containers: where env, envFrom and mounts go. */
    record OwnContainer(String name, ListDraft env, ListDraft envFrom, ListDraft volumeMounts) {
    }

    private final boolean hasMetadata;
    private final boolean hasSpec;
    final MapDraft annotations;
    final ListDraft volumes;
    final ListDraft initContainers;
    final ListDraft containers;
    final ListDraft tolerations;
    final ListDraft imagePullSecrets;
    final MapDraft nodeSelector;
    final List<OwnContainer> ownContainers = new ArrayList<>();

    PodDraft(ObjectNode pod, Set<String> injectedNames) {
        JsonNode metadata = pod.get("metadata");
        JsonNode spec = pod.get("spec");
        hasMetadata = metadata instanceof ObjectNode;
        hasSpec = spec instanceof ObjectNode;
        JsonNode s = hasSpec ? spec : JsonNodeFactory.instance.objectNode();
        annotations = new MapDraft("/metadata/annotations", hasMetadata ? metadata.get("annotations") : null);
        volumes = new ListDraft("/spec/volumes", s.get("volumes"));
        initContainers = new ListDraft("/spec/initContainers", s.get("initContainers"));
        containers = new ListDraft("/spec/containers", s.get("containers"));
        tolerations = new ListDraft("/spec/tolerations", s.get("tolerations"));
        imagePullSecrets = new ListDraft("/spec/imagePullSecrets", s.get("imagePullSecrets"));
        nodeSelector = new MapDraft("/spec/nodeSelector", s.get("nodeSelector"));
        addOwn(s.get("initContainers"), "/spec/initContainers/", injectedNames);
        addOwn(s.get("containers"), "/spec/containers/", injectedNames);
    }

    private void addOwn(JsonNode list, String pathPrefix, Set<String> injectedNames) {
        if (!(list instanceof ArrayNode array)) {
            return;
        }
        for (int i = 0; i < array.size(); i++) {
            JsonNode c = array.get(i);
            String name = c.path("name").asText();
            if (!(c instanceof ObjectNode) || injectedNames.contains(name)) {
                continue;
            }
            String at = pathPrefix + i;
            ownContainers.add(new OwnContainer(name, new ListDraft(at + "/env", c.get("env")),
                    new ListDraft(at + "/envFrom", c.get("envFrom")),
                    new ListDraft(at + "/volumeMounts", c.get("volumeMounts"))));
        }
    }

    /** The pod's container or init container of this name, as changed so far, or null. */
    JsonNode findContainer(String name) {
        JsonNode found = containers.find(MergeKeys.NAME, name);
        return found != null ? found : initContainers.find(MergeKeys.NAME, name);
    }

    ArrayNode patch() {
        ArrayNode patch = JsonNodeFactory.instance.arrayNode();
        if (!hasMetadata && annotations.changed()) {
            patch.add(JsonPatchOps.add("/metadata", JsonNodeFactory.instance.objectNode()));
        }
        boolean specChanged = volumes.changed() || initContainers.changed() || containers.changed()
                || tolerations.changed() || imagePullSecrets.changed() || nodeSelector.changed()
                || ownContainers.stream().anyMatch(c -> c.env.changed() || c.envFrom.changed() || c.volumeMounts.changed());
        if (!hasSpec && specChanged) {
            patch.add(JsonPatchOps.add("/spec", JsonNodeFactory.instance.objectNode()));
        }
        volumes.emit(patch);
        for (OwnContainer c : ownContainers) {
            c.env.emit(patch);
            c.envFrom.emit(patch);
            c.volumeMounts.emit(patch);
        }
        initContainers.emit(patch);
        containers.emit(patch);
        tolerations.emit(patch);
        nodeSelector.emit(patch);
        imagePullSecrets.emit(patch);
        annotations.emit(patch);
        return patch;
    }
}
