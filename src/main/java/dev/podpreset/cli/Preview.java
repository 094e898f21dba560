package dev.podpreset.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.injection.NamespaceMetadata;
import dev.podpreset.injection.TemplatePod;
import dev.podpreset.presets.PresetDirectory;
import dev.podpreset.presets.PresetSnapshot;
import dev.podpreset.presets.SourceDocument;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the webhook would make of a set of manifests: every input document with its output (injected or
 * unchanged), every pod (template) with the scope decision and the engine's answer, and every document
 * without a pod, passed through. Namespace objects among the manifests give their namespaces' labels, as
 * they would in the cluster (over those of the presets). Shared by inject, explain and test. Malformed
 * documents are reported on standard error as they are found.
 */
final class Preview {
    /** What one manifest (a document, or an item of a List) is to the webhook. */
    sealed interface Subject permits Pod, PassedThrough {
        /** Its document (and List item), e.g. {@code app.yaml document 2 item 1}. */
        String where();
    }

    /** One pod or pod template. */
    record Pod(String where, PodTemplateInjector.Injection injection) implements Subject {
    }

    /** A manifest without a pod or pod template, printed as it is. */
    record PassedThrough(String where, String title) implements Subject {
    }

    /** One input document and what it becomes. */
    record Document(SourceDocument input, JsonNode output) {
        boolean changed() {
            return !input.node().equals(output);
        }
    }

    private final List<Document> documents = new ArrayList<>();
    private final List<Subject> subjects = new ArrayList<>();
    private final LoadedPresets presets;
    private boolean malformed;

    private Preview(LoadedPresets presets) {
        this.presets = presets;
    }

    List<Document> documents() {
        return documents;
    }

    /** Every manifest, in input order. */
    List<Subject> subjects() {
        return subjects;
    }

    List<Pod> pods() {
        return subjects.stream().filter(Pod.class::isInstance).map(Pod.class::cast).toList();
    }

    List<PassedThrough> passedThrough() {
        return subjects.stream().filter(PassedThrough.class::isInstance).map(PassedThrough.class::cast).toList();
    }

    /** The presets with the namespace labels of the manifests' Namespace objects. */
    PresetSnapshot snapshot() {
        return presets.snapshot();
    }

    /** A document is not a usable manifest. */
    boolean malformed() {
        return malformed;
    }

    boolean rejected() {
        return pods().stream().anyMatch(p -> p.injection().rejected());
    }

    /** Some pod could not be evaluated whole: its namespace's labels are unknown. */
    boolean incomplete() {
        return pods().stream().anyMatch(p -> !p.injection().complete());
    }

    boolean skipsPresets() {
        return pods().stream().anyMatch(p -> p.injection().skipsPresets());
    }

    /** Previews {@code documents} for pods without a namespace in {@code defaultNamespace}. */
    static Preview of(List<SourceDocument> documents, String defaultNamespace, LoadedPresets presets,
                      WebhookSetup webhook, PrintStream err) {
        Map<String, NamespaceMetadata> namespaces = new HashMap<>();
        documents.forEach(doc -> namespaces(doc.node(), namespaces));
        Preview preview = new Preview(presets.withNamespaces(namespaces));
        for (SourceDocument doc : documents) {
            try {
                preview.documents.add(new Document(doc, preview.process(doc.node(), doc.where(), defaultNamespace, webhook)));
            } catch (MalformedManifestException e) {
                err.println("error: " + e.getMessage());
                preview.malformed = true;
            }
        }
        return preview;
    }

    /** The namespaces the manifests' pods would be in: each manifest's own, else {@code defaultNamespace}. */
    static Set<String> namespaces(List<SourceDocument> documents, String defaultNamespace) {
        Set<String> out = new TreeSet<>();
        documents.forEach(doc -> namespaceOf(doc.node(), defaultNamespace, out));
        return out;
    }

    private static void namespaceOf(JsonNode doc, String defaultNamespace, Set<String> out) {
        if (doc.path("kind").asText("").equals("List")) {
            doc.path("items").forEach(item -> namespaceOf(item, defaultNamespace, out));
        } else if (doc.isObject() && WorkloadTemplates.find(doc) != null) {
            out.add(doc.path("metadata").path("namespace").asText(defaultNamespace).isEmpty() ? defaultNamespace
                    : doc.path("metadata").path("namespace").asText(defaultNamespace));
        }
    }

    /** The Namespace objects of one document (or its List items). */
    private static void namespaces(JsonNode doc, Map<String, NamespaceMetadata> out) {
        if (doc.path("kind").asText("").equals("List")) {
            doc.path("items").forEach(item -> namespaces(item, out));
        } else if (doc.path("kind").asText("").equals("Namespace") && doc.path("apiVersion").asText("").equals("v1")
                && !doc.path("metadata").path("name").asText("").isEmpty()) {
            NamespaceMetadata namespace = PresetDirectory.namespace(doc);
            out.put(namespace.name(), namespace);
        }
    }

    private JsonNode process(JsonNode doc, String where, String defaultNamespace, WebhookSetup webhook)
            throws MalformedManifestException {
        if (!doc.isObject()) {
            throw new MalformedManifestException(where + ": expected a Kubernetes object (a mapping), got "
                    + doc.getNodeType().toString().toLowerCase(Locale.ROOT));
        }
        if (doc.path("kind").asText("").equals("List") && doc.path("items").isArray()) {
            ObjectNode list = doc.deepCopy();
            ArrayNode items = list.putArray("items");
            int i = 0;
            for (JsonNode item : doc.get("items")) {
                items.add(process(item, where + " item " + (++i), defaultNamespace, webhook));
            }
            return list;
        }
        PodTemplateInjector.Injection injection = PodTemplateInjector.inject(doc, where, defaultNamespace, presets, webhook);
        if (injection == null) {
            subjects.add(new PassedThrough(where, title(doc)));
            return doc;
        }
        subjects.add(new Pod(where, injection));
        return injection.manifest();
    }

    /** {@code Service team-a/web}, {@code ClusterRole view}: as the manifest names itself. */
    static String title(JsonNode manifest) {
        JsonNode metadata = manifest.path("metadata");
        String namespace = metadata.path("namespace").asText("");
        String name = TemplatePod.name(namespace, metadata);
        return manifest.path("kind").asText("(no kind)") + " " + (namespace.isEmpty() ? name.substring(1) : name);
    }
}
