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
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Read-only JSON for prepared preset entries. Patches carry the presets' own trees instead of copies
 * (copying was half of the allocation of an admission), so those trees must never change: every object
 * and array of a frozen tree refuses writes with {@link UnsupportedOperationException}, and holds its
 * fields in a compact form, since a cluster's presets may hold 100,000 of them. Its top object
 * also remembers its JSON text once written, so that every later patch copies bytes instead of
 * escaping it again field by field; presets that never match never pay for that text.
 */
final class FrozenJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /**
     * Field names of frozen objects, one array per list of names: presets repeat a few shapes ({name, value},
     * {name, mountPath, readOnly}, ...) thousands of times. Bounded, since unknown fields are the authors' to add.
     */
    private static final Map<List<String>, String[]> SHAPES = new ConcurrentHashMap<>();
    private static final int MAX_SHAPES = 4096;

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
            return new ArrayNode(F, List.copyOf(items));
        }
        return node; // value nodes are immutable
    }

    private static Map<String, JsonNode> frozenFields(ObjectNode node) {
        String[] names = new String[node.size()];
        JsonNode[] values = new JsonNode[node.size()];
        int i = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); i++) {
            Map.Entry<String, JsonNode> field = it.next();
            names[i] = field.getKey();
            values[i] = freezeChild(field.getValue());
        }
        return new Fields(shared(names), values);
    }

    /** The array of these names that frozen objects already share, or {@code names}, shared from now on. */
    private static String[] shared(String[] names) {
        List<String> shape = Arrays.asList(names);
        String[] known = SHAPES.get(shape);
        if (known != null) {
            return known;
        }
        if (SHAPES.size() >= MAX_SHAPES) {
            return names;
        }
        known = SHAPES.putIfAbsent(shape, names); // names is never written again: it may back the key
        return known != null ? known : names;
    }

    /** Read-only fields, in this order; {@code names} may be shared by many objects, neither array is copied. */
    static Map<String, JsonNode> fields(String[] names, JsonNode[] values) {
        return new Fields(names, values);
    }

    /**
     * An object's fields in order, read-only, in two arrays: 10,000 presets hold ~100,000 objects, and a
     * LinkedHashMap with its entries, table and views took about four times the memory. Lookups scan;
     * these objects have a handful of fields.
     */
    private static final class Fields extends AbstractMap<String, JsonNode> {
        private final String[] names;
        private final JsonNode[] values;

        Fields(String[] names, JsonNode[] values) {
            this.names = names;
            this.values = values;
        }

        @Override
        public JsonNode get(Object name) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(name)) {
                    return values[i];
                }
            }
            return null;
        }

        @Override
        public boolean containsKey(Object name) {
            return get(name) != null;
        }

        @Override
        public int size() {
            return names.length;
        }

        @Override
        public Set<Map.Entry<String, JsonNode>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Map.Entry<String, JsonNode>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < names.length;
                        }

                        @Override
                        public Map.Entry<String, JsonNode> next() {
                            if (next >= names.length) {
                                throw new NoSuchElementException();
                            }
                            int i = next++;
                            return new SimpleImmutableEntry<>(names[i], values[i]);
                        }
                    };
                }

                @Override
                public int size() {
                    return names.length;
                }
            };
        }
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
