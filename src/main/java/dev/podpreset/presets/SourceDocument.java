package dev.podpreset.presets;

import com.fasterxml.jackson.databind.JsonNode;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.util.List;

/**
 * One non-blank document of a YAML or JSON stream, read by {@link YamlDocuments}: its JSON form as
 * kubectl would send it, where it came from, and the line of any field in it.
 */
public final class SourceDocument {
    private final String source;
    private final int number;
    private final int line;
    private final JsonNode node;
    /** The composed YAML, for the lines of fields; null for a JSON document. */
    private final Node yaml;

    SourceDocument(String source, int number, int line, JsonNode node, Node yaml) {
        this.source = source;
        this.number = number;
        this.line = line;
        this.node = node;
        this.yaml = yaml;
    }

    /** The file as the user named it, or {@code <stdin>}. */
    public String source() {
        return source;
    }

    /** The document's number in its stream, from 1, counting blank documents too. */
    public int number() {
        return number;
    }

    /** The line the document's content starts on, from 1. */
    public int line() {
        return line;
    }

    public JsonNode node() {
        return node;
    }

    /** {@code pods.yaml document 2}: which document, for reports. */
    public String where() {
        return source + " document " + number;
    }

    /** {@code pods.yaml:14}: where a field ({@code spec.env[0].name}, {@code metadata.labels[app]}) is written. */
    public String at(String field) {
        return source + ":" + lineOf(field);
    }

    /**
     * The line of {@code field}, a path as validators name fields ({@code spec.volumes[1].name},
     * {@code spec.selector.matchLabels[app]}); the line of the deepest part of it that exists, else the
     * document's line. A field that came in through an alias or merge key is on the line it is written on.
     */
    public int lineOf(String field) {
        if (yaml == null || field == null || field.isEmpty()) {
            return line;
        }
        Node at = yaml;
        int found = line;
        for (String step : FieldPath.steps(field)) {
            NodeTuple entry = null;
            Node next = null;
            if (at instanceof SequenceNode seq) {
                int i = index(step);
                next = i >= 0 && i < seq.getValue().size() ? seq.getValue().get(i) : null;
            } else if (at instanceof MappingNode map) {
                entry = entry(map.getValue(), step);
                next = entry == null ? null : entry.getValueNode();
            }
            if (next == null) {
                break;
            }
            // A key is where its field is written (its value may be an alias to a node written elsewhere).
            found = (entry != null ? entry.getKeyNode() : next).getStartMark().getLine() + 1;
            at = next;
        }
        return found;
    }

    private static int index(String step) {
        try {
            return Integer.parseInt(step);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The entry of key {@code step}: the last one written wins, then the merged mappings. */
    private static NodeTuple entry(List<NodeTuple> tuples, String step) {
        for (int i = tuples.size() - 1; i >= 0; i--) {
            if (tuples.get(i).getKeyNode() instanceof ScalarNode key && key.getValue().equals(step)) {
                return tuples.get(i);
            }
        }
        for (NodeTuple tuple : tuples) {
            if (tuple.getKeyNode() instanceof ScalarNode key && key.getValue().equals(YamlDocuments.MERGE_KEY)) {
                Node merged = tuple.getValueNode();
                for (Node source : merged instanceof SequenceNode seq ? seq.getValue() : List.of(merged)) {
                    NodeTuple found = source instanceof MappingNode m ? entry(m.getValue(), step) : null;
                    if (found != null) {
                        return found;
                    }
                }
            }
        }
        return null;
    }

    /** The steps of a field path: {@code a.b[0].c[key.with.dots]} is a, b, 0, c, key.with.dots. */
    static final class FieldPath {
        private FieldPath() {
        }

        static List<String> steps(String path) {
            List<String> out = new java.util.ArrayList<>();
            StringBuilder step = new StringBuilder();
            for (int i = 0; i < path.length(); i++) {
                char c = path.charAt(i);
                if (c == '.' || c == '[') {
                    if (step.length() > 0) {
                        out.add(step.toString());
                        step.setLength(0);
                    }
                    if (c == '[') {
                        int close = path.indexOf(']', i);
                        if (close < 0) {
                            close = path.length();
                        }
                        out.add(path.substring(i + 1, close));
                        i = close;
                    }
                } else {
                    step.append(c);
                }
            }
            if (step.length() > 0) {
                out.add(step.toString());
            }
            return out;
        }
    }
}
