package dev.podpreset.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.http.BodyBytes;
import dev.podpreset.http.TestBodies;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the fuzz targets of the admission endpoints require of any answer to any input. */
final class FuzzedAnswers {
    private FuzzedAnswers() {
    }

    /** An AdmissionReview answered, and the bytes sent for it; or the message of a bad request (a 400). */
    private record Outcome(JsonNode answer, String sent, String badRequest) {
        /** Alike: the same bytes sent, or the same message (the tree holds the patch as a value of its own). */
        boolean alike(Outcome other) {
            return Objects.equals(sent, other.sent) && Objects.equals(badRequest, other.badRequest);
        }
    }

    /**
     * The response of a well-formed AdmissionReview answer, or null when the input was refused as a bad
     * request (a 400) with a message; any other exception fails the fuzz target. The input is answered as a body
     * on the heap and again as one outside it, alike.
     */
    static JsonNode responseOrBadRequest(Function<BodyBytes, ObjectNode> endpoint, byte[] input) {
        Outcome onHeap = outcome(endpoint, BodyBytes.of(input));
        try (BodyBytes outside = TestBodies.outsideHeap(input)) {
            Outcome outsideHeap = outcome(endpoint, outside);
            assertTrue(onHeap.alike(outsideHeap), "the same body outside the heap is answered otherwise: " + onHeap
                    + " against " + outsideHeap);
        }
        return onHeap.answer() == null ? null : onHeap.answer().path("response");
    }

    private static Outcome outcome(Function<BodyBytes, ObjectNode> endpoint, BodyBytes body) {
        ObjectNode answer;
        try {
            answer = endpoint.apply(body);
        } catch (BadAdmissionRequestException expected) {
            assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank());
            return new Outcome(null, null, expected.getMessage());
        }
        assertEquals("AdmissionReview", answer.path("kind").asText());
        JsonNode response = answer.path("response");
        assertTrue(response.path("uid").isTextual(), "uid echoed");
        assertTrue(response.path("allowed").isBoolean(), "allowed set");
        return new Outcome(answer, new String(AdmissionResponses.reviewBytes(answer), StandardCharsets.UTF_8), null);
    }
}
