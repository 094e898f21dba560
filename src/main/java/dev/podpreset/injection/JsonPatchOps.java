package dev.podpreset.injection;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.IOException;
import java.util.Map;

/** RFC 6902 operations. We only ever add, so nothing of the incoming pod can be lost. */
final class JsonPatchOps {
    private static final SerializedString OP = new SerializedString("op");
    private static final SerializedString PATH = new SerializedString("path");
    private static final SerializedString VALUE = new SerializedString("value");
    private static final SerializedString ADD = new SerializedString("add");
    private static final String[] FIELD_NAMES = {OP.getValue(), PATH.getValue(), VALUE.getValue()};
    private static final TextNode ADD_NODE = TextNode.valueOf(ADD.getValue());

    private JsonPatchOps() {
    }

    static ObjectNode add(String path, JsonNode value) {
        return add(new SerializedString(path), value);
    }

    /** An add operation; {@code path} may be shared by many (a list's "/-" path), it keeps its JSON escaping. */
    static ObjectNode add(SerializableString path, JsonNode value) {
        return new AddOperation(path, value);
    }

    /** RFC 6901 escaping of one reference token: '~' first, then '/'. */
    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    /**
     * {"op":"add","path":...,"value":...}, read-only. A patch holds one per injected entry (400 for a large
     * pod), so it writes its constant names and its path as ready-escaped bytes instead of escaping every
     * field of a plain ObjectNode on every admission; the JSON is the same.
     */
    private static final class AddOperation extends ObjectNode {
        private final SerializableString path;
        private final JsonNode value;

        AddOperation(SerializableString path, JsonNode value) {
            super(JsonNodeFactory.instance, fields(path, value));
            this.path = path;
            this.value = value;
        }

        private static Map<String, JsonNode> fields(SerializableString path, JsonNode value) {
            return FrozenJson.fields(FIELD_NAMES, new JsonNode[] {ADD_NODE, TextNode.valueOf(path.getValue()), value});
        }

        @Override
        public void serialize(JsonGenerator g, SerializerProvider provider) throws IOException {
            g.writeStartObject(this);
            g.writeFieldName(OP);
            g.writeString(ADD);
            g.writeFieldName(PATH);
            g.writeString(path);
            g.writeFieldName(VALUE);
            ((JsonSerializable) value).serialize(g, provider);
            g.writeEndObject();
        }

        @Override
        public void serializeWithType(JsonGenerator g, SerializerProvider provider, TypeSerializer typeSer)
                throws IOException {
            new ObjectNode(JsonNodeFactory.instance, _children).serializeWithType(g, provider, typeSer);
        }
    }
}
