package dev.podpreset.admission;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes /validate: any byte sequence yields either a well-formed AdmissionReview answer, a denial being
 * a 422 that names at least one field, or a {@link BadAdmissionRequestException} (a 400); never another
 * exception (a 500). The normal test command replays the seeds in
 * src/test/resources/dev/podpreset/admission/ValidateInputFuzzTestInputs (regression mode); run with
 * JAZZER_FUZZ=1 to fuzz.
 */
class ValidateInputFuzzTest {
    private static final PresetAdmissionValidator VALIDATOR = new PresetAdmissionValidator();

    @FuzzTest(maxDuration = "30s")
    void validate(byte[] input) {
        JsonNode answer;
        try {
            answer = VALIDATOR.validate(input);
        } catch (BadAdmissionRequestException expected) {
            assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank());
            return;
        }
        assertEquals("AdmissionReview", answer.path("kind").asText());
        JsonNode response = answer.path("response");
        assertTrue(response.path("uid").isTextual(), "uid echoed");
        assertTrue(response.path("allowed").isBoolean(), "allowed set");
        if (!response.path("allowed").asBoolean()) {
            JsonNode status = response.path("status");
            assertEquals(PresetAdmissionValidator.UNPROCESSABLE, status.path("code").asInt());
            assertFalse(status.path("message").asText().isBlank());
            JsonNode cause = status.path("details").path("causes").path(0);
            assertFalse(cause.path("field").asText().isBlank(), status.toString());
            assertFalse(cause.path("message").asText().isBlank(), status.toString());
        }
    }
}
