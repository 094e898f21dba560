package dev.podpreset.admission;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
        JsonNode response = FuzzedAnswers.responseOrBadRequest(VALIDATOR::validate, input);
        if (response != null && !response.path("allowed").asBoolean()) {
            JsonNode status = response.path("status");
            assertEquals(PresetAdmissionValidator.UNPROCESSABLE, status.path("code").asInt());
            assertFalse(status.path("message").asText().isBlank());
            JsonNode cause = status.path("details").path("causes").path(0);
            assertFalse(cause.path("field").asText().isBlank(), status.toString());
            assertFalse(cause.path("message").asText().isBlank(), status.toString());
        }
    }
}
