package dev.podpreset.admission;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the fuzz targets of the admission endpoints require of any answer to any input. */
final class FuzzedAnswers {
    private FuzzedAnswers() {
    }

    /**
     * The response of a well-formed AdmissionReview answer, or null when the input was refused as a bad
     * request (a 400) with a message; any other exception fails the fuzz target.
     */
    static JsonNode responseOrBadRequest(Function<byte[], JsonNode> endpoint, byte[] input) {
        JsonNode answer;
        try {
            answer = endpoint.apply(input);
        } catch (BadAdmissionRequestException expected) {
            assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank());
            return null;
        }
        assertEquals("AdmissionReview", answer.path("kind").asText());
        JsonNode response = answer.path("response");
        assertTrue(response.path("uid").isTextual(), "uid echoed");
        assertTrue(response.path("allowed").isBoolean(), "allowed set");
        return response;
    }
}
