package dev.podpreset.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One directory under src/test/resources/golden: {@code input.yaml} (the pod as the API server sends
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
 * </pre>
 */
record GoldenCase(String name, Path dir, JsonNode pod, JsonNode expected, ObjectNode settings) {
    static final Path ROOT = Path.of("src/test/resources/golden");
    static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .build();
    static final ObjectMapper JSON = new ObjectMapper();

    static Stream<String> names() throws IOException {
        try (Stream<Path> s = Files.list(ROOT)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
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

    Path presetsDir() {
        return dir.resolve("presets");
    }

    String namespace() {
        return settings.path("namespace").asText("default");
    }

    boolean allowed() {
        return settings.path("allowed").asBoolean(true);
    }

    List<String> warnings() {
        List<String> out = new ArrayList<>();
        settings.path("warnings").forEach(w -> out.add(w.asText()));
        return out;
    }

    int presetProblems() {
        return settings.path("presetProblems").asInt(0);
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

    void writeExpected(JsonNode actual) throws IOException {
        Files.writeString(dir.resolve("expected.yaml"), YAML.writeValueAsString(actual));
    }

    static ArrayNode decodePatch(JsonNode response) throws IOException {
        byte[] raw = java.util.Base64.getDecoder().decode(response.path("patch").asText());
        return (ArrayNode) JSON.readTree(raw);
    }
}
