package dev.podpreset.injection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.function.Function;

/** The identity of list entries: two entries with the same key must be equal or they conflict. */
final class MergeKeys {
    static final Function<JsonNode, String> NAME = n -> n.path("name").asText();
    static final Function<JsonNode, String> MOUNT_PATH = n -> n.path("mountPath").asText();
    /** envFrom has no name: its identity is (prefix, configMapRef name, secretRef name), as upstream. */
    static final Function<JsonNode, String> ENV_FROM = n -> n.path("prefix").asText()
            + '\u0000' + ref(n, "configMapRef") + '\u0000' + ref(n, "secretRef");
    /** Tolerations are a set: the key is the whole entry, absent operator meaning Equal. */
    static final Function<JsonNode, String> TOLERATION = n -> {
        ObjectNode copy = ((ObjectNode) n).deepCopy();
        ApiDefaults.toleration(copy);
        return SemanticJson.normalize(copy).toString();
    };

    private MergeKeys() {
    }

    private static String ref(JsonNode n, String field) {
        JsonNode ref = n.get(field);
        return ref == null || ref.isNull() ? "-" : "+" + ref.path("name").asText();
    }
}
