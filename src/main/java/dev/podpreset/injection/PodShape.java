package dev.podpreset.injection;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * The engine's precondition: every part of a pod that it reads or appends to has the type the Pod
 * schema gives it. The API server only sends such pods; anything else is refused instead of being
 * patched over.
 */
public final class PodShape {
    private static final List<String> SPEC_LISTS = List.of("volumes", "initContainers", "containers", "tolerations",
            "imagePullSecrets");
    private static final List<String> CONTAINER_LISTS = List.of("env", "envFrom", "volumeMounts");

    private PodShape() {
    }

    /** Null when the pod is well-formed, else what is wrong, naming the field. */
    public static String problem(JsonNode pod) {
        if (!pod.isObject()) {
            return "object: expected a Pod object";
        }
        String kind = pod.path("kind").asText("");
        if (!kind.isEmpty() && !kind.equals("Pod")) {
            return "kind: expected Pod, got " + kind;
        }
        JsonNode metadata = pod.path("metadata");
        String p = objectOrAbsent(metadata, "metadata");
        for (String map : List.of("labels", "annotations")) {
            p = p != null ? p : stringMap(metadata.path(map), "metadata." + map);
        }
        JsonNode spec = pod.path("spec");
        p = p != null ? p : objectOrAbsent(spec, "spec");
        p = p != null ? p : stringMap(spec.path("nodeSelector"), "spec.nodeSelector");
        for (String list : SPEC_LISTS) {
            p = p != null ? p : listOfObjects(spec.path(list), "spec." + list);
        }
        for (String text : List.of("serviceAccountName", "serviceAccount", "runtimeClassName")) {
            p = p != null ? p : typed(spec.path(text), JsonNode::isTextual, "spec." + text, "a string");
        }
        p = p != null ? p : typed(spec.path("automountServiceAccountToken"), JsonNode::isBoolean,
                "spec.automountServiceAccountToken", "a boolean");
        p = p != null ? p : nodeAffinity(spec.path("affinity"));
        for (String containers : List.of("initContainers", "containers")) {
            JsonNode array = spec.path(containers);
            for (int i = 0; p == null && i < array.size(); i++) {
                for (String list : CONTAINER_LISTS) {
                    p = p != null ? p : listOfObjects(array.get(i).path(list), "spec." + containers + "[" + i + "]." + list);
                }
            }
        }
        return p;
    }

    /** The parts of spec.affinity.nodeAffinity that presets add to. */
    private static String nodeAffinity(JsonNode affinity) {
        String p = objectOrAbsent(affinity, "spec.affinity");
        JsonNode nodeAffinity = affinity.path("nodeAffinity");
        p = p != null ? p : objectOrAbsent(nodeAffinity, "spec.affinity.nodeAffinity");
        String at = "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution";
        JsonNode required = nodeAffinity.path("requiredDuringSchedulingIgnoredDuringExecution");
        p = p != null ? p : objectOrAbsent(required, at);
        p = p != null ? p : listOfObjects(required.path("nodeSelectorTerms"), at + ".nodeSelectorTerms");
        JsonNode terms = required.path("nodeSelectorTerms");
        for (int i = 0; p == null && i < terms.size(); i++) {
            for (String list : List.of("matchExpressions", "matchFields")) {
                p = p != null ? p : listOfObjects(terms.get(i).path(list), at + ".nodeSelectorTerms[" + i + "]." + list);
            }
        }
        return p != null ? p : listOfObjects(nodeAffinity.path("preferredDuringSchedulingIgnoredDuringExecution"),
                "spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution");
    }

    private static String typed(JsonNode node, Predicate<JsonNode> ok, String path, String expected) {
        return node.isMissingNode() || node.isNull() || ok.test(node) ? null : path + ": expected " + expected;
    }

    private static String objectOrAbsent(JsonNode node, String path) {
        return node.isMissingNode() || node.isNull() || node.isObject() ? null : path + ": expected an object";
    }

    private static String stringMap(JsonNode node, String path) {
        String p = objectOrAbsent(node, path);
        if (p != null || !node.isObject()) {
            return p;
        }
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
            if (!it.next().isTextual()) {
                return path + ": expected string values";
            }
        }
        return null;
    }

    private static String listOfObjects(JsonNode node, String path) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            return path + ": expected a list";
        }
        for (JsonNode item : node) {
            if (!item.isObject()) {
                return path + ": expected a list of objects";
            }
        }
        return null;
    }
}
