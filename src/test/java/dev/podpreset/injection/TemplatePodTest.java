package dev.podpreset.injection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemplatePodTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) JSON.readTree(text);
    }

    @Test
    void theTemplatesMetadataAndSpecInAPodOfTheWorkloadsNamespace() throws Exception {
        ObjectNode template = json("{\"metadata\":{\"labels\":{\"app\":\"web\"}},\"spec\":{\"containers\":[{\"name\":\"a\"}]}}");
        TemplatePod p = TemplatePod.of(template, "team-a");
        assertEquals(json("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"labels\":{\"app\":\"web\"},"
                + "\"namespace\":\"team-a\"},\"spec\":{\"containers\":[{\"name\":\"a\"}]}}"), p.pod());
        assertTrue(p.addedNamespace());
        ((ObjectNode) p.pod().get("spec")).removeAll();
        assertEquals(1, template.path("spec").path("containers").size(), "the template is never changed");
    }

    @Test
    void aNamespaceTheTemplateHasIsKept() throws Exception {
        TemplatePod p = TemplatePod.of(json("{\"metadata\":{\"namespace\":\"x\"},\"spec\":{}}"), "team-a");
        assertEquals("x", p.pod().path("metadata").path("namespace").asText());
        assertFalse(p.addedNamespace());
    }

    @Test
    void withoutMetadataOrSpecThePodHasEmptyOnes() throws Exception {
        TemplatePod p = TemplatePod.of(json("{}"), "team-a");
        assertEquals(json("{\"namespace\":\"team-a\"}"), p.pod().get("metadata"));
        assertEquals(json("{}"), p.pod().get("spec"));
    }

    @Test
    void metadataThatIsNotAnObjectIsKeptForTheShapeCheckToName() throws Exception {
        TemplatePod p = TemplatePod.of(json("{\"metadata\":\"x\",\"spec\":{}}"), "team-a");
        assertEquals("metadata: expected an object", PodShape.problem(p.pod()));
    }

    @Test
    void namedByNameOrByGenerateName() throws Exception {
        JsonNode named = json("{\"name\":\"web-1\",\"generateName\":\"web-\"}");
        assertEquals("team-a/web-1", TemplatePod.name("team-a", named));
        assertEquals("team-a/web-*", TemplatePod.name("team-a", json("{\"generateName\":\"web-\"}")));
        assertEquals("team-a/*", TemplatePod.name("team-a", json("{}")));
    }
}
