package dev.podpreset.injection;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.function.Function;

/** The identity of list entries: two entries with the same key must be equal or they conflict. */
final class MergeKeys {
    static final Function<JsonNode, Object> NAME = n -> n.path("name").asText();
    static final Function<JsonNode, Object> MOUNT_PATH = n -> n.path("mountPath").asText();
    /** envFrom has no name: its identity is (prefix, configMapRef name, secretRef name), as upstream. */
    static final Function<JsonNode, Object> ENV_FROM = n -> n.path("prefix").asText()
            + '\u0000' + ref(n, "configMapRef") + '\u0000' + ref(n, "secretRef");
    /**
     * Tolerations are a set: the key is the whole entry (all five fields, absent operator meaning
     * Equal), built field by field so that the order of fields in the JSON does not matter.
     */
    static final Function<JsonNode, Object> TOLERATION = n -> {
        String operator = n.path("operator").asText("");
        return n.path("key").asText("") + '\u0000' + (operator.isEmpty() ? "Equal" : operator) + '\u0000'
                + n.path("value").asText("") + '\u0000' + n.path("effect").asText("") + '\u0000'
                + (n.path("tolerationSeconds").isNumber() ? n.path("tolerationSeconds").asLong() : "");
    };
    /** Set-like entries without defaults (node selector requirements, preferred terms): the whole entry, normalised. */
    static final Function<JsonNode, Object> WHOLE = SemanticJson::normalize;

    private MergeKeys() {
    }

    /** {@code configMapRef "a" with prefix "P_"}: an envFrom entry in a conflict. */
    static String describeEnvFrom(JsonNode e) {
        String source = e.has("configMapRef") ? "configMapRef \"" + e.path("configMapRef").path("name").asText() + "\""
                : "secretRef \"" + e.path("secretRef").path("name").asText() + "\"";
        String prefix = e.path("prefix").asText();
        return prefix.isEmpty() ? source : source + " with prefix \"" + prefix + "\"";
    }

    private static String ref(JsonNode n, String field) {
        JsonNode ref = n.get(field);
        return ref == null || ref.isNull() ? "-" : "+" + ref.path("name").asText();
    }
}
