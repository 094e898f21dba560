package dev.podpreset.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.api.PresetMode;
import dev.podpreset.http.BodyBytes;
import dev.podpreset.injection.AnnotationKeys;
import dev.podpreset.injection.IgnoredContainers;
import dev.podpreset.injection.PreparedPreset;
import dev.podpreset.presets.InvalidDocumentException;
import dev.podpreset.presets.PresetDirectory;
import dev.podpreset.presets.PresetDocuments;
import dev.podpreset.presets.PresetSnapshot;
import dev.podpreset.presets.SourceDocument;
import dev.podpreset.presets.YamlDocuments;
import dev.podpreset.presets.YamlSyntaxException;
import io.fabric8.zjsonpatch.JsonPatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Enforced presets behave exactly as if the audit presets did not exist: every golden case, without its own audit
 * presets, is run again with audit presets added (an audit twin of each of its presets, which sorts before or after it, and audit presets
 * that conflict with everything the pod has and ask to reject it), and the answer must be the same (allowed,
 * status, warnings, audit annotations of the API server's log) and the patched pod the same but for the
 * {@code podpreset.dev/audit-} annotations; the patched pod sent again must give no patch.
 */
class AuditDifferentialTest {
    private static final String AUDIT_PREFIX = AnnotationKeys.PREFIX + "audit-";

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.podpreset.admission.GoldenEngineTest#cases")
    void auditPresetsChangeNothingButTheirAnnotations(String name) throws Exception {
        GoldenCase c = GoldenCase.load(name);
        PresetDirectory.Contents contents = PresetDirectory.load(c.dir().resolve("presets"));
        PresetSnapshot without = new PresetSnapshot(contents.presets().stream().filter(p -> p.mode() == PresetMode.Enforce).toList(),
                contents.namespaces());
        List<PreparedPreset> presets = new ArrayList<>(contents.presets());
        presets.addAll(auditPresets(c, new Random(name.hashCode())));
        PresetSnapshot with = new PresetSnapshot(presets, contents.namespaces());

        JsonNode expected = respond(c, c.pod(), without);
        JsonNode actual = respond(c, c.pod(), with);
        for (String field : List.of("allowed", "status", "warnings", "auditAnnotations")) {
            assertEquals(expected.path(field), actual.path(field), field);
        }
        JsonNode patched = patched(c.pod(), actual);
        assertEquals(withoutAuditAnnotations(patched(c.pod(), expected), c.pod()), withoutAuditAnnotations(patched, c.pod()));
        if (actual.path("allowed").asBoolean()) {
            JsonNode second = respond(c, patched, with);
            assertFalse(second.has("patch"), "second pass with audit presets: " + second);
        }
    }

    /** Audit twins of the case's presets, and two audit presets that conflict with the pod wherever they can. */
    private static List<PreparedPreset> auditPresets(GoldenCase c, Random random) throws IOException, YamlSyntaxException {
        List<PreparedPreset> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(c.dir().resolve("presets"))) {
            for (Path file : files.sorted().toList()) {
                for (SourceDocument source : YamlDocuments.read(file.toString(), Files.readAllBytes(file))) {
                    JsonNode doc = source.node();
                    if (PresetDocuments.isPreset(doc)) {
                        ObjectNode twin = doc.deepCopy();
                        String original = twin.path("metadata").path("name").asText("x");
                        ((ObjectNode) twin.withObject("/metadata")).put("name", (random.nextBoolean() ? "a-" : "zz-") + original);
                        twin.withObject("/spec").put("mode", "Audit");
                        prepare(twin, out);
                    }
                }
            }
        }
        for (String kind : List.of("ClusterPodPreset", "PodPreset")) {
            prepare(conflicting(kind, c), out);
        }
        return out;
    }

    /**
     * An audit preset with onConflict Reject whose env, labels, annotations, service account and containers differ from
     * the pod's.
     */
    private static ObjectNode conflicting(String kind, GoldenCase c) {
        ObjectNode doc = GoldenCase.JSON.createObjectNode().put("apiVersion", "podpreset.dev/v1alpha1").put("kind", kind);
        ObjectNode meta = doc.putObject("metadata").put("name", "m-conflicting").put("generation", 1);
        if (kind.equals("PodPreset")) {
            meta.put("namespace", c.namespace());
        }
        ObjectNode spec = doc.putObject("spec").put("mode", "Audit").put("onConflict", "Reject")
                .put("serviceAccountName", "audit-only");
        ArrayNode env = spec.putArray("env");
        for (JsonNode container : c.pod().path("spec").path("containers")) {
            for (JsonNode e : container.path("env")) {
                env.addObject().put("name", e.path("name").asText()).put("value", "differs from the pod");
            }
        }
        env.addObject().put("name", "AUDIT_ONLY").put("value", "1");
        // A container of each name the pod has: enforced presets must still treat them as the pod's own.
        ArrayNode sidecars = spec.putArray("sidecars");
        for (String list : List.of("initContainers", "containers")) {
            for (JsonNode container : c.pod().path("spec").path(list)) {
                sidecars.addObject().put("name", container.path("name").asText()).put("image", "audit/only:1");
            }
        }
        copyKeys(c.pod().path("metadata").path("labels"), spec.putObject("labels"), "differs");
        copyKeys(c.pod().path("metadata").path("annotations"), spec.putObject("annotations"), "differs");
        return doc;
    }

    private static void copyKeys(JsonNode from, ObjectNode to, String value) {
        for (Iterator<String> it = from.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!key.startsWith(AnnotationKeys.PREFIX)) {
                to.put(key, value);
            }
        }
        if (to.isEmpty()) {
            to.put("example.com/audit", value);
        }
    }

    private static void prepare(JsonNode doc, List<PreparedPreset> out) {
        try {
            out.add(PresetDocuments.prepare(doc, "default"));
        } catch (InvalidDocumentException e) {
            // The case's invalid presets stay invalid as audit presets; they are left out as they are without.
        }
    }

    private static JsonNode respond(GoldenCase c, JsonNode pod, PresetSnapshot snapshot) throws IOException {
        byte[] review = PodMutator.answer(BodyBytes.of(c.review(pod).getBytes(StandardCharsets.UTF_8)), snapshot, IgnoredContainers.DEFAULT)
                .reviewBytes();
        return GoldenCase.JSON.readTree(review).path("response");
    }

    private static JsonNode patched(JsonNode pod, JsonNode response) throws IOException {
        return response.has("patch") ? JsonPatch.apply(GoldenCase.decodePatch(response), pod) : pod;
    }

    /** The pod without audit annotations, and without an annotations map where the input had none and only they are left. */
    private static JsonNode withoutAuditAnnotations(JsonNode pod, JsonNode input) {
        JsonNode copy = pod.deepCopy();
        if (copy.path("metadata").path("annotations") instanceof ObjectNode annotations) {
            List<String> audit = new ArrayList<>();
            annotations.fieldNames().forEachRemaining(k -> {
                if (k.startsWith(AUDIT_PREFIX)) {
                    audit.add(k);
                }
            });
            annotations.remove(audit);
            if (annotations.isEmpty() && !input.path("metadata").has("annotations")) {
                ((ObjectNode) copy.get("metadata")).remove("annotations");
            }
        }
        return copy;
    }
}
