package dev.podpreset.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PresetShapeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<String> nulls(String json) throws Exception {
        JsonNode spec = JSON.readTree(json);
        return PresetShape.nulls("spec", spec).stream().map(Violation::toString).toList();
    }

    @Test
    void aSpecWithoutNullsHasNoViolation() throws Exception {
        assertEquals(List.of(), nulls("""
                {"env":[{"name":"A","value":""}],"selector":{"matchLabels":{"app":"web"}},"volumes":[]}"""));
    }

    @Test
    void everyNullIsNamedByItsPath() throws Exception {
        assertEquals(List.of(
                        "spec.env[1]: Invalid value: null: remove the field or give it a value",
                        "spec.env[2].value: Invalid value: null: remove the field or give it a value",
                        "spec.selector.matchLabels[app.kubernetes.io/name]: Invalid value: null: remove the field or give it a value"),
                nulls("""
                        {"env":[{"name":"A"},null,{"name":"B","value":null}],
                         "selector":{"matchLabels":{"app.kubernetes.io/name":null,"tier":"web"}}}"""));
    }
}
