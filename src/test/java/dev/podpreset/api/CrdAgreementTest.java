package dev.podpreset.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.podpreset.presets.InvalidDocumentException;
import dev.podpreset.presets.PresetDocuments;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The validator and the generated CRDs judge the fixtures of preset-fixtures.yaml alike: the CRD's
 * openAPIV3Schema (with kubectl's strict field validation: unknown fields are errors) through a JSON
 * Schema validator, and its x-kubernetes-validations through a CEL evaluator, as the API server would.
 * A rule added to one and not the other fails here.
 */
class CrdAgreementTest {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Path GENERATED = Path.of("target/classes/META-INF/fabric8");
    private static final CelCompiler CEL = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS).addVar("self", SimpleType.DYN).build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();
    private static final Map<String, Crd> CRDS = new HashMap<>();

    record Fixture(String name, String kind, JsonNode spec, String field, boolean crdAdmits, String why) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Fixture> fixtures() throws IOException {
        try (InputStream in = CrdAgreementTest.class.getResourceAsStream("preset-fixtures.yaml")) {
            List<Fixture> out = new ArrayList<>();
            for (JsonNode f : YAML.readTree(in)) {
                out.add(new Fixture(f.path("name").asText(), f.path("kind").asText("PodPreset"), f.get("spec"),
                        f.hasNonNull("field") ? f.get("field").asText() : null, f.path("crd").asText().equals("admits"),
                        f.path("why").asText()));
            }
            return out.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void validatorAndCrdAgree(Fixture f) throws Exception {
        ObjectNode doc = YAML.createObjectNode().put("apiVersion", PodPreset.API_VERSION).put("kind", f.kind());
        ObjectNode meta = doc.putObject("metadata").put("name", f.name());
        if (f.kind().equals("PodPreset")) {
            meta.put("namespace", "team-a");
        }
        doc.set("spec", f.spec());

        List<String> validatorFields = validatorFields(doc);
        List<String> crdProblems = crd(f.kind()).problems(doc);
        if (f.field() == null) {
            assertEquals(List.of(), validatorFields, "the validator refuses a valid fixture");
            assertEquals(List.of(), crdProblems, "the CRD refuses a valid fixture");
        } else if (f.crdAdmits()) {
            assertTrue(validatorFields.contains(f.field()), "validator fields " + validatorFields);
            assertEquals(List.of(), crdProblems, "the CRD now refuses a fixture marked `crd: admits` (" + f.why()
                    + "): remove the mark");
        } else {
            assertTrue(validatorFields.contains(f.field()), "validator fields " + validatorFields);
            assertTrue(!crdProblems.isEmpty(), "the validator refuses " + f.field() + " but the CRD admits it");
        }
    }

    private static List<String> validatorFields(JsonNode doc) {
        try {
            PresetDocuments.prepare(doc);
            return List.of();
        } catch (InvalidDocumentException e) {
            return e.preset().violations().stream().map(Violation::field).toList();
        }
    }

    private static synchronized Crd crd(String kind) throws IOException {
        String file = kind.equals("PodPreset") ? "podpresets.podpreset.dev-v1.yml" : "clusterpodpresets.podpreset.dev-v1.yml";
        Crd crd = CRDS.get(file);
        if (crd == null) {
            // The API server itself checks apiVersion, kind and metadata; the CRD's schema is about spec.
            JsonNode schema = YAML.readTree(GENERATED.resolve(file).toFile())
                    .path("spec").path("versions").path(0).path("schema").path("openAPIV3Schema").path("properties").path("spec");
            crd = new Crd(schema);
            CRDS.put(file, crd);
        }
        return crd;
    }

    /** The spec schema of one CRD version, as the API server applies it to a created object. */
    private static final class Crd {
        private final JsonNode openApi;
        private final Schema jsonSchema;

        Crd(JsonNode openApi) {
            this.openApi = openApi;
            this.jsonSchema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
                    .getSchema(strict(openApi.deepCopy()).toString(), InputFormat.JSON);
        }

        List<String> problems(JsonNode doc) throws Exception {
            List<String> out = new ArrayList<>();
            for (Error e : jsonSchema.validate(doc.get("spec").toString(), InputFormat.JSON)) {
                out.add("spec" + e.getInstanceLocation() + ": " + e.getMessage());
            }
            if (out.isEmpty()) {
                rules("spec", openApi, doc.get("spec"), out);
            }
            return out;
        }

        /** kubectl validates strictly by default: a field the schema does not know is an error, not pruned. */
        private static JsonNode strict(JsonNode schema) {
            if (schema instanceof ObjectNode o) {
                if (o.has("properties") && !o.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
                    o.put("additionalProperties", false);
                }
                schema.forEach(CrdAgreementTest.Crd::strict);
            }
            return schema;
        }

        /** Evaluates every x-kubernetes-validations rule where the object has a value. */
        private static void rules(String path, JsonNode schema, JsonNode value, List<String> out) throws Exception {
            if (value == null || value.isNull() || value.isMissingNode()) {
                return;
            }
            for (JsonNode rule : schema.path("x-kubernetes-validations")) {
                CelRuntime.Program program = RUNTIME.createProgram(CEL.compile(rule.path("rule").asText()).getAst());
                try {
                    if (!Boolean.TRUE.equals(program.eval(Map.of("self", cel(value))))) {
                        out.add(path + ": " + rule.path("message").asText());
                    }
                } catch (CelEvaluationException e) {
                    // The API server refuses an object on which a rule cannot be evaluated, too.
                    out.add(path + ": " + e.getMessage());
                }
            }
            if (value.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    JsonNode child = schema.path("properties").has(e.getKey()) ? schema.path("properties").get(e.getKey())
                            : schema.path("additionalProperties");
                    rules(path + "." + e.getKey(), child, e.getValue(), out);
                }
            } else if (value.isArray()) {
                for (int i = 0; i < value.size(); i++) {
                    rules(path + "[" + i + "]", schema.path("items"), value.get(i), out);
                }
            }
        }

        private static Object cel(JsonNode v) {
            if (v.isObject()) {
                Map<String, Object> m = new LinkedHashMap<>();
                v.fields().forEachRemaining(e -> m.put(e.getKey(), cel(e.getValue())));
                return m;
            } else if (v.isArray()) {
                List<Object> l = new ArrayList<>();
                v.forEach(x -> l.add(cel(x)));
                return l;
            } else if (v.isIntegralNumber()) {
                return v.asLong();
            } else if (v.isNumber()) {
                return v.asDouble();
            } else if (v.isBoolean()) {
                return v.asBoolean();
            } else if (v.isNull()) {
                return NullValue.NULL_VALUE;
            }
            return v.asText();
        }
    }
}
