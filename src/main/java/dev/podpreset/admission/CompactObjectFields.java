package dev.podpreset.admission;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The fields of one object of a parsed review, in the order they came, held in a single array while there are few.
 * Nearly every object of a pod has a handful of fields, and Jackson's LinkedHashMap, with its table and an entry per
 * field, takes about three times the memory: a pod of many env entries was a tree of several times its own size
 * for as long as it was reviewed. Past {@link #SCAN_LIMIT} fields they move into a LinkedHashMap, so that an object
 * of many fields is never looked up by scanning.
 */
final class CompactObjectFields extends AbstractMap<String, JsonNode> {
    /** Most fields kept in the array; field names are interned by the parser, so a scan compares references. */
    static final int SCAN_LIMIT = 16;
    private static final Object[] NONE = {};

    private Object[] slots = NONE; // name, value, name, value, ...
    private int size;
    private LinkedHashMap<String, JsonNode> many;
    private int changes; // structural changes, for the iterators

    @Override
    public int size() {
        return many != null ? many.size() : size;
    }

    @Override
    public JsonNode get(Object name) {
        if (many != null) {
            return many.get(name);
        }
        int i = indexOf(name);
        return i < 0 ? null : value(i);
    }

    @Override
    public boolean containsKey(Object name) {
        return many != null ? many.containsKey(name) : indexOf(name) >= 0;
    }

    @Override
    public JsonNode put(String name, JsonNode value) {
        if (many != null) {
            return many.put(name, value);
        }
        int i = indexOf(name);
        if (i >= 0) {
            JsonNode old = value(i);
            slots[2 * i + 1] = value;
            return old;
        }
        changes++;
        if (size == SCAN_LIMIT) {
            LinkedHashMap<String, JsonNode> all = new LinkedHashMap<>(4 * SCAN_LIMIT);
            forEach(all::put);
            all.put(name, value);
            many = all;
            slots = NONE;
            size = 0;
            return null;
        }
        if (2 * size == slots.length) {
            slots = Arrays.copyOf(slots, Math.max(4, 2 * slots.length));
        }
        slots[2 * size] = name;
        slots[2 * size + 1] = value;
        size++;
        return null;
    }

    @Override
    public JsonNode remove(Object name) {
        if (many != null) {
            return many.remove(name);
        }
        int i = indexOf(name);
        if (i < 0) {
            return null;
        }
        JsonNode old = value(i);
        removeAt(i);
        return old;
    }

    @Override
    public void clear() {
        changes++;
        many = null;
        slots = NONE;
        size = 0;
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super JsonNode> action) {
        if (many != null) {
            many.forEach(action);
            return;
        }
        for (int i = 0; i < size; i++) {
            action.accept(name(i), value(i));
        }
    }

    @Override
    public Set<Map.Entry<String, JsonNode>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, JsonNode>> iterator() {
                return many != null ? many.entrySet().iterator() : new Fields();
            }

            @Override
            public int size() {
                return CompactObjectFields.this.size();
            }
        };
    }

    private int indexOf(Object name) {
        for (int i = 0; i < size; i++) {
            Object n = slots[2 * i];
            if (n == name || n.equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private String name(int i) {
        return (String) slots[2 * i];
    }

    private JsonNode value(int i) {
        return (JsonNode) slots[2 * i + 1];
    }

    private void removeAt(int i) {
        changes++;
        System.arraycopy(slots, 2 * i + 2, slots, 2 * i, 2 * (size - i - 1));
        size--;
        slots[2 * size] = null;
        slots[2 * size + 1] = null;
    }

    /** The array's fields in order; removes through the map, and fails fast on any other structural change. */
    private final class Fields implements Iterator<Map.Entry<String, JsonNode>> {
        private int next;
        private int last = -1;
        private int expected = changes;

        @Override
        public boolean hasNext() {
            return next < size;
        }

        @Override
        public Map.Entry<String, JsonNode> next() {
            checkUnchanged();
            if (next >= size) {
                throw new NoSuchElementException();
            }
            last = next++;
            return new Field(name(last), value(last));
        }

        @Override
        public void remove() {
            if (last < 0) {
                throw new IllegalStateException("next() not called, or already removed");
            }
            checkUnchanged();
            removeAt(last);
            next = last;
            last = -1;
            expected = changes;
        }

        private void checkUnchanged() {
            if (changes != expected || many != null) {
                throw new ConcurrentModificationException();
            }
        }
    }

    /** One field; setting its value sets it in the map. */
    private final class Field extends SimpleEntry<String, JsonNode> {
        Field(String name, JsonNode value) {
            super(name, value);
        }

        @Override
        public JsonNode setValue(JsonNode value) {
            put(getKey(), value);
            return super.setValue(value);
        }
    }
}
