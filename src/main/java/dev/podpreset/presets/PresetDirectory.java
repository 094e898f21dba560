package dev.podpreset.presets;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podpreset.api.PodPreset;
import dev.podpreset.injection.NamespaceMetadata;
import dev.podpreset.injection.PreparedPreset;
import dev.podpreset.injection.PresetKind;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads presets and namespaces (their labels and annotations) from the {@code *.yaml}, {@code *.yml} and {@code *.json} files of one
 * directory (not its subdirectories), with the one YAML reader ({@link YamlDocuments}: anchors, aliases
 * and merge keys as kubectl reads them). Multi-document YAML and {@code kind: List} are allowed. A document
 * of another kind (a kustomization, a ConfigMap) is skipped and listed, never an error. A document that
 * cannot be used is a problem, named by file, line and field, and skipped alone; a file that cannot be
 * parsed contributes nothing.
 *
 * <p>Reloads pass what each file gave last time: a file that is caught half written (it does not parse,
 * is empty, or has a document without kind or name) keeps giving its last content until it reads whole
 * again, and a preset that turns invalid keeps its last valid version (both logged, and the invalid one
 * is still reported).
 */
public final class PresetDirectory {
    private static final Logger LOG = Logger.getLogger(PresetDirectory.class);
    /** kubectl's namespace for a manifest without one. */
    static final String DEFAULT_NAMESPACE = "default";
    /** The names kustomize gives its file, which need no apiVersion or kind. */
    private static final Set<String> KUSTOMIZATION = Set.of("kustomization.yaml", "kustomization.yml", "Kustomization");

    /**
     * What was loaded, a line per problem and per skipped document, and what each file gave (for the next
     * reload).
     */
    public record Contents(List<PreparedPreset> presets, Map<String, NamespaceMetadata> namespaces,
                           List<InvalidPreset> invalid, List<String> problems, List<String> skipped,
                           Map<Path, FileContents> files) {
        public PresetSnapshot snapshot() {
            return new PresetSnapshot(presets, namespaces, invalid);
        }
    }

    /** What one file gave; {@code partial} when it looked half written. */
    public record FileContents(List<PreparedPreset> presets, Map<String, NamespaceMetadata> namespaces,
                               List<InvalidPreset> invalid, List<String> problems, List<String> skipped, String partial) {
    }

    private PresetDirectory() {
    }

    /** The preset files of a directory, in name order; a regular file given instead is its own list. */
    public static List<Path> files(Path dir) throws IOException {
        if (Files.isRegularFile(dir)) {
            return List.of(dir);
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(PresetDirectory::isManifestFile).sorted().toList();
        }
    }

    /** Whether a file is read as manifests: {@code .yaml}, {@code .yml} or {@code .json}, as kubectl reads a directory. */
    public static boolean isManifestFile(Path file) {
        return file.getFileName().toString().matches(".*\\.(ya?ml|json)$");
    }

    public static Contents load(Path dir) throws IOException {
        return load(dir, Map.of());
    }

