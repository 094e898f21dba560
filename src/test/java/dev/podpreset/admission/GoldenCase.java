package dev.podpreset.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.podpreset.injection.AnnotationKeys;
import dev.podpreset.presets.PresetDirectory;
import io.fabric8.zjsonpatch.JsonPatch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * One directory under src/test/resources/golden, the one case format of every golden runner (the
 * engine runner {@code GoldenEngineTest} runs all of them, {@code GoldenHttpTest} those marked
 * {@code http: true} through {@code POST /mutate}): {@code input.yaml} (the pod as the API server sends
 * it), {@code presets/} (loaded exactly as local mode loads a presets directory), {@code expected.yaml}
 * (the pod after the patch; absent means "no patch") and optional {@code case.yaml} with the request
 * and the rest of the expected answer:
 *
 * <pre>
 * description: what the case shows
 * namespace: team-a          # request.namespace, default "default"
 * operation: CREATE          # default CREATE
 * resource: pods             # default pods; group "" and version v1 unless given
 * subResource: ""            # default none
 * dryRun: false
 * allowed: true              # default true
 * warnings: []               # exact warnings, default none
 * messageContains: "..."     # for a denial
 * presetProblems: 0          # how many preset documents must be refused at load
 * http: true                 # also run through POST /mutate (the representative subset)
 * strippedPass: false        # see below; default true
 * </pre>
 *
 * <p>Every allowed case is run three times: on the input; on the result, which must give no patch
 * (reinvocation); and on the result without our {@code podpreset.dev/} annotations, which must add
 * nothing but annotations, so that the second pass is a no-op because the content is all there and not
 * only because the annotations say so. {@code strippedPass: false} turns the third pass off for cases
 * whose point is what the annotations hold back (reinvocation after another webhook).
 */
record GoldenCase(String name, Path dir, JsonNode pod, JsonNode expected, ObjectNode settings) {
    static final Path ROOT = Path.of("src/test/resources/golden");
    static final Set<String> FILES = Set.of("input.yaml", "expected.yaml", "case.yaml", "presets");
    static final Set<String> SETTINGS = Set.of("description", "namespace", "operation", "group", "version",
            "resource", "subResource", "dryRun", "allowed", "warnings", "messageContains", "presetProblems", "http",
            "strippedPass");
    static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .build();
    static final ObjectMapper JSON = new ObjectMapper();
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    /** Sends one pod as the API server would and returns the AdmissionResponse. */
    @FunctionalInterface
    interface Admission {
        JsonNode respond(GoldenCase c, JsonNode pod) throws Exception;
    }

    /** Applies a patch to a pod some other way, to compare with zjsonpatch; null when unavailable. */
    @FunctionalInterface
    interface PatchApplier {
        JsonNode apply(JsonNode pod, ArrayNode patch) throws Exception;
    }

    static List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(ROOT)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static GoldenCase load(String name) {
        Path dir = ROOT.resolve(name);
        try {
            JsonNode pod = YAML.readTree(dir.resolve("input.yaml").toFile());
            Path expectedFile = dir.resolve("expected.yaml");
            JsonNode expected = Files.exists(expectedFile) ? YAML.readTree(expectedFile.toFile()) : null;
            Path caseFile = dir.resolve("case.yaml");
            ObjectNode settings = Files.exists(caseFile) ? (ObjectNode) YAML.readTree(caseFile.toFile())
                    : JsonNodeFactory.instance.objectNode();
            return new GoldenCase(name, dir, pod, expected, settings);
        } catch (IOException e) {
            throw new UncheckedIOException("golden case " + name, e);
        }
    }

