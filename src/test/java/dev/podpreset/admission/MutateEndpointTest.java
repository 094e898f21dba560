package dev.podpreset.admission;

import dev.podpreset.sources.PresetRegistry;
import dev.podpreset.presets.PresetSnapshot;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.restassured.RestAssured;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Malformed input gets a 4xx with a message, never a 500, and the server keeps serving. */
@QuarkusTest
class MutateEndpointTest {
    private static final String REVIEW = """
            {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":%s}""";

    @Inject
    PresetRegistry registry;

    @BeforeEach
    void noPresets() {
        registry.publish(PresetSnapshot.EMPTY);
    }

    private static String podCreate(String object) {
        return REVIEW.formatted("""
                {"uid":"u1","operation":"CREATE","namespace":"ns",
                 "resource":{"group":"","version":"v1","resource":"pods"},"object":%s}""".formatted(object));
    }

    private static void badRequest(String body, String message) {
        given().contentType(ContentType.JSON).body(body).when().post("/mutate")
                .then().statusCode(400).body("code", equalTo(400)).body("message", containsString(message));
    }

    @Test
    void emptyBody() {
        badRequest("", "empty request body");
    }

    @Test
    void notJson() {
        badRequest("{not json", "not valid JSON");
    }

    @Test
    void jsonButNotAnObject() {
        badRequest("[1,2]", "not a JSON object");
    }

    @Test
    void notAnAdmissionReview() {
        badRequest("{\"apiVersion\":\"v1\",\"kind\":\"Pod\"}", "not an AdmissionReview");
    }

    @Test
    void noRequest() {
        badRequest("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"}", "has no request");
    }

    @Test
    void noUid() {
        badRequest(REVIEW.formatted("{\"operation\":\"CREATE\"}"), "request.uid is required");
    }

    @Test
    void podRequestWhoseObjectIsNotAPod() {
        badRequest(podCreate("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\"}"), "kind: expected Pod, got Deployment");
    }

    @Test
    void podRequestWithoutObject() {
        badRequest(podCreate("null"), "request.object is missing");
    }

    @Test
    void podWhoseContainersAreNotAList() {
        badRequest(podCreate("{\"kind\":\"Pod\",\"spec\":{\"containers\":{\"name\":\"x\"}}}"), "spec.containers: expected a list");
    }

    @Test
    void duplicateKeysAreRefused() {
        badRequest(podCreate("{\"kind\":\"Pod\",\"kind\":\"Pod\"}"), "Duplicate field 'kind'");
    }

    @Test
    void tooLargeBodyIs413() throws Exception {
        // The server answers from the Content-Length alone and closes, so send only the headers.
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.getOutputStream().write(("POST /mutate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + (8 * 1024 * 1024) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            assertEquals("HTTP/1.1 413 Request Entity Too Large", status);
        }
    }

    @Test
    void otherRequestsAreAllowedUntouched() {
        String update = REVIEW.formatted("""
                {"uid":"u2","operation":"UPDATE","namespace":"ns",
                 "resource":{"group":"","version":"v1","resource":"pods"},"object":{"kind":"Pod"}}""");
        given().contentType(ContentType.JSON).body(update).when().post("/mutate")
                .then().statusCode(200).body("response.uid", equalTo("u2")).body("response.allowed", equalTo(true))
                .body("response.patch", nullValue());
    }

    @Test
    void theServerGoesOnServingAfterBadInput() throws Exception {
        badRequest("{not json", "not valid JSON");
        String review = Files.readString(Path.of("examples/requests/frontend-pod.json"));
        given().contentType(ContentType.JSON).body(review).when().post("/mutate")
                .then().statusCode(200).body("response.allowed", equalTo(true));
    }
}
