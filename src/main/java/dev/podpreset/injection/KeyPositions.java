package dev.podpreset.injection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Arrays;
import java.util.function.Function;

/**
 * A list of the pod indexed by merge key, holding only the hash of each entry's key and its position: a lookup
 * reads back the entries whose keys hash alike and compares their keys. A pod's list may have tens of thousands
 * of entries, which the admission reader keeps as bytes; a map would hold all of them and their keys as nodes.
 */
final class KeyPositions {
    private final ArrayNode list;
    private final Function<JsonNode, Object> key;
    /** Open addressing, linear probing: position + 1 of an entry (0 for a free slot) and its key's hash. */
    private final int[] positions;
    private final int[] hashes;

    /** Indexes the object entries of {@code list} by {@code key}, reading each once. */
    KeyPositions(ArrayNode list, Function<JsonNode, Object> key) {
        this.list = list;
        this.key = key;
        int capacity = Integer.highestOneBit(Math.max(2, list.size()) * 2 - 1) * 2;
        positions = new int[capacity];
        hashes = new int[capacity];
        int position = 0;
        for (JsonNode entry : list) {
            if (entry instanceof ObjectNode) {
                int hash = hash(key.apply(entry));
                int slot = hash & (capacity - 1);
                while (positions[slot] != 0) {
                    slot = (slot + 1) & (capacity - 1);
                }
                positions[slot] = position + 1;
                hashes[slot] = hash;
            }
            position++;
        }
    }

    /** The last entry whose key equals {@code value} (the one that counts if the pod repeats a key), or null. */
    JsonNode last(Object value) {
        int hash = hash(value);
        int mask = positions.length - 1;
        int[] alike = new int[4];
        int count = 0;
        for (int slot = hash & mask; positions[slot] != 0; slot = (slot + 1) & mask) {
            if (hashes[slot] == hash) {
                if (count == alike.length) {
                    alike = Arrays.copyOf(alike, count * 2);
                }
                alike[count++] = positions[slot] - 1;
            }
        }
        // Probing meets a hash's entries in the order they were indexed, so the last match is the last position.
        for (int i = count - 1; i >= 0; i--) {
            JsonNode entry = list.get(alike[i]);
            if (key.apply(entry).equals(value)) {
                return entry;
            }
        }
        return null;
    }

    private static int hash(Object key) {
        int h = key.hashCode();
        return h ^ (h >>> 16);
    }
}
