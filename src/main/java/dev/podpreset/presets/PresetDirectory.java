package dev.podpreset.presets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.podpreset.injection.PreparedPreset;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads presets and namespaces from the {@code *.yaml}, {@code *.yml} and {@code *.json} files of one
 * directory (not its subdirectories). Multi-document YAML and {@code kind: List} are allowed. A file or
 * document that cannot be used is logged with its file, position and field, and skipped.
 */
public final class PresetDirectory {
    private static final Logger LOG = Logger.getLogger(PresetDirectory.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final YAMLMapper YAML = new YAMLMapper();

    /** What was loaded, plus a line per problem. */
    public record Contents(List<PreparedPreset> presets, Map<String, Map<String, String>> namespaceLabels,
                           List<String> problems) {
        public PresetSnapshot snapshot() {
            return new PresetSnapshot(presets, namespaceLabels);
        }
    }

    private PresetDirectory() {
    }

    public static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().matches(".*\\.(ya?ml|json)$"))
                    .sorted()
                    .toList();
        }
    }

    public static Contents load(Path dir) throws IOException {
        List<PreparedPreset> presets = new ArrayList<>();
        Map<String, Map<String, String>> namespaces = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (Path file : files(dir)) {
            // Each document is prepared as soon as it is read, so thousands of presets never sit in memory
            // as raw trees too; a file that fails to parse still contributes nothing.
            List<PreparedPreset> filePresets = new ArrayList<>();
            Map<String, Map<String, String>> fileNamespaces = new HashMap<>();
            List<String> fileProblems = new ArrayList<>();
            int[] number = {0};
            try {
                forEachDocument(file, doc -> collect(doc, file + " document " + (++number[0]), filePresets,
                        fileNamespaces, fileProblems));
            } catch (IOException | RuntimeException e) {
                // The YAML reader reports syntax errors of later documents as runtime exceptions.
                problems.add(file + ": cannot parse: " + firstLine(e.getMessage()));
                continue;
            }
            presets.addAll(filePresets);
            namespaces.putAll(fileNamespaces);
            problems.addAll(fileProblems);
        }
        problems.forEach(p -> LOG.warnf("Skipped %s", p));
        return new Contents(List.copyOf(presets), Map.copyOf(namespaces), List.copyOf(problems));
    }

    /** The documents of one file; blank documents are dropped. */
    public static List<JsonNode> read(Path file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        forEachDocument(file, docs::add);
        return docs;
    }

    /** Hands each non-blank document of one file to {@code action}, in order, as it is read. */
    private static void forEachDocument(Path file, java.util.function.Consumer<JsonNode> action) throws IOException {
        if (file.toString().endsWith(".json")) {
            JsonNode d = JSON.readTree(file.toFile());
            if (!blank(d)) {
                action.accept(d);
            }
            return;
        }
        try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
            while (it.hasNext()) {
                JsonNode d = it.next();
                if (!blank(d)) {
                    action.accept(d);
                }
            }
        } catch (RuntimeException e) {
            // MappingIterator reports parse errors of later documents unchecked.
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        }
    }

    private static boolean blank(JsonNode d) {
        return d == null || d.isNull() || d.isMissingNode() || (d.isObject() && d.isEmpty());
    }

    private static void collect(JsonNode doc, String where, List<PreparedPreset> presets,
                                Map<String, Map<String, String>> namespaces, List<String> problems) {
        String kind = doc.path("kind").asText();
        if (kind.equals("List")) {
            int i = 0;
            for (JsonNode item : doc.path("items")) {
                collect(item, where + " item " + (++i), presets, namespaces, problems);
            }
        } else if (kind.equals("Namespace")) {
            String name = doc.path("metadata").path("name").asText();
            if (name.isEmpty()) {
                problems.add(where + " (Namespace): metadata.name: Required value");
                return;
            }
            Map<String, String> labels = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("metadata").path("labels").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                labels.put(e.getKey(), e.getValue().asText());
            }
            namespaces.put(name, NamespaceLabels.of(name, labels));
        } else if (PresetDocuments.isPreset(doc)) {
            if (kind.equals("PodPreset") && doc.path("metadata").path("namespace").asText().isEmpty()
                    && doc.path("metadata").isObject()) {
                // kubectl's rule for a manifest without a namespace.
                ((com.fasterxml.jackson.databind.node.ObjectNode) doc.get("metadata")).put("namespace", "default");
            }
            try {
                presets.add(PresetDocuments.prepare(doc));
            } catch (InvalidDocumentException e) {
                problems.add(where + " (" + kind + " " + doc.path("metadata").path("name").asText() + "): " + e.getMessage());
            }
        } else {
            problems.add(where + ": kind: Unsupported value \"" + kind + "\": expected PodPreset, ClusterPodPreset, Namespace or List");
        }
    }

    private static String firstLine(String s) {
        int nl = s == null ? -1 : s.indexOf('\n');
        return nl < 0 ? String.valueOf(s) : s.substring(0, nl);
    }
}