    /** Loads the directory; {@code previous} is {@link Contents#files()} of the last load. */
    public static Contents load(Path dir, Map<Path, FileContents> previous) throws IOException {
        List<PreparedPreset> presets = new ArrayList<>();
        Map<String, NamespaceMetadata> namespaces = new HashMap<>();
        List<InvalidPreset> invalid = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
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
            namespaces.putAll(now.namespaces());
            invalid.addAll(now.invalid());
            skipped.addAll(now.skipped());
        }
        problems.forEach(p -> LOG.warnf("Skipped %s", p));
        skipped.forEach(p -> LOG.debugf("Skipped %s", p));
        return new Contents(List.copyOf(presets), Map.copyOf(namespaces), List.copyOf(invalid), List.copyOf(problems),
                List.copyOf(skipped), Map.copyOf(files));
    }

    /**
     * One file, each document prepared as soon as it is read, on every processor (thousands never sit in memory
     * as raw trees), and taken in the order of the file whatever thread prepared it; {@code before} gives the
     * last valid version of each of its presets.
     */
    private static FileContents readFile(Path file, FileContents before) {
        FileContents out = new FileContents(new ArrayList<>(), new HashMap<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>(), null);
        Map<String, PreparedPreset> lastValid = new HashMap<>();
        if (before != null) {
            before.presets().forEach(p -> lastValid.put(identity(p.kind().kind(), p.namespace(), p.name()), p));
        }
        String[] partial = {null};
        byte[] content;
        boolean kustomization = KUSTOMIZATION.contains(file.getFileName().toString());
        OrderedWork steps = new OrderedWork();
        try {
            // Read once: the checks below and the documents see the same content, whatever a writer does meanwhile.
            content = Files.readAllBytes(file);
            YamlDocuments.forEach(file.toString(), content, doc -> {
                if (kustomization && doc.node().path("kind").asText("").isEmpty()) {
                    out.skipped().add(where(doc, "") + ": a kustomization, not a preset");
                    return;
                }
                if (partial[0] == null) {
                    partial[0] = incomplete(doc.node(), "document " + doc.number());
                }
                collect(doc, doc.node(), "", lastValid, out, steps);
            });
            steps.finish();
        } catch (YamlSyntaxException e) {
            return new FileContents(List.of(), Map.of(), List.of(), List.of(e.getMessage()), List.of(),
                    "line " + e.line() + ": " + e.reason());
        } catch (IOException e) {
            String why = "cannot read: " + e.getMessage();
            return new FileContents(List.of(), Map.of(), List.of(), List.of(file + ": " + why), List.of(), why);
        }
        if (content.length == 0) {
            partial[0] = "empty (truncated)"; // the first step of a rewrite in place; comments only is not this
        }
        return new FileContents(List.copyOf(out.presets()), Map.copyOf(out.namespaces()), List.copyOf(out.invalid()),
                List.copyOf(out.problems()), List.copyOf(out.skipped()), partial[0]);
    }

    /**
     * The presets of a directory (or file) as their authors wrote them, by display name
     * ({@code PodPreset team-a/db}): what offline tools show instead of the defaulted form the engine uses.
     * Documents that do not parse are left out (a load reports them).
     */
    public static Map<String, JsonNode> written(Path dir) throws IOException {
        Map<String, JsonNode> out = new HashMap<>();
        for (Path file : files(dir)) {
            try {
                YamlDocuments.forEach(file.toString(), Files.readAllBytes(file), doc -> written(doc.node(), out));
            } catch (YamlSyntaxException e) {
                // reported by load
            }
        }
        return out;
    }

    private static void written(JsonNode node, Map<String, JsonNode> out) {
        if (node.path("kind").asText("").equals("List")) {
            node.path("items").forEach(item -> written(item, out));
        } else if (PresetDocuments.isPreset(node)) {
            boolean cluster = node.path("kind").asText().equals(PresetKind.CLUSTER.kind());
            String namespace = node.path("metadata").path("namespace").asText("");
            String name = node.path("metadata").path("name").asText("");
            PresetKind kind = cluster ? PresetKind.CLUSTER : PresetKind.NAMESPACED;
            out.put(kind.displayName(cluster ? null : namespace.isEmpty() ? DEFAULT_NAMESPACE : namespace, name),
                    node.path("spec"));
        }
    }

    /**
     * {@code db.yaml:12 (document 2, PodPreset db)}: the line of {@code field} ({@code item} is the List item's
     * path, {@code items[3]}, or empty), and what the document is ({@code subject}, or empty).
     */
    static String where(SourceDocument doc, String item, String field, String subject) {
        String path = item.isEmpty() ? field : field.isEmpty() ? item : item + "." + field;
        return doc.at(path) + " (document " + doc.number()
                + (item.isEmpty() ? "" : " item " + (Integer.parseInt(item.substring(6, item.length() - 1)) + 1))
                + (subject.isEmpty() ? "" : ", " + subject) + ")";
    }

    private static String where(SourceDocument doc, String item) {
        return where(doc, item, "", "");
    }

    /** Why a document looks cut short (not a mapping, no kind, a preset or namespace without a name), else null. */
    private static String incomplete(JsonNode doc, String which) {
        if (!doc.isObject()) {
            return which + " is not a mapping";
        }
        String kind = doc.path("kind").asText();
        if (kind.isEmpty()) {
            return which + " has no kind";
        }
        if ((kind.equals("Namespace") || PresetDocuments.isPreset(doc)) && doc.path("metadata").path("name").asText().isEmpty()) {
            return which + " has no metadata.name";
        }
        if (!readable(kind) && !isOtherResource(doc)) {
            return which + " has kind \"" + kind + "\"";
        }
        return null;
    }

    private static boolean readable(String kind) {
        return kind.equals("List") || kind.equals("Namespace") || kind.equals("PodPreset") || kind.equals("ClusterPodPreset");
    }

    /**
     * A resource of another API, skipped: it has an apiVersion, not ours. A kind of our group that we do
     * not know, or a kind without apiVersion, is more likely a preset cut short or mistyped.
     */
    private static boolean isOtherResource(JsonNode doc) {
        String apiVersion = doc.path("apiVersion").asText("");
        return !apiVersion.isEmpty() && !apiVersion.startsWith(PodPreset.GROUP + "/")
                && !apiVersion.equals(PresetDocuments.LEGACY_API_VERSION);
    }

    private static String identity(String kind, String namespace, String name) {
        return kind + "/" + (namespace == null ? "" : namespace) + "/" + name;
    }

    /** What preparing one preset document gave: the preset, or why it is invalid. */
    private record Preparation(PreparedPreset preset, InvalidDocumentException invalid) {
        static Preparation of(JsonNode node) {
            try {
                return new Preparation(PresetDocuments.prepare(node, DEFAULT_NAMESPACE), null);
            } catch (InvalidDocumentException e) {
                return new Preparation(null, e);
            }
        }
    }

    /**
     * Files what one document gives into {@code out}; a preset is prepared by {@code steps}, and every problem is
     * added through it, so that the problems keep the file's order.
     */
    private static void collect(SourceDocument doc, JsonNode node, String item, Map<String, PreparedPreset> lastValid,
                                FileContents out, OrderedWork steps) {
        String kind = node.path("kind").asText();
        if (!node.isObject()) {
            problem(out, steps, where(doc, item) + ": expected a Kubernetes object (a mapping), got "
                    + node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
        } else if (kind.isEmpty()) {
            problem(out, steps, where(doc, item) + ": kind: Required value");
        } else if (kind.equals("List")) {
            int i = 0;
            for (JsonNode listItem : node.path("items")) {
                collect(doc, listItem, "items[" + (i++) + "]", lastValid, out, steps);
            }
        } else if (kind.equals("Namespace")) {
            String name = node.path("metadata").path("name").asText();
            if (name.isEmpty()) {
                problem(out, steps, where(doc, item, "metadata", "Namespace") + ": metadata.name: Required value");
                return;
            }
            out.namespaces().put(name, namespace(node));
        } else if (PresetDocuments.isPreset(node)) {
            steps.submit(() -> Preparation.of(node), prepared -> {
                if (prepared.preset() != null) {
                    out.presets().add(prepared.preset());
                    return;
                }
                InvalidPreset invalid = prepared.invalid().preset();
                out.invalid().add(invalid);
                PreparedPreset last = lastValid.get(identity(kind, invalid.namespace(), invalid.name()));
                if (last != null) {
                    out.presets().add(last);
                }
                String field = invalid.violations().isEmpty() ? "" : invalid.violations().get(0).field();
                out.problems().add(where(doc, item, field, kind + " " + invalid.name()) + ": " + prepared.invalid().getMessage()
                        + (last == null ? "" : "; serving its last valid version until it is fixed"));
            });
        } else if (!isOtherResource(node)) {
            problem(out, steps, where(doc, item, "kind", "") + ": kind: Unsupported value \"" + kind
                    + "\": expected PodPreset, ClusterPodPreset, Namespace or List");
        } else {
            String namespace = node.path("metadata").path("namespace").asText("");
            out.skipped().add(where(doc, item) + ": " + kind + " " + (namespace.isEmpty() ? "" : namespace + "/")
                    + node.path("metadata").path("name").asText("") + " is not a PodPreset, ClusterPodPreset or Namespace");
        }
    }

    /** A Namespace object's name, labels and annotations, as presets read them. */
    public static NamespaceMetadata namespace(JsonNode namespaceObject) {
        JsonNode metadata = namespaceObject.path("metadata");
        return NamespaceMetadata.of(metadata.path("name").asText(), strings(metadata.path("labels")),
                strings(metadata.path("annotations")));
    }

    private static Map<String, String> strings(JsonNode map) {
        Map<String, String> out = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    private static void problem(FileContents out, OrderedWork steps, String problem) {
        steps.then(() -> out.problems().add(problem));
    }
}
