package dev.podpreset.admission;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

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
}
