package dev.podpreset.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.presets.PresetSnapshot;
import dev.podpreset.presets.SourceDocument;
import dev.podpreset.presets.YamlDocuments;
import dev.podpreset.presets.YamlSyntaxException;
import dev.podpreset.scope.WebhookScope;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the webhook would make of a set of manifests: every input document with its output (injected or
 * unchanged), and every pod (template) with the scope decision and the engine's answer. Shared by
 * inject, explain and test. Malformed input is reported on standard error as it is found.
 */
final class Preview {
    /** One pod or pod template, {@code where} naming its document (and List item). */
    record Pod(String where, PodTemplateInjector.Injection injection) {
    }

    /** One input document and what it becomes. */
    record Document(SourceDocument input, JsonNode output) {
        boolean changed() {
            return !input.node().equals(output);
        }
    }

    private final List<Document> documents = new ArrayList<>();
    private final List<Pod> pods = new ArrayList<>();
    private boolean malformed;

    List<Document> documents() {
        return documents;
    }

    List<Pod> pods() {
        return pods;
    }

    /** An input could not be read or parsed, or a document is not a usable manifest. */
    boolean malformed() {
        return malformed;
    }

    boolean rejected() {
        return pods.stream().anyMatch(p -> p.injection().rejected());
    }

    boolean skipsPresets() {
        return pods.stream().anyMatch(p -> p.injection().skipsPresets());
    }

    /**
     * Reads {@code files} ({@code -} is standard input) and previews every document for pods without a
     * namespace in {@code defaultNamespace}.
     */
    static Preview of(List<String> files, CliContext context, String defaultNamespace, PresetSnapshot snapshot,
                      WebhookScope scope) throws IOException {
        Preview preview = new Preview();
        byte[] stdin = null;
        for (String file : files) {
            byte[] content;
            try {
                if (file.equals("-")) {
                    stdin = stdin == null ? context.in().readAllBytes() : stdin;
                    content = stdin;
                } else {
                    content = Files.readAllBytes(context.resolve(file));
                }
            } catch (NoSuchFileException e) {
                preview.error(context.err(), file + ": no such file");
                continue;
            }
            try {
                for (SourceDocument doc : YamlDocuments.read(file.equals("-") ? "<stdin>" : file, content)) {
                    preview.add(doc, defaultNamespace, snapshot, scope, context.err());
                }
            } catch (YamlSyntaxException e) {
                preview.error(context.err(), e.getMessage());
            }
        }
        return preview;
    }

    private void error(PrintStream err, String message) {
        err.println("error: " + message);
        malformed = true;
    }

    private void add(SourceDocument doc, String defaultNamespace, PresetSnapshot snapshot, WebhookScope scope,
                     PrintStream err) {
        try {
            documents.add(new Document(doc, process(doc.node(), doc.where(), defaultNamespace, snapshot, scope)));
        } catch (MalformedManifestException e) {
            error(err, e.getMessage());
        }
    }

    private JsonNode process(JsonNode doc, String where, String defaultNamespace, PresetSnapshot snapshot,
                             WebhookScope scope) throws MalformedManifestException {
        if (!doc.isObject()) {
            throw new MalformedManifestException(where + ": expected a Kubernetes object (a mapping), got "
                    + doc.getNodeType().toString().toLowerCase(Locale.ROOT));
        }
        if (doc.path("kind").asText("").equals("List") && doc.path("items").isArray()) {
            ObjectNode list = doc.deepCopy();
            ArrayNode items = list.putArray("items");
            int i = 0;
            for (JsonNode item : doc.get("items")) {
                items.add(process(item, where + " item " + (++i), defaultNamespace, snapshot, scope));
            }
            return list;
        }
        PodTemplateInjector.Injection injection = PodTemplateInjector.inject(doc, where, defaultNamespace, snapshot, scope);
        if (injection == null) {
            return doc;
        }
        pods.add(new Pod(where, injection));
        return injection.manifest();
    }
}
