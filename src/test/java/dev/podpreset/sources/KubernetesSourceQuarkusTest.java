package dev.podpreset.sources;

import dev.podpreset.TestPresets;
import dev.podpreset.injection.PresetKind;
import dev.podpreset.kubernetes.PresetResources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The whole application with {@code podpreset.source=kubernetes} against the fabric8 CRUD mock API
 * server: readiness, and presets created, changed and deleted in the cluster seen by {@code /mutate}.
 */
@QuarkusTest
@TestProfile(KubernetesSourceQuarkusTest.KubernetesSource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubernetesSourceQuarkusTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String MANAGEMENT = "http://localhost:"
            + System.getenv().getOrDefault("PODPRESET_TEST_MANAGEMENT_PORT", "9001");
    private static KubernetesClient client;

    public static class KubernetesSource implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(MockClusterResource.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("podpreset.source", "kubernetes", "podpreset.kubernetes-rebuild-delay", "20ms");
        }
    }

    @AfterAll
    static void closeClient() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    @Order(1)
    void notReadyUntilTheInformersHaveSyncedAndLiveMeanwhile() throws Exception {
        // The mock API server is not started yet: the informers keep retrying.
        Thread.sleep(500);
        given().when().get(MANAGEMENT + "/q/health/ready").then().statusCode(503);
        given().when().get(MANAGEMENT + "/q/health/live").then().statusCode(200);

        MockClusterResource.cluster.start();
        client = MockClusterResource.cluster.client();
        KubernetesPresetSourceTest.await("ready",
                () -> given().when().get(MANAGEMENT + "/q/health/ready").statusCode() == 200);
    }

    @Test
    @Order(2)
    void presetCreatedChangedAndDeletedReachesMutate() {
        MockCluster.apply(client, "{apiVersion: v1, kind: Namespace, metadata: {name: team-a}}");
        String preset = TestPresets.DB_PRESET;
        MockCluster.apply(client, preset.formatted("6379"));
        KubernetesPresetSourceTest.await("preset created", () -> patch().contains("\"6379\""));

        MockCluster.apply(client, preset.formatted("6380"));
        KubernetesPresetSourceTest.await("preset changed", () -> patch().contains("\"6380\""));

        client.genericKubernetesResources(PresetResources.of(PresetKind.NAMESPACED)).inNamespace("team-a").withName("db").delete();
        KubernetesPresetSourceTest.await("preset deleted", () -> patch().isEmpty());
    }

    @Test
    @Order(3)
    void readinessStaysUpWhileTheApiServerIsAway() {
        MockClusterResource.cluster.stop();
        given().when().get(MANAGEMENT + "/q/health/ready").then().statusCode(200);
        assertFalse(patch().contains("DB_PORT"));
        MockClusterResource.cluster.start();
    }

    /** The decoded JSON patch /mutate returns for a frontend pod in team-a; "" for none. */
    private static String patch() {
        String review = """
                {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u1","operation":"CREATE",
                 "namespace":"team-a","resource":{"group":"","version":"v1","resource":"pods"},
                 "object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"team-a","labels":{"role":"frontend"}},
                           "spec":{"containers":[{"name":"app","image":"nginx"}]}}}}""";
        String body = given().contentType(ContentType.JSON).body(review).when().post("/mutate")
                .then().statusCode(200).extract().asString();
        try {
            JsonNode response = JSON.readTree(body).path("response");
            assertEquals(true, response.path("allowed").asBoolean());
            return response.has("patch")
                    ? new String(Base64.getDecoder().decode(response.path("patch").asText()), StandardCharsets.UTF_8) : "";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
