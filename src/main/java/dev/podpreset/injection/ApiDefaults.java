package dev.podpreset.injection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The defaults the API server gives core v1 objects (Kubernetes' SetDefaults_* functions for Pod,
 * Container, Volume and what they hold), applied to preset content before it is compared with (already
 * defaulted) pods, so that an identical entry is recognised as identical. Presets are stored as
 * written; pods arrive defaulted, and the API server defaults what webhooks add before reinvoking them.
 */
public final class ApiDefaults {
    static final int DEFAULT_MODE = 420;
    private static final List<String> PROBES = List.of("livenessProbe", "readinessProbe", "startupProbe");

    private ApiDefaults() {
    }

    /**
     * Defaults a pod in place as the API server does before it calls admission webhooks, for what presets
     * add to: containers, init containers, volumes and tolerations. Offline tools do this to a manifest's
     * pod so that the engine compares it as the webhook would compare the stored pod.
     */
    public static void pod(ObjectNode pod) {
        JsonNode spec = pod.path("spec");
        boolean hostNetwork = spec.path("hostNetwork").asBoolean(false);
        for (String list : List.of("initContainers", "containers")) {
            for (JsonNode c : spec.path(list)) {
                if (c instanceof ObjectNode container) {
                    container(container);
                    if (hostNetwork) {
                        hostNetworkPorts(container);
                    }
                }
            }
        }
        for (JsonNode v : spec.path("volumes")) {
            if (v instanceof ObjectNode volume) {
                volume(volume);
            }
        }
        for (JsonNode t : spec.path("tolerations")) {
            if (t instanceof ObjectNode toleration) {
                toleration(toleration);
            }
        }
    }

    static void env(ObjectNode env) {
        ObjectNode fieldRef = child(child(env, "valueFrom"), "fieldRef");
        putIfAbsent(fieldRef, "apiVersion", "v1");
    }

    static void volume(ObjectNode volume) {
        if (volume.size() == 1 && volume.has("name")) {
            volume.putObject("emptyDir");
        }
        for (String source : List.of("secret", "configMap", "downwardAPI", "projected")) {
            ObjectNode s = child(volume, source);
            if (s != null && !s.has("defaultMode")) {
                s.put("defaultMode", DEFAULT_MODE);
            }
        }
        downwardItems(child(volume, "downwardAPI"));
        ObjectNode projected = child(volume, "projected");
        if (projected != null && projected.get("sources") instanceof ArrayNode sources) {
            for (JsonNode source : sources) {
                if (source instanceof ObjectNode s) {
                    downwardItems(child(s, "downwardAPI"));
                    ObjectNode token = child(s, "serviceAccountToken");
                    if (token != null && !token.has("expirationSeconds")) {
                        token.put("expirationSeconds", 3600);
                    }
                }
            }
        }
        ObjectNode image = child(volume, "image");
        if (image != null && !image.hasNonNull("pullPolicy")) {
            image.put("pullPolicy", pullPolicyFor(image.path("reference").asText("")));
        }
        ObjectNode claimSpec = child(child(child(volume, "ephemeral"), "volumeClaimTemplate"), "spec");
        putIfAbsent(claimSpec, "volumeMode", "Filesystem");
        ObjectNode iscsi = child(volume, "iscsi");
        putIfAbsent(iscsi, "iscsiInterface", "default");
        ObjectNode rbd = child(volume, "rbd");
        putIfAbsent(rbd, "pool", "rbd");
        putIfAbsent(rbd, "user", "admin");
        putIfAbsent(rbd, "keyring", "/etc/ceph/keyring");
        ObjectNode azureDisk = child(volume, "azureDisk");
        putIfAbsent(azureDisk, "cachingMode", "ReadWrite");
        putIfAbsent(azureDisk, "fsType", "ext4");
        putIfAbsent(azureDisk, "kind", "Shared");
    }

    static void container(ObjectNode container) {
        putIfAbsent(container, "terminationMessagePath", "/dev/termination-log");
        putIfAbsent(container, "terminationMessagePolicy", "File");
        if (!container.has("imagePullPolicy")) {
            container.put("imagePullPolicy", pullPolicyFor(container.path("image").asText("")));
        }
        // Pods from offline tools are not validated: anything but an object is left alone.
        for (JsonNode port : container.path("ports")) {
            putIfAbsent(port instanceof ObjectNode p ? p : null, "protocol", "TCP");
        }
        for (JsonNode env : container.path("env")) {
            if (env instanceof ObjectNode e) {
                env(e);
            }
        }
        for (String probe : PROBES) {
            ObjectNode p = child(container, probe);
            if (p != null) {
                putIfAbsent(p, "timeoutSeconds", 1);
                putIfAbsent(p, "periodSeconds", 10);
                putIfAbsent(p, "successThreshold", 1);
                putIfAbsent(p, "failureThreshold", 3);
                httpGet(child(p, "httpGet"));
            }
        }
        ObjectNode lifecycle = child(container, "lifecycle");
        httpGet(child(child(lifecycle, "postStart"), "httpGet"));
        httpGet(child(child(lifecycle, "preStop"), "httpGet"));
        requestsFromLimits(child(container, "resources"));
    }

    /** Pods only (not templates): a limit without a request gives the request the limit's amount. */
    private static void requestsFromLimits(ObjectNode resources) {
        ObjectNode limits = child(resources, "limits");
        if (limits == null || limits.isEmpty()) {
            return;
        }
        ObjectNode requests = child(resources, "requests");
        if (requests == null) {
            requests = resources.putObject("requests");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = limits.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> limit = it.next();
            if (!requests.has(limit.getKey())) {
                requests.set(limit.getKey(), limit.getValue());
            }
        }
    }

    private static void httpGet(ObjectNode action) {
        putIfAbsent(action, "path", "/");
        putIfAbsent(action, "scheme", "HTTP");
    }

    /** In a pod with {@code hostNetwork: true} every container port without a hostPort gets its containerPort. */
    static void hostNetworkPorts(ObjectNode container) {
        for (JsonNode port : container.path("ports")) {
            if (port instanceof ObjectNode p && p.path("hostPort").asInt(0) == 0 && p.has("containerPort")) {
                p.set("hostPort", p.get("containerPort"));
            }
        }
    }

    static void toleration(ObjectNode toleration) {
        String op = toleration.path("operator").asText("");
        if (op.isEmpty()) {
            toleration.put("operator", "Equal");
        }
    }

    /** The API server's rule: Always for :latest or untagged images, else IfNotPresent. */
    static String pullPolicyFor(String image) {
        if (image.contains("@")) {
            return "IfNotPresent";
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        boolean tagged = colon > slash;
        return !tagged || image.substring(colon + 1).equals("latest") ? "Always" : "IfNotPresent";
    }

    private static void downwardItems(ObjectNode downwardApi) {
        if (downwardApi == null) {
            return;
        }
        for (JsonNode item : downwardApi.path("items")) {
            putIfAbsent(child(item instanceof ObjectNode o ? o : null, "fieldRef"), "apiVersion", "v1");
        }
    }

    private static ObjectNode child(ObjectNode parent, String name) {
        return parent != null && parent.get(name) instanceof ObjectNode o ? o : null;
    }

    private static void putIfAbsent(ObjectNode node, String field, String value) {
        if (node != null && !node.hasNonNull(field)) {
            node.put(field, value);
        }
    }

    private static void putIfAbsent(ObjectNode node, String field, int value) {
        if (node != null && !node.hasNonNull(field)) {
            node.put(field, value);
        }
    }
}
