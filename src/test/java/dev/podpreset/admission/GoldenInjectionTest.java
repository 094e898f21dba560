package dev.podpreset.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.podpreset.presets.PresetDirectory;
import dev.podpreset.sources.PresetRegistry;
import io.fabric8.zjsonpatch.JsonPatch;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Golden injection cases (see {@link GoldenCase}) through the real HTTP endpoint: the returned patch is
 * applied with a JSON-patch library (zjsonpatch) to the request object, and also with the API
 * server's own code through {@code kubectl patch --local} when kubectl is installed; the result must equal
 * expected.yaml, and a second pass over the result must return no patch (reinvocation).
 * Run with {@code -Dgolden.update=true} to rewrite expected.yaml from the actual output, then review
 * the diff.
 */
@QuarkusTest
class GoldenInjectionTest {
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    @Inject
    PresetRegistry registry;

    static List<String> cases() throws IOException {
        return GoldenCase.names().toList();
    }

    @Test
    void everyCaseDirectoryIsComplete() throws IOException {
        List<String> broken = new ArrayList<>();
        for (String name : cases()) {
            var dir = GoldenCase.ROOT.resolve(name);
            if (!Files.exists(dir.resolve("input.yaml")) || !Files.isDirectory(dir.resolve("presets"))) {
                broken.add(name);
            }
        }
        assertTrue(broken.isEmpty(), "golden cases without input.yaml or presets/: " + broken);
        assertTrue(cases().size() >= 40, "expected at least 40 golden cases, found " + cases().size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void injects(String name) throws Exception {
        GoldenCase c = GoldenCase.load(name);
        PresetDirectory.Contents contents = PresetDirectory.load(c.presetsDir());
        assertEquals(c.presetProblems(), contents.problems().size(), "preset problems: " + contents.problems());
        registry.publish(contents.snapshot());

        JsonNode response = post(c, c.pod());
        assertEquals(c.allowed(), response.path("allowed").asBoolean(), "allowed; response: " + response);
        assertEquals(c.warnings(), texts(response.path("warnings")), "warnings");
        if (c.settings().has("messageContains")) {
            String message = response.path("status").path("message").asText();
            assertTrue(message.contains(c.settings().get("messageContains").asText()), "status.message: " + message);
        }

        JsonNode actual = c.pod();
        if (response.has("patch")) {
            assertEquals("JSONPatch", response.path("patchType").asText());
            ArrayNode patch = GoldenCase.decodePatch(response);
            assertFalse(patch.isEmpty(), "an empty patch must be left out");
            actual = JsonPatch.apply(patch, c.pod());
            if (KubectlPatch.available()) {
                assertEquals(actual, KubectlPatch.apply(c.pod(), patch),
                        "kubectl (the API server's JSON-patch code) must give the same pod as zjsonpatch");
            }
        }
        if (UPDATE && response.has("patch")) {
            c.writeExpected(actual);
        }
        JsonNode expected = c.expected() != null ? c.expected() : c.pod();
        if (!expected.equals(actual)) {
            fail("injected pod differs from expected.yaml\n--- expected\n" + GoldenCase.YAML.writeValueAsString(expected)
                    + "--- actual\n" + GoldenCase.YAML.writeValueAsString(actual));
        }

        if (c.allowed()) {
            JsonNode second = post(c, actual);
            assertTrue(second.path("allowed").asBoolean(), "second pass must be allowed: " + second);
            assertFalse(second.has("patch"), "second pass must be a no-op, got "
                    + (second.has("patch") ? GoldenCase.decodePatch(second) : ""));
        }
    }

    private static JsonNode post(GoldenCase c, JsonNode pod) throws IOException {
        String body = given().contentType(ContentType.JSON).body(c.review(pod))
                .when().post("/mutate")
                .then().statusCode(200).extract().asString();
        JsonNode review = GoldenCase.JSON.readTree(body);
        assertEquals("uid-" + c.name(), review.path("response").path("uid").asText());
        return review.path("response");
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