    /** What in this case's directory no runner would read; empty when every file and setting is used. */
    static List<String> unread(String name) throws IOException {
        Path dir = ROOT.resolve(name);
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return List.of(name + " is not a case directory");
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.map(f -> f.getFileName().toString()).filter(f -> !FILES.contains(f))
                    .forEach(f -> out.add(name + "/" + f + ": not a case file (" + FILES + ")"));
        }
        if (!Files.exists(dir.resolve("input.yaml")) || !Files.isDirectory(dir.resolve("presets"))) {
            out.add(name + ": needs input.yaml and presets/");
            return out;
        }
        try (Stream<Path> presets = Files.list(dir.resolve("presets"))) {
            presets.map(f -> f.getFileName().toString()).filter(f -> !f.matches(".*\\.(yaml|yml|json)"))
                    .forEach(f -> out.add(name + "/presets/" + f + ": not read as a preset (.yaml, .yml, .json)"));
        }
        for (Iterator<String> it = load(name).settings().fieldNames(); it.hasNext(); ) {
            String setting = it.next();
            if (!SETTINGS.contains(setting)) {
                out.add(name + "/case.yaml: unknown setting " + setting);
            }
        }
        return out;
    }

    boolean http() {
        return settings.path("http").asBoolean(false);
    }

    String namespace() {
        return settings.path("namespace").asText("default");
    }

    boolean allowed() {
        return settings.path("allowed").asBoolean(true);
    }

    List<String> warnings() {
        return texts(settings.path("warnings"));
    }

    /** The presets directory, loaded as local mode loads it, with the expected number of refused documents. */
    PresetDirectory.Contents presets() throws IOException {
        PresetDirectory.Contents contents = PresetDirectory.load(dir.resolve("presets"));
        assertEquals(settings.path("presetProblems").asInt(0), contents.problems().size(),
                "preset problems: " + contents.problems());
        return contents;
    }

    /** The AdmissionReview the API server would send for {@code object}. */
    String review(JsonNode object) {
        ObjectNode review = JsonNodeFactory.instance.objectNode();
        review.put("apiVersion", "admission.k8s.io/v1");
        review.put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request");
        request.put("uid", "uid-" + name);
        ObjectNode resource = request.putObject("resource");
        resource.put("group", settings.path("group").asText(""));
        resource.put("version", settings.path("version").asText("v1"));
        resource.put("resource", settings.path("resource").asText("pods"));
        request.set("requestResource", resource.deepCopy());
        if (settings.hasNonNull("subResource")) {
            request.put("subResource", settings.get("subResource").asText());
        }
        request.put("namespace", namespace());
        request.put("operation", settings.path("operation").asText("CREATE"));
        request.put("dryRun", settings.path("dryRun").asBoolean(false));
        request.putObject("userInfo").put("username", "system:serviceaccount:kube-system:replicaset-controller");
        request.set("object", object);
        return review.toString();
    }

    /**
     * Runs the case: the answer must be as case.yaml says, the patched pod equal expected.yaml (written
     * instead with {@code -Dgolden.update=true} by a runner that may update), and the later passes as
     * the class comment says.
     */
    void verify(Admission admission, PatchApplier other, boolean mayUpdate) throws Exception {
        JsonNode response = admission.respond(this, pod);
        assertEquals(allowed(), response.path("allowed").asBoolean(), "allowed; response: " + response);
        assertEquals(warnings(), texts(response.path("warnings")), "warnings");
        if (settings.has("messageContains")) {
            String message = response.path("status").path("message").asText();
            assertTrue(message.contains(settings.get("messageContains").asText()), "status.message: " + message);
        }
        JsonNode actual = patched(pod, response, other);
        if (UPDATE && mayUpdate) {
            writeExpected(response.has("patch") ? actual : null);
        } else {
            JsonNode want = expected != null ? expected : pod;
            if (!want.equals(actual)) {
                fail("injected pod differs from expected.yaml\n--- expected\n" + YAML.writeValueAsString(want)
                        + "--- actual\n" + YAML.writeValueAsString(actual));
            }
        }
        if (!allowed()) {
            return;
        }
        JsonNode second = admission.respond(this, actual);
        assertTrue(second.path("allowed").asBoolean(), "second pass must be allowed: " + second);
        assertFalse(second.has("patch"), "second pass must be a no-op, got " + (second.has("patch") ? decodePatch(second) : ""));
        if (settings.path("strippedPass").asBoolean(true)) {
            JsonNode stripped = withoutOurAnnotations(actual);
            JsonNode third = admission.respond(this, stripped);
            assertTrue(third.path("allowed").asBoolean(), "pass without our annotations must be allowed: " + third);
            for (JsonNode op : third.has("patch") ? decodePatch(third) : JSON.createArrayNode()) {
                assertTrue(op.path("path").asText().startsWith("/metadata/annotations"),
                        "without our annotations, a pass must add only annotations, got " + op);
            }
        }
    }

    private static JsonNode patched(JsonNode pod, JsonNode response, PatchApplier other) throws Exception {
        if (!response.has("patch")) {
            return pod;
        }
        assertEquals("JSONPatch", response.path("patchType").asText());
        ArrayNode patch = decodePatch(response);
        assertFalse(patch.isEmpty(), "an empty patch must be left out");
        for (JsonNode op : patch) {
            assertEquals("add", op.path("op").asText(), "patches only add: " + op);
        }
        JsonNode actual = JsonPatch.apply(patch, pod);
        if (other != null) {
            assertEquals(actual, other.apply(pod, patch),
                    "kubectl (the API server's JSON-patch code) must give the same pod as zjsonpatch");
        }
        return actual;
    }

    /** The pod without the annotations the webhook writes (those the pod's author sets, exclude and ignore-containers, stay). */
    static JsonNode withoutOurAnnotations(JsonNode pod) {
        JsonNode copy = pod.deepCopy();
        if (copy.path("metadata").path("annotations") instanceof ObjectNode annotations) {
            List<String> ours = new ArrayList<>();
            annotations.fieldNames().forEachRemaining(k -> {
                if (k.startsWith(AnnotationKeys.PREFIX) && !k.equals(AnnotationKeys.EXCLUDE)
                        && !k.equals(AnnotationKeys.IGNORE_CONTAINERS)) {
                    ours.add(k);
                }
            });
            annotations.remove(ours);
        }
        return copy;
    }

    private void writeExpected(JsonNode actual) throws IOException {
        Path file = dir.resolve("expected.yaml");
        if (actual == null) {
            Files.deleteIfExists(file);
        } else {
            Files.writeString(file, YAML.writeValueAsString(actual));
        }
    }

    static ArrayNode decodePatch(JsonNode response) throws IOException {
        return (ArrayNode) JSON.readTree(Base64.getDecoder().decode(response.path("patch").asText()));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
