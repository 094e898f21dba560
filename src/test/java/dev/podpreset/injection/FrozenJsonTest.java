package dev.podpreset.injection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FrozenJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode sample() throws Exception {
        return (ObjectNode) JSON.readTree("""
                {"name":"creds","secret":{"secretName":"db \\"x\\" ü","defaultMode":420,
                 "items":[{"key":"a","path":"b"}]},"n":null,"f":1.5,"b":false}""");
    }

    @Test
    void writesTheSameJsonAsTheTreeItWasMadeFromEveryTime() throws Exception {
        ObjectNode frozen = FrozenJson.freeze(sample());
        String expected = sample().toString();
        assertEquals(expected, frozen.toString());
        assertEquals(expected, JSON.writeValueAsString(frozen), "second write, from the remembered text");
        ArrayNode inPatch = JSON.createArrayNode().add(frozen).add(frozen);
        assertEquals("[" + expected + "," + expected + "]", JSON.writeValueAsString(inPatch));
    }

    @Test
    void readsAndComparesLikeThePlainTree() throws Exception {
        ObjectNode frozen = FrozenJson.freeze(sample());
        assertEquals(sample(), frozen);
        assertEquals(frozen, sample());
        assertEquals("db \"x\" ü", frozen.path("secret").path("secretName").textValue());
        assertEquals(sample(), frozen.deepCopy());
    }

    @Test
    void refusesChangesAtEveryLevel() throws Exception {
        ObjectNode frozen = FrozenJson.freeze(sample());
        assertThrows(UnsupportedOperationException.class, () -> frozen.put("name", "other"));
        assertThrows(UnsupportedOperationException.class, () -> frozen.remove("name"));
        ObjectNode secret = (ObjectNode) frozen.get("secret");
        assertThrows(UnsupportedOperationException.class, () -> secret.put("defaultMode", 256));
        ArrayNode items = (ArrayNode) secret.get("items");
        assertThrows(UnsupportedOperationException.class, () -> items.add("x"));
        JsonNode item = items.get(0);
        assertThrows(UnsupportedOperationException.class, () -> ((ObjectNode) item).put("key", "z"));
    }

    @Test
    void aCopyCanBeChanged() throws Exception {
        ObjectNode copy = FrozenJson.freeze(sample()).deepCopy();
        copy.put("name", "other");
        ((ObjectNode) copy.get("secret")).put("defaultMode", 256);
        assertEquals("other", copy.get("name").textValue());
        assertEquals(256, copy.path("secret").path("defaultMode").intValue());
    }

    @Test
    void objectsOfOneShapeKeepTheirOwnValuesAndOrder() throws Exception {
        String[] sources = {"{\"name\":\"a\",\"value\":\"1\"}", "{\"name\":\"b\",\"value\":\"2\"}",
                "{\"value\":\"3\",\"name\":\"c\"}", "{\"name\":\"d\"}"};
        ObjectNode[] frozen = new ObjectNode[sources.length];
        for (int i = 0; i < sources.length; i++) {
            frozen[i] = FrozenJson.freeze((ObjectNode) JSON.readTree(sources[i]));
        }
        for (int i = 0; i < sources.length; i++) {
            assertEquals(sources[i], frozen[i].toString());
            assertEquals(JSON.readTree(sources[i]), frozen[i]);
        }
        assertEquals("b", frozen[1].path("name").textValue());
        assertEquals("3", frozen[2].path("value").textValue());
        assertEquals(1, frozen[3].size());
    }
}
