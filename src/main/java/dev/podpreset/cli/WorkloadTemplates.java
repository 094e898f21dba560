package dev.podpreset.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/**
 * Where the pod of each supported kind is: a Pod is its own pod; Deployment, StatefulSet, DaemonSet,
 * ReplicaSet and Job have it at {@code spec.template}, a CronJob at {@code spec.jobTemplate.spec.template}.
 * Kinds are recognised only with their API group (core for Pod, apps, batch), so a custom resource that
 * happens to be called "Job" is passed through.
 */
final class WorkloadTemplates {
    private static final List<String> TEMPLATE = List.of("spec", "template");
    private static final List<String> CRONJOB_TEMPLATE = List.of("spec", "jobTemplate", "spec", "template");

    private record Kind(String group, List<String> templatePath) {
    }

    private static final Map<String, Kind> KINDS = Map.of(
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

    /** Null when the manifest is not one of the supported kinds: it is passed through untouched. */
    static PodTemplate find(JsonNode manifest) {
        Kind kind = KINDS.get(manifest.path("kind").asText(""));
        if (kind == null || !group(manifest.path("apiVersion").asText("")).equals(kind.group())) {
            return null;
        }
        if (kind.templatePath().isEmpty()) {
            return new PodTemplate("", (ObjectNode) manifest, null);
        }
        JsonNode node = manifest;
        StringBuilder path = new StringBuilder();
        for (String field : kind.templatePath()) {
            path.append(path.length() == 0 ? "" : ".").append(field);
            node = node.path(field);
            if (!node.isObject()) {
                String problem = path + (node.isMissingNode() || node.isNull() ? ": Required value" : ": expected an object");
                return new PodTemplate(String.join(".", kind.templatePath()), null, problem);
            }
        }
        return new PodTemplate(path.toString(), (ObjectNode) node, null);
    }

    private static String group(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }
}
