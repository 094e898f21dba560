package dev.podpreset.admission;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class AdmissionResponsesTest {
    @Test
    void patchBytesAreExactlyTheTextOfThePatch() {
        ArrayNode patch = JsonNodeFactory.instance.arrayNode();
        patch.addObject().put("op", "add").put("path", "/metadata/annotations/a~1b")
                .put("value", "ünïcode \"quoted\" \\ \u2028 tab\t");
        patch.addObject().put("op", "add").put("path", "/spec/x").putObject("value")
                .put("n", 1).put("d", new BigDecimal("0.10")).put("f", 1.5).put("b", false).putNull("z")
                .putArray("l").add(1).add("s");
        assertArrayEquals(patch.toString().getBytes(StandardCharsets.UTF_8), AdmissionResponses.patchBytes(patch));
    }

    @Test
    void patchIsSentAsStandardPaddedBase64OfThePatchBytes() throws IOException {
        AdmissionRequest request = new AdmissionRequest("admission.k8s.io/v1", "u-1", "CREATE", "", "v1", "pods", "",
                "ns", "p", false, null);
        // Three patch lengths, so that every base64 padding case (none, "=", "==") is written.
        for (String value : List.of("a", "ab", "abc")) {
            ArrayNode patch = JsonNodeFactory.instance.arrayNode();
            patch.addObject().put("op", "add").put("path", "/metadata/annotations/k").put("value", value);
            byte[] sent = AdmissionResponses.reviewBytes(AdmissionResponses.allow(request, patch, List.of(), Map.of()));
            String base64 = AdmissionRequest.MAPPER.readTree(sent).path("response").path("patch").textValue();
            assertEquals(Base64.getEncoder().encodeToString(patch.toString().getBytes(StandardCharsets.UTF_8)), base64);
        }
    }
}
