package dev.podpreset.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/**
 * Where the pod of a manifest is. A Pod is its own pod. The built-in workloads (Deployment, StatefulSet,
 * DaemonSet, ReplicaSet and Job of their API groups) have it at {@code spec.template}, a CronJob at
 * {@code spec.jobTemplate.spec.template}, and a malformed one is an error. Any other kind with a pod
 * template at one of those places ({@code template.spec.containers} a list), such as an Argo Rollout or
 * a Knative Service, is injected the same way; everything else has no pod and is passed through.
 */
final class WorkloadTemplates {
    private static final List<String> TEMPLATE = List.of("spec", "template");
    private static final List<String> CRONJOB_TEMPLATE = List.of("spec", "jobTemplate", "spec", "template");

    private record Kind(String group, List<String> templatePath) {
    }

    private static final Map<String, Kind> BUILT_IN = Map.of(
            "Pod", new Kind("", List.of()),
            "Deployment", new Kind("apps", TEMPLATE),
            "StatefulSet", new Kind("apps", TEMPLATE),
            "DaemonSet", new Kind("apps", TEMPLATE),
            "ReplicaSet", new Kind("apps", TEMPLATE),
            "Job", new Kind("batch", TEMPLATE),
            "CronJob", new Kind("batch", CRONJOB_TEMPLATE));

    /**
     * The pod of a manifest.
     *
     * @param path     the template's field path, e.g. {@code spec.template}; empty for a Pod
     * @param template the pod (for a Pod, the manifest itself) or the pod template object, or null when
     *                 the manifest has no usable template (see {@link #problem})
     * @param problem  what is wrong with the template's place, naming the field; null if nothing
     */
    record PodTemplate(String path, ObjectNode template, String problem) {
        boolean isPod() {
            return path.isEmpty();
        }
    }

    private WorkloadTemplates() {
    }

    /** Null when the manifest has no pod: it is passed through untouched. */
    static PodTemplate find(JsonNode manifest) {
        Kind kind = BUILT_IN.get(manifest.path("kind").asText(""));
        if (kind != null && group(manifest.path("apiVersion").asText("")).equals(kind.group())) {
            return kind.templatePath().isEmpty() ? new PodTemplate("", (ObjectNode) manifest, null)
                    : at(manifest, kind.templatePath());
        }
        for (List<String> path : List.of(TEMPLATE, CRONJOB_TEMPLATE)) {
            JsonNode template = node(manifest, path);
            if (template != null && template.path("spec").path("containers").isArray()) {
                return new PodTemplate(String.join(".", path), (ObjectNode) template, null);
            }
        }
        return null;
    }

    private static PodTemplate at(JsonNode manifest, List<String> templatePath) {
        JsonNode node = manifest;
        StringBuilder path = new StringBuilder();
        for (String field : templatePath) {
            path.append(path.length() == 0 ? "" : ".").append(field);
            node = node.path(field);
            if (!node.isObject()) {
                String problem = path + (node.isMissingNode() || node.isNull() ? ": Required value" : ": expected an object");
                return new PodTemplate(String.join(".", templatePath), null, problem);
            }
        }
        return new PodTemplate(path.toString(), (ObjectNode) node, null);
    }

    /** The object at {@code path}, or null. */
    private static JsonNode node(JsonNode manifest, List<String> path) {
        JsonNode node = manifest;
        for (String field : path) {
            node = node.path(field);
        }
        return node.isObject() ? node : null;
    }

    private static String group(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }
}
