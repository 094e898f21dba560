package dev.podpreset.injection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
        int lastAlike = -1;
        for (int slot = hash & mask; positions[slot] != 0; slot = (slot + 1) & mask) {
            if (hashes[slot] == hash) {
                lastAlike = slot;
            }
        }
        if (lastAlike < 0) {
            return null;
        }
        // Probing meets a hash's entries in the order they were indexed: the last alike is the last position.
        JsonNode entry = list.get(positions[lastAlike] - 1);
        if (key.apply(entry).equals(value)) {
            return entry;
        }
        // Another key of the same hash came last: compare the others, the last match counting.
        JsonNode found = null;
        for (int slot = hash & mask; slot != lastAlike; slot = (slot + 1) & mask) {
            if (hashes[slot] == hash) {
                JsonNode candidate = list.get(positions[slot] - 1);
                if (key.apply(candidate).equals(value)) {
                    found = candidate;
                }
            }
        }
        return found;
    }

    private static int hash(Object key) {
        int h = key.hashCode();
        return h ^ (h >>> 16);
    }
}
