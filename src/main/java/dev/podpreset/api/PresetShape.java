package dev.podpreset.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The structural check of a preset before it is bound and defaulted: a {@code null} anywhere in it (a
 * list entry, a map value, a field) is an error naming its path, so that no null ever reaches the
 * validator's rules, the selector matcher or the API defaults. Wrong types are left to the binding,
 * which names the field too.
 */
public final class PresetShape {
    private static final Pattern PLAIN_FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private PresetShape() {
    }

    /** A violation for every null in {@code node}, found at {@code path}. */
    public static List<Violation> nulls(String path, JsonNode node) {
        if (!hasNull(node)) {
            return List.of(); // every preset of a start is checked: no path is built for one without nulls
        }
        Violations out = new Violations();
        collect(path, node, out);
        return out.list();
    }

    private static boolean hasNull(JsonNode node) {
        if (node.isNull()) {
            return true;
        }
        for (JsonNode child : node) {
            if (hasNull(child)) {
                return true;
            }
        }
        return false;
    }

    private static void collect(String path, JsonNode node, Violations out) {
        if (node.isNull()) {
            out.invalid(path, "null: remove the field or give it a value");
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(path + "[" + i + "]", node.get(i), out);
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey();
                collect(PLAIN_FIELD.matcher(key).matches() ? path + "." + key : path + "[" + key + "]", e.getValue(), out);
            }
        }
    }
}
