package dev.podpreset.admission;

import dev.podpreset.TestPresets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code POST /validate} through HTTP. */
@QuarkusTest
class ValidateResourceTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final YAMLMapper YAML = new YAMLMapper();

    private static final String VALID_POD_PRESET = """
            apiVersion: podpreset.dev/v1alpha1
            kind: PodPreset
            metadata: {name: db, namespace: team-a}
            spec:
              selector: {matchLabels: {role: frontend}}
              env: [{name: DB_PORT, value: "6379"}]
              volumes: [{name: cache, emptyDir: {}}]
              volumeMounts: [{name: cache, mountPath: /cache}]
            """;

    @Test
    void validPodPresetIsAllowed() throws Exception {
        JsonNode response = post(review("CREATE", "podpresets", "team-a", VALID_POD_PRESET));
        assertTrue(response.path("allowed").asBoolean(), response.toString());
        assertFalse(response.has("status"));
    }

    @Test
    void validClusterPodPresetIsAllowedOnCreateAndUpdate() throws Exception {
        assertTrue(post(review("CREATE", "clusterpodpresets", "", TestPresets.GPU_PRESET)).path("allowed").asBoolean());
        assertTrue(post(review("UPDATE", "clusterpodpresets", "", TestPresets.GPU_PRESET)).path("allowed").asBoolean());
    }

    @Test
    void podPresetWithoutNamespaceInTheObjectTakesTheRequestNamespace() throws Exception {
        String yaml = VALID_POD_PRESET.replace("metadata: {name: db, namespace: team-a}", "metadata: {name: db}");
        assertTrue(post(review("CREATE", "podpresets", "team-a", yaml)).path("allowed").asBoolean());
    }

    @Test
    void invalidPresetIsDeniedWithEveryViolatedField() throws Exception {
        String yaml = """
                apiVersion: podpreset.dev/v1alpha1
                kind: PodPreset
                metadata: {name: db, namespace: team-a}
                spec:
                  env: [{name: A, value: "1"}, {name: A, value: "2"}]
                  volumeMounts: [{name: x, mountPath: /x}]
                  tolerations: [{key: k, operator: Sometimes}]
                """;
        JsonNode response = post(review("UPDATE", "podpresets", "team-a", yaml));
        assertFalse(response.path("allowed").asBoolean());
        assertEquals(422, response.path("status").path("code").asInt());
        String message = response.path("status").path("message").asText();
        assertTrue(message.startsWith("PodPreset team-a/db is invalid: "), message);
        assertTrue(message.contains("spec.volumeMounts[0].name: Not found: \"x\" is not a volume of this preset"), message);
        assertTrue(message.contains("spec.env[1].name: Duplicate value \"A\""), message);
        assertTrue(message.contains("spec.tolerations[0].operator: Unsupported value \"Sometimes\""), message);
    }

    @Test
    void invalidClusterPodPresetIsDenied() throws Exception {
        String yaml = """
                apiVersion: podpreset.dev/v1alpha1
                kind: ClusterPodPreset
                metadata: {name: gpu}
                spec:
                  namespaceSelector: {matchExpressions: [{key: gpu, operator: In}]}
                  env: [{name: A, value: b}]
                """;
        JsonNode response = post(review("CREATE", "clusterpodpresets", "", yaml));
        assertFalse(response.path("allowed").asBoolean());
        assertEquals(422, response.path("status").path("code").asInt());
        assertEquals("ClusterPodPreset gpu is invalid: spec.namespaceSelector.matchExpressions[0].values: Required value:"
                + " must be specified when operator is In", response.path("status").path("message").asText());
    }

    /**
     * Each cause carries the reason the API server gives that kind of field error (apimachinery's
     * {@code field.ErrorType}), so that a client reading the causes tells a missing field from a bad value.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "env: [{value: b}] | spec.env[0].name | FieldValueRequired",
            "env: [{name: A, value: b}], selector: {matchLabels: {a: null}} | spec.selector.matchLabels.a | FieldValueInvalid",
            "env: [{name: A, value: 6379}] | spec.env[0].value | FieldValueTypeInvalid",
            "env: [{name: A, value: b}], onConflict: Sometimes | spec.onConflict | FieldValueNotSupported",
            "env: [{name: A, value: b}, {name: A, value: c}] | spec.env[1].name | FieldValueDuplicate",
            "env: [{name: A, value: b}], volumeMounts: [{name: x, mountPath: /x}] | spec.volumeMounts[0].name | FieldValueNotFound",
            "env: [{name: A, value: b}], selector: {matchExpressions: [{key: k, operator: Exists, values: [v]}]}"
                    + "| spec.selector.matchExpressions[0].values | FieldValueForbidden",
            "env: [{name: A, value: b}], envv: [] | spec.envv | FieldValueInvalid",
            "env: [{name: A, value: b}], description: DESCRIPTION | spec.description | FieldValueTooLong",
    })
    void eachCauseCarriesTheReasonOfItsKindOfError(String spec, String field, String causeReason) throws Exception {
        JsonNode causes = deniedCreate(spec.replace("DESCRIPTION", "d".repeat(257))).path("details").path("causes");
        assertEquals(1, causes.size(), causes.toString());
        assertEquals(field, causes.path(0).path("field").asText(), causes.toString());
        assertEquals(causeReason, causes.path(0).path("reason").asText(), causes.toString());
    }

    /** The status of the answer to a CREATE of PodPreset team-a/db with {@code spec}, which must be denied. */
    private JsonNode deniedCreate(String spec) throws Exception {
        String yaml = "apiVersion: podpreset.dev/v1alpha1\nkind: PodPreset\nmetadata: {name: db, namespace: team-a}\nspec: {"
                + spec + "}\n";
        JsonNode response = post(review("CREATE", "podpresets", "team-a", yaml));
        assertFalse(response.path("allowed").asBoolean(), response.toString());
        return response.path("status");
    }

    /** Each once made /validate answer 500 with a stack trace; now a 422 naming the field. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "selector: {matchExpressions: [{key: app}]}, env: [{name: A, value: b}]"
                    + "| spec.selector.matchExpressions[0].operator | Required value: supported values: In, NotIn, Exists, DoesNotExist",
            "selector: {matchExpressions: [null]}, env: [{name: A, value: b}]"
                    + "| spec.selector.matchExpressions[0] | Invalid value: null: remove the field or give it a value",
            "selector: {matchLabels: {a: null}}, env: [{name: A, value: b}]"
                    + "| spec.selector.matchLabels.a | Invalid value: null: remove the field or give it a value",
            "sidecars: [{name: s, image: busybox, ports: [null]}]"
                    + "| spec.sidecars[0].ports[0] | Invalid value: null: remove the field or give it a value",
            "volumes: [{name: info, downwardAPI: {items: [null]}}]"
                    + "| spec.volumes[0].downwardAPI.items[0] | Invalid value: null: remove the field or give it a value",
            "env: [{name: A, value: 6379}] | spec.env[0].value | Invalid value: expected a string",
            "sidecars: [{name: s, image: busybox, ports: [{containerPort: \"80\"}]}]"
                    + "| spec.sidecars[0].ports[0].containerPort | Invalid value: expected an integer",
            "env: {name: A} | spec.env | Invalid value: expected an array",
            "env: [{name: A, value: b}], onConflict: Sometimes | spec.onConflict | Unsupported value \"Sometimes\": supported values: Skip, Reject",
    })
    void nullsAndWrongTypesAreFieldErrors(String spec, String field, String reason) throws Exception {
        JsonNode status = deniedCreate(spec);
        assertEquals(422, status.path("code").asInt());
        assertEquals("PodPreset team-a/db is invalid: " + field + ": " + reason, status.path("message").asText());
        assertEquals("Invalid", status.path("reason").asText());
        assertEquals("db", status.path("details").path("name").asText());
        assertEquals("PodPreset", status.path("details").path("kind").asText());
        assertEquals(field, status.path("details").path("causes").path(0).path("field").asText());
        assertEquals(reason, status.path("details").path("causes").path(0).path("message").asText());
    }

    @Test
    void objectOfAnotherKindIsBadRequest() throws Exception {
        ObjectNode review = review("CREATE", "podpresets", "team-a", VALID_POD_PRESET.replace("kind: PodPreset", "kind: Pod"));
        given().contentType(ContentType.JSON).body(review.toString()).when().post("/validate")
                .then().statusCode(400).body(containsString("request.object is a Pod"));
    }

    @Test
    void unknownSpecFieldIsDenied() throws Exception {
        String yaml = VALID_POD_PRESET.replace("  env:", "  envv:");
        JsonNode response = post(review("CREATE", "podpresets", "team-a", yaml));
        assertFalse(response.path("allowed").asBoolean());
        assertEquals("PodPreset team-a/db is invalid: spec.envv: unknown field", response.path("status").path("message").asText());
    }

    @Test
    void unknownFieldsInsideCoreTypesAreAllowed() throws Exception {
        String yaml = VALID_POD_PRESET.replace("value: \"6379\"", "value: \"6379\", fieldFromTheFuture: 1");
        assertTrue(post(review("CREATE", "podpresets", "team-a", yaml)).path("allowed").asBoolean());
    }

    @Test
    void presetBeingDeletedMayBeUpdatedEvenIfInvalid() throws Exception {
        String yaml = """
                apiVersion: podpreset.dev/v1alpha1
                kind: PodPreset
                metadata: {name: db, namespace: team-a, deletionTimestamp: "2024-01-01T00:00:00Z"}
                spec: {}
                """;
        assertTrue(post(review("UPDATE", "podpresets", "team-a", yaml)).path("allowed").asBoolean());
        assertFalse(post(review("CREATE", "podpresets", "team-a", yaml)).path("allowed").asBoolean());
    }

    @Test
    void otherRequestsAreAllowed() throws Exception {
        String invalid = "apiVersion: podpreset.dev/v1alpha1\nkind: PodPreset\nmetadata: {name: db, namespace: team-a}\nspec: {}\n";
        assertTrue(post(review("DELETE", "podpresets", "team-a", invalid)).path("allowed").asBoolean(), "DELETE");
        ObjectNode status = review("UPDATE", "podpresets", "team-a", invalid);
        ((ObjectNode) status.get("request")).put("subResource", "status");
        assertTrue(post(status).path("allowed").asBoolean(), "status subresource");
        ObjectNode pod = review("CREATE", "pods", "team-a",
                "{apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {containers: [{name: a, image: b}]}}");
        ((ObjectNode) pod.get("request").get("resource")).put("group", "").put("version", "v1");
        assertTrue(post(pod).path("allowed").asBoolean(), "a pod");
    }

    @Test
    void malformedInputIsBadRequest() {
        given().contentType(ContentType.JSON).body("{not json").when().post("/validate")
                .then().statusCode(400).body(containsString("not valid JSON"));
        given().contentType(ContentType.JSON).body("{\"kind\":\"Pod\"}").when().post("/validate")
                .then().statusCode(400).body(containsString("not an AdmissionReview"));
    }

    @Test
    void presetRequestWithoutObjectIsBadRequest() throws Exception {
        ObjectNode review = review("CREATE", "podpresets", "team-a", VALID_POD_PRESET);
        ((ObjectNode) review.get("request")).remove("object");
        given().contentType(ContentType.JSON).body(review.toString()).when().post("/validate")
                .then().statusCode(400).body(containsString("request.object"));
    }

    private static ObjectNode review(String operation, String resource, String namespace, String objectYaml) throws Exception {
        ObjectNode review = JSON.createObjectNode();
        review.put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request");
        request.put("uid", "uid-1").put("operation", operation).put("namespace", namespace).put("name", "x");
        request.putObject("resource").put("group", "podpreset.dev").put("version", "v1alpha1").put("resource", resource);
        request.set("object", YAML.readTree(objectYaml));
        return review;
    }

    private static JsonNode post(ObjectNode review) throws Exception {
        String body = given().contentType(ContentType.JSON).body(review.toString())
                .when().post("/validate")
                .then().statusCode(200).extract().asString();
        JsonNode answer = JSON.readTree(body);
        assertEquals("AdmissionReview", answer.path("kind").asText());
        assertEquals("uid-1", answer.path("response").path("uid").asText());
        return answer.path("response");
    }
}
