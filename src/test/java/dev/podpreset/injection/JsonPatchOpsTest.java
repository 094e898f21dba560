package dev.podpreset.injection;

import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonPatchOpsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anAddOperationWritesWhatAPlainObjectWithItsFieldsWrites() throws Exception {
        String path = "/metadata/annotations/a~1b\"c\u00fc";
        JsonNode value = JSON.readTree("{\"name\":\"A\",\"value\":\"q\\\"uote\"}");
        ObjectNode op = JsonPatchOps.add(new SerializedString(path), value);
        ObjectNode plain = JSON.createObjectNode().put("op", "add").put("path", path);
        plain.set("value", value);
        assertEquals(plain.toString(), JSON.writeValueAsString(op));
        assertEquals(plain, op);
        assertEquals(path, op.path("path").textValue());
        assertEquals(value, op.get("value"));
    }

    @Test
    void anAddOperationIsReadOnly() {
        ObjectNode op = JsonPatchOps.add("/spec/volumes/-", JSON.createObjectNode());
        assertThrows(UnsupportedOperationException.class, () -> op.put("op", "remove"));
    }

    @Test
    void escapesReferenceTokensTildeFirst() {
        assertEquals("a~01~1b", JsonPatchOps.escape("a~1/b"));
    }
}
