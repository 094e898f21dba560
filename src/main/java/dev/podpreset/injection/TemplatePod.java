package dev.podpreset.injection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The pod a workload's pod template makes, as admission sees it: {@code {apiVersion: v1, kind: Pod,
 * metadata: template.metadata + namespace, spec: template.spec}}, copied, so the template is never changed.
 * The one builder for the CLI (which injects the pod and writes it back) and the controller (which asks
 * whether a restart would apply a preset).
 *
 * @param pod            the pod
 * @param addedNamespace whether {@code metadata.namespace} was added (the template had none), so that a
 *                       caller writing the pod back into the template can leave it out again
 */
public record TemplatePod(ObjectNode pod, boolean addedNamespace) {

    /**
     * @param template  a pod template ({@code spec.template} of a workload); a {@code metadata} that is not an
     *                  object is copied as it is, for {@link PodShape} to name
     * @param namespace the workload's namespace, set when the template's metadata has none
     */
    public static TemplatePod of(ObjectNode template, String namespace) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode pod = json.objectNode();
        pod.put("apiVersion", "v1");
        pod.put("kind", "Pod");
        JsonNode metadata = template.path("metadata");
        boolean added = false;
        if (metadata.isObject() || metadata.isMissingNode() || metadata.isNull()) {
            ObjectNode copy = metadata.isObject() ? metadata.deepCopy() : json.objectNode();
            if (copy.path("namespace").asText("").isEmpty()) {
                copy.put("namespace", namespace);
                added = true;
            }
            pod.set("metadata", copy);
        } else {
            pod.set("metadata", metadata.deepCopy());
        }
        JsonNode spec = template.path("spec");
        pod.set("spec", spec.isObject() ? spec.deepCopy() : json.objectNode());
        return new TemplatePod(pod, added);
    }

    /**
     * {@code namespace/name}, or {@code namespace/generateName*} for an object the API server names: how a pod
     * or workload is named in messages.
     */
    public static String name(String namespace, JsonNode metadata) {
        String name = metadata.path("name").asText("");
        if (name.isEmpty()) {
            name = metadata.path("generateName").asText("") + "*";
        }
        return namespace + "/" + name;
    }
}
