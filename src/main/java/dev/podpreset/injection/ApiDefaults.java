package dev.podpreset.injection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The defaults the API server gives core v1 objects, applied to preset content before it is compared
 * with (already defaulted) pods, so that an identical entry is recognised as identical. Presets are
 * stored as written; pods arrive defaulted.
 */
final class ApiDefaults {
    static final int DEFAULT_MODE = 420;
    private static final List<String> PROBES = List.of("livenessProbe", "readinessProbe", "startupProbe");

    private ApiDefaults() {
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
        if (projected != null && projected.get("sources") instanceof com.fasterxml.jackson.databind.node.ArrayNode sources) {
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
        for (JsonNode port : container.path("ports")) {
            putIfAbsent((ObjectNode) port, "protocol", "TCP");
        }
        for (JsonNode env : container.path("env")) {
            env((ObjectNode) env);
        }
        for (String probe : PROBES) {
            ObjectNode p = child(container, probe);
            if (p != null) {
                putIfAbsent(p, "timeoutSeconds", 1);
                putIfAbsent(p, "periodSeconds", 10);
                putIfAbsent(p, "successThreshold", 1);
                putIfAbsent(p, "failureThreshold", 3);
                putIfAbsent(child(p, "httpGet"), "scheme", "HTTP");
            }
        }
        ObjectNode lifecycle = child(container, "lifecycle");
        putIfAbsent(child(child(lifecycle, "postStart"), "httpGet"), "scheme", "HTTP");
        putIfAbsent(child(child(lifecycle, "preStop"), "httpGet"), "scheme", "HTTP");
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
            putIfAbsent(child((ObjectNode) item, "fieldRef"), "apiVersion", "v1");
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
