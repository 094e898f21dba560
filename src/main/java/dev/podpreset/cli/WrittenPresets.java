package dev.podpreset.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.injection.PreparedPreset;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The presets' specs as their authors wrote them, by display name. The engine patches in each entry as
 * the API server stores it (defaulted: {@code terminationMessagePath}, {@code defaultMode: 420}, ...,
 * and in its model's field order), which the webhook needs and the API server would add anyway; offline
 * output shows the entry as written instead, so that a diff carries what the preset says and nothing else.
 */
final class WrittenPresets {
    private final Map<String, JsonNode> specs = new HashMap<>();

    void putAll(Map<String, JsonNode> more) {
        specs.putAll(more);
    }

    void put(String displayName, JsonNode spec) {
        specs.put(displayName, spec);
    }

    /**
     * Whether a ClusterPodPreset selects namespaces by their labels (a namespaceSelector that is not empty);
     * true when unknown.
     */
    boolean selectsNamespacesByLabel(String displayName) {
        JsonNode spec = specs.get(displayName);
        if (spec == null) {
            return true;
        }
        JsonNode selector = spec.path("namespaceSelector");
        return !selector.path("matchLabels").isEmpty() || !selector.path("matchExpressions").isEmpty();
    }

    /**
     * {@code patch} with every entry it adds (an object, or each object of an added list) replaced by the
     * entry of an applied preset it was made from: the largest one written that it contains. Entries
     * without such a source stay as they are. Returns a copy.
     */
    ArrayNode asWritten(ArrayNode patch, List<PreparedPreset> applied) {
        List<JsonNode> sources = new ArrayList<>();
        for (PreparedPreset preset : applied) {
            JsonNode spec = specs.get(preset.displayName());
            if (spec != null) {
                entries(spec, sources);
            }
        }
        // A copy either way: the engine's patch shares its values with every other admission.
        ArrayNode out = patch.deepCopy();
        if (sources.isEmpty()) {
            return out;
        }
        for (JsonNode op : out) {
            JsonNode value = op.get("value");
            if (value instanceof ObjectNode) {
                ((ObjectNode) op).set("value", asWritten(value, sources));
            } else if (value instanceof ArrayNode list) {
                for (int i = 0; i < list.size(); i++) {
                    list.set(i, asWritten(list.get(i), sources));
                }
            }
        }
        return out;
    }

    private static JsonNode asWritten(JsonNode added, List<JsonNode> sources) {
        if (!added.isObject()) {
            return added;
        }
        JsonNode best = null;
        int bestSize = 0;
        for (JsonNode source : sources) {
            if (contains(added, source) && leaves(source) > bestSize) {
                best = source;
                bestSize = leaves(source);
            }
        }
        return best == null ? added : best.deepCopy();
    }

    /** Every object that is an element of a list in {@code node}: the entries a preset may inject. */
    private static void entries(JsonNode node, List<JsonNode> out) {
        if (node.isArray()) {
            node.forEach(item -> {
                if (item.isObject()) {
                    out.add(item);
                }
                entries(item, out);
            });
        } else if (node.isObject()) {
            node.forEach(child -> entries(child, out));
        }
    }

    /** Whether {@code whole} has every field of {@code part} with an equal value (scalars compared as text). */
    private static boolean contains(JsonNode whole, JsonNode part) {
        if (part.isObject()) {
            if (!whole.isObject()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = part.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!whole.has(e.getKey()) || !contains(whole.get(e.getKey()), e.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (part.isArray()) {
            if (!whole.isArray() || whole.size() != part.size()) {
                return false;
            }
            for (int i = 0; i < part.size(); i++) {
                if (!contains(whole.get(i), part.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return part.equals(whole) || (part.isValueNode() && whole.isValueNode() && part.asText().equals(whole.asText()));
    }

    private static int leaves(JsonNode node) {
        if (node.isContainerNode()) {
            int n = 0;
            for (JsonNode child : node) {
                n += leaves(child);
            }
            return n;
        }
        return 1;
    }
}
