package dev.podpreset.injection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** RFC 6902 operations. We only ever add, so nothing of the incoming pod can be lost. */
final class JsonPatchOps {
    private JsonPatchOps() {
    }

    static ObjectNode add(String path, JsonNode value) {
        ObjectNode op = JsonNodeFactory.instance.objectNode();
        op.put("op", "add");
        op.put("path", path);
        op.set("value", value);
        return op;
    }

    /** RFC 6901 escaping of one reference token: '~' first, then '/'. */
    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
