package dev.podpreset.admission;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podpreset.sources.PresetRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The golden cases marked {@code http: true} (see {@link GoldenCase}) through the real HTTP endpoint:
 * the returned patch is applied with a JSON-patch library (zjsonpatch) and also with the API server's
 * own code through {@code kubectl patch --local} when kubectl is installed. {@link GoldenEngineTest}
 * runs every case faster without HTTP; this runner shows the endpoint answers the same.
 */
@QuarkusTest
class GoldenHttpTest {
    @Inject
    PresetRegistry registry;

    static List<String> cases() throws IOException {
        List<String> out = new ArrayList<>();
        for (String name : GoldenCase.names()) {
            if (GoldenCase.load(name).http()) {
                out.add(name);
            }
        }
        return out;
    }

    @Test
    void aRepresentativeSubsetRunsOverHttp() throws IOException {
        assertTrue(cases().size() >= 12, "expected at least 12 golden cases with http: true, found " + cases());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void injects(String name) throws Exception {
        GoldenCase c = GoldenCase.load(name);
        registry.publish(c.presets().snapshot());
        c.verify(GoldenHttpTest::post, KubectlPatch.available() ? KubectlPatch::apply : null, false);
    }

    private static JsonNode post(GoldenCase c, JsonNode pod) throws IOException {
        String body = given().contentType(ContentType.JSON).body(c.review(pod))
                .when().post("/mutate")
                .then().statusCode(200).extract().asString();
        JsonNode review = GoldenCase.JSON.readTree(body);
        assertEquals("uid-" + c.name(), review.path("response").path("uid").asText());
        return review.path("response");
    }
}
