package dev.podpreset.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.podpreset.http.BodyBytes;
import dev.podpreset.http.LargeBodyPool;
import dev.podpreset.injection.IgnoredContainers;
import dev.podpreset.presets.PresetDocuments;
import dev.podpreset.presets.PresetSnapshot;
import dev.podpreset.sources.PresetRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bodies over {@code podpreset.http.offload-threshold} are answered from the offload pool exactly as the
 * engine answers them, and their errors are the same 4xx; smaller ones stay on the event loop.
 */
@QuarkusTest
class LargeReviewTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PRESET = """
            apiVersion: podpreset.dev/v1alpha1
            kind: PodPreset
            metadata: {name: db, namespace: team-a, generation: 2}
            spec:
              selector: {matchLabels: {app: big}}
              env: [{name: DB_HOST, value: db.team-a}]
              volumes: [{name: creds, secret: {secretName: db}}]
              volumeMounts: [{name: creds, mountPath: /etc/db}]
            """;

    @Inject
    PresetRegistry registry;
    @Inject
    LargeBodyPool largeBodies;

    @BeforeEach
    void onePreset() throws Exception {
        JsonNode doc = new YAMLMapper().readTree(PRESET);
        registry.publish(new PresetSnapshot(List.of(PresetDocuments.prepare(doc)), Map.of()));
    }

    /** A pod CREATE review of team-a whose main container has {@code env} padding variables. */
    private static String podReview(String uid, int env) {
        StringBuilder vars = new StringBuilder();
        for (int i = 0; i < env; i++) {
            vars.append(i == 0 ? "" : ",").append("{\"name\":\"PADDING_").append(i).append("\",\"value\":\"0123456789abcdef\"}");
        }
        return """
                {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"%s","operation":"CREATE",
                 "namespace":"team-a","resource":{"group":"","version":"v1","resource":"pods"},
                 "object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"big","namespace":"team-a","labels":{"app":"big"}},
                  "spec":{"containers":[{"name":"main","image":"app:1","env":[%s]},{"name":"side","image":"side:1"}]}}}}"""
                .formatted(uid, vars);
    }

    private String post(String path, String body, int status) {
        return given().contentType(ContentType.JSON).body(body).when().post(path).then().statusCode(status).extract().asString();
    }

    @Test
    void aPodOverTheThresholdGetsTheAnswerTheEngineGivesInProcessFromThePool() throws Exception {
        String review = podReview("u-large", 3000);
        assertTrue(review.length() > largeBodies.threshold(), "the review must be over the threshold: " + review.length());
        long before = largeBodies.offloaded();
        JsonNode answered = JSON.readTree(post("/mutate", review, 200));
        assertEquals(before + 1, largeBodies.offloaded());
        assertEquals(0, BodyBytes.heldOutsideHeap(), "the body outside the heap is freed once answered");
        JsonNode expected = JSON.readTree(PodMutator.answer(BodyBytes.of(review.getBytes(StandardCharsets.UTF_8)), registry.current(),
                IgnoredContainers.DEFAULT).reviewBytes());
        assertEquals(expected, answered);
        assertEquals("u-large", answered.path("response").path("uid").asText());
        assertTrue(answered.path("response").path("allowed").asBoolean());
        String patch = new String(java.util.Base64.getDecoder().decode(answered.path("response").path("patch").asText()),
                StandardCharsets.UTF_8);
        assertTrue(patch.contains("\"DB_HOST\""), patch);
    }

    @Test
    void aSmallPodIsAnsweredOnTheEventLoop() throws Exception {
        long before = largeBodies.offloaded();
        JsonNode answered = JSON.readTree(post("/mutate", podReview("u-small", 3), 200));
        assertEquals(before, largeBodies.offloaded());
        assertEquals("u-small", answered.path("response").path("uid").asText());
    }

    @Test
    void aMalformedBodyOverTheThresholdGets400WithItsReason() {
        String review = podReview("u-bad", 3000).replace("\"uid\":\"u-bad\",", "");
        assertTrue(review.length() > largeBodies.threshold());
        long before = largeBodies.offloaded();
        given().contentType(ContentType.JSON).body(review).when().post("/mutate")
                .then().statusCode(400).body("code", equalTo(400)).body("message", containsString("request.uid is required"));
        given().contentType(ContentType.JSON).body("{" + " ".repeat((int) largeBodies.threshold()) + "oops").when().post("/mutate")
                .then().statusCode(400).body("message", containsString("not valid JSON"));
        assertEquals(before + 2, largeBodies.offloaded());
        assertEquals(0, BodyBytes.heldOutsideHeap(), "the bodies outside the heap are freed once refused");
    }

    @Test
    void aPresetOverTheThresholdIsValidatedFromThePool() throws Exception {
        StringBuilder env = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            env.append(i == 0 ? "" : ",").append("{\"name\":\"VAR_").append(i).append("\",\"value\":\"0123456789abcdef\"}");
        }
        String duplicate = ",{\"name\":\"VAR_7\",\"value\":\"again\"}";
        String review = """
                {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u-preset","operation":"CREATE",
                 "namespace":"team-a","resource":{"group":"podpreset.dev","version":"v1alpha1","resource":"podpresets"},
                 "object":{"apiVersion":"podpreset.dev/v1alpha1","kind":"PodPreset","metadata":{"name":"many","namespace":"team-a"},
                  "spec":{"selector":{"matchLabels":{"app":"big"}},"env":[%s%s]}}}}""".formatted(env, duplicate);
        assertTrue(review.length() > largeBodies.threshold());
        long before = largeBodies.offloaded();
        JsonNode response = JSON.readTree(post("/validate", review, 200)).path("response");
        assertEquals(before + 1, largeBodies.offloaded());
        assertFalse(response.path("allowed").asBoolean(), response.toString());
        assertEquals(422, response.path("status").path("code").asInt());
        assertTrue(response.path("status").path("message").asText().contains("spec.env[3000].name: Duplicate value \"VAR_7\""),
                response.toString());
    }
}
