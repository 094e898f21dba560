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
 * directory (not its subdirectories). Multi-document YAML and {@code kind: List} are allowed. A document
 * that cannot be used is logged with its file, position and field, and skipped alone; a file that cannot
 * be parsed contributes nothing.
 *
 * <p>Reloads pass what each file gave last time: a file that is caught half written (it does not parse,
 * is empty, or has a document without kind or name) keeps giving its last content until it reads whole
 * again, and a preset that turns invalid keeps its last valid version (both logged, and the invalid one
 * is still reported).
 */
public final class PresetDirectory {
    private static final Logger LOG = Logger.getLogger(PresetDirectory.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final YAMLMapper YAML = new YAMLMapper();
    /** kubectl's namespace for a manifest without one. */
    static final String DEFAULT_NAMESPACE = "default";

    /** What was loaded, a line per problem, and what each file gave (for the next reload). */
    public record Contents(List<PreparedPreset> presets, Map<String, Map<String, String>> namespaceLabels,
                           List<InvalidPreset> invalid, List<String> problems, Map<Path, FileContents> files) {
        public PresetSnapshot snapshot() {
            return new PresetSnapshot(presets, namespaceLabels, invalid);
        }
    }

    /** What one file gave; {@code partial} when it looked half written. */
    public record FileContents(List<PreparedPreset> presets, Map<String, Map<String, String>> namespaceLabels,
                               List<InvalidPreset> invalid, List<String> problems, String partial) {
    }

    private PresetDirectory() {
    }

    /** The preset files of a directory, in name order; a regular file given instead is its own list. */
    public static List<Path> files(Path dir) throws IOException {
        if (Files.isRegularFile(dir)) {
            return List.of(dir);
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().matches(".*\\.(ya?ml|json)$"))
                    .sorted()
                    .toList();
        }
    }

    public static Contents load(Path dir) throws IOException {
        return load(dir, Map.of());
    }

    /** Loads the directory; {@code previous} is {@link Contents#files()} of the last load. */
    public static Contents load(Path dir, Map<Path, FileContents> previous) throws IOException {
        List<PreparedPreset> presets = new ArrayList<>();
        Map<String, Map<String, String>> namespaces = new HashMap<>();
        List<InvalidPreset> invalid = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<Path, FileContents> files = new HashMap<>();
        for (Path file : files(dir)) {
            FileContents before = previous.get(file);
            FileContents now = readFile(file, before);
            if (now.partial() != null && before != null) {
                problems.add(file + ": " + now.partial() + "; serving the " + before.presets().size()
                        + " presets it had until it reads whole again");
                now = before;
            } else {
                problems.addAll(now.problems());
            }
            files.put(file, now);
            presets.addAll(now.presets());
            namespaces.putAll(now.namespaceLabels());
            invalid.addAll(now.invalid());
        }
        problems.forEach(p -> LOG.warnf("Skipped %s", p));
        return new Contents(List.copyOf(presets), Map.copyOf(namespaces), List.copyOf(invalid), List.copyOf(problems),
                Map.copyOf(files));
    }

