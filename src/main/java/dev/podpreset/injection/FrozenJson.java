package dev.podpreset.injection;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Read-only JSON for prepared preset entries. Patches carry the presets' own trees instead of copies
 * (copying was half of the allocation of an admission), so those trees must never change: every object
 * and array of a frozen tree refuses writes with {@link UnsupportedOperationException}. Its top object
 * also remembers its JSON text once written, so that every later patch copies bytes instead of
 * escaping it again field by field; presets that never match never pay for that text.
 */
final class FrozenJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private FrozenJson() {
    }

    /** A read-only copy of {@code node} that writes itself as cached JSON text. */
    static ObjectNode freeze(ObjectNode node) {
        return new CachedTextObject(frozenFields(node));
    }

    private static JsonNode freezeChild(JsonNode node) {
        if (node instanceof ObjectNode o) {
            return new ObjectNode(F, frozenFields(o));
        }
        if (node instanceof ArrayNode a) {
            List<JsonNode> items = new ArrayList<>(a.size());
            a.forEach(item -> items.add(freezeChild(item)));
            return new ArrayNode(F, Collections.unmodifiableList(items));
        }
        return node; // value nodes are immutable
    }

    private static Map<String, JsonNode> frozenFields(ObjectNode node) {
        // Sized to fit: most entries have two or three fields, and 10,000 presets hold ~100,000 objects.
        Map<String, JsonNode> fields = new LinkedHashMap<>((int) (node.size() / 0.75f) + 1);
        node.fields().forEachRemaining(e -> fields.put(e.getKey(), freezeChild(e.getValue())));
        return Collections.unmodifiableMap(fields);
    }

    /** A frozen top object; writes the same JSON as an ObjectNode with the same fields. */
    private static final class CachedTextObject extends ObjectNode {
        /** Written on first serialisation; racing threads compute the same text. */
        private volatile SerializedString text;

        CachedTextObject(Map<String, JsonNode> fields) {
            super(F, fields);
        }

        @Override
        public void serialize(JsonGenerator g, SerializerProvider provider) throws IOException {
            SerializedString t = text;
            if (t == null) {
                t = new SerializedString(new ObjectNode(F, _children).toString());
                text = t;
            }
            g.writeRawValue(t);
        }

        @Override
        public void serializeWithType(JsonGenerator g, SerializerProvider provider, TypeSerializer typeSer)
                throws IOException {
            new ObjectNode(F, _children).serializeWithType(g, provider, typeSer);
        }
    }
}