    /**
     * One file, each document prepared as soon as it is read (thousands never sit in memory as raw trees);
     * {@code before} gives the last valid version of each of its presets.
     */
    private static FileContents readFile(Path file, FileContents before) {
        FileContents out = new FileContents(new ArrayList<>(), new HashMap<>(), new ArrayList<>(), new ArrayList<>(), null);
        Map<String, PreparedPreset> lastValid = new HashMap<>();
        if (before != null) {
            before.presets().forEach(p -> lastValid.put(identity(p.kind().kind(), p.namespace(), p.name()), p));
        }
        String[] partial = {null};
        int[] number = {0};
        byte[] content;
        try {
            // Read once: the checks below and the documents see the same content, whatever a writer does meanwhile.
            content = Files.readAllBytes(file);
            forEachDocument(file, content, doc -> {
                String where = file + " document " + (++number[0]);
                if (partial[0] == null) {
                    partial[0] = incomplete(doc, "document " + number[0]);
                }
                collect(doc, where, lastValid, out);
            });
        } catch (IOException | RuntimeException e) {
            // The YAML reader reports syntax errors of later documents as runtime exceptions.
            String why = "cannot parse: " + firstLine(e.getMessage());
            return new FileContents(List.of(), Map.of(), List.of(), List.of(file + ": " + why), why);
        }
        if (content.length == 0) {
            partial[0] = "empty (truncated)"; // the first step of a rewrite in place; comments only is not this
        }
        return new FileContents(List.copyOf(out.presets()), Map.copyOf(out.namespaceLabels()), List.copyOf(out.invalid()),
                List.copyOf(out.problems()), partial[0]);
    }

    /** Why a document looks cut short (no kind we read, or a preset or namespace without a name), else null. */
    private static String incomplete(JsonNode doc, String which) {
        String kind = doc.path("kind").asText();
        if (!kind.equals("Namespace") && !kind.equals("List") && !PresetDocuments.isPreset(doc)) {
            return which + " has no kind this directory can hold (\"" + kind + "\")";
        }
        if (!kind.equals("List") && doc.path("metadata").path("name").asText().isEmpty()) {
            return which + " has no metadata.name";
        }
        return null;
    }

    private static String identity(String kind, String namespace, String name) {
        return kind + "/" + (namespace == null ? "" : namespace) + "/" + name;
    }

    /** The documents of one file; blank documents are dropped. */
    public static List<JsonNode> read(Path file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        forEachDocument(file, Files.readAllBytes(file), docs::add);
        return docs;
    }

    /** Hands each non-blank document of one file's content to {@code action}, in order, as it is read. */
    private static void forEachDocument(Path file, byte[] content, java.util.function.Consumer<JsonNode> action)
            throws IOException {
        if (file.toString().endsWith(".json")) {
            JsonNode d = JSON.readTree(content);
            if (!blank(d)) {
                action.accept(d);
            }
            return;
        }
        try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(content)) {
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

    private static void collect(JsonNode doc, String where, Map<String, PreparedPreset> lastValid, FileContents out) {
        String kind = doc.path("kind").asText();
        if (kind.equals("List")) {
            int i = 0;
            for (JsonNode item : doc.path("items")) {
                collect(item, where + " item " + (++i), lastValid, out);
            }
        } else if (kind.equals("Namespace")) {
            String name = doc.path("metadata").path("name").asText();
            if (name.isEmpty()) {
                out.problems().add(where + " (Namespace): metadata.name: Required value");
                return;
            }
            Map<String, String> labels = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("metadata").path("labels").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                labels.put(e.getKey(), e.getValue().asText());
            }
            out.namespaceLabels().put(name, NamespaceLabels.of(name, labels));
        } else if (PresetDocuments.isPreset(doc)) {
            try {
                out.presets().add(PresetDocuments.prepare(doc, DEFAULT_NAMESPACE));
            } catch (InvalidDocumentException e) {
                InvalidPreset invalid = e.preset();
                out.invalid().add(invalid);
                PreparedPreset last = lastValid.get(identity(kind, invalid.namespace(), invalid.name()));
                if (last != null) {
                    out.presets().add(last);
                }
                out.problems().add(where + " (" + kind + " " + invalid.name() + "): " + e.getMessage()
                        + (last == null ? "" : "; serving its last valid version until it is fixed"));
            }
        } else {
            out.problems().add(where + ": kind: Unsupported value \"" + kind + "\": expected PodPreset, ClusterPodPreset, Namespace or List");
        }
    }

    private static String firstLine(String s) {
        int nl = s == null ? -1 : s.indexOf('\n');
        return nl < 0 ? String.valueOf(s) : s.substring(0, nl);
    }
}
