package dev.podpreset.admission;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podpreset.sources.PresetRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code podpreset.injection.ignored-containers} reaches {@code /mutate}: configured to list only
 * {@code orders}, the application container is left alone and the mesh's containers, ignored by default,
 * receive the preset.
 */
@QuarkusTest
@TestProfile(IgnoredContainersConfigTest.OnlyOrders.class)
class IgnoredContainersConfigTest {
    @Inject
    PresetRegistry registry;

    public static class OnlyOrders implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("podpreset.injection.ignored-containers", "orders");
        }
    }

    @Test
    void theConfiguredListReplacesTheDefault() throws Exception {
        // The pod of case 112 (orders, istio-proxy, init container istio-init), the preset of case 113 (env, envFrom).
        GoldenCase pod = GoldenCase.load("112-mesh-proxy-named-in-target-containers");
        registry.publish(GoldenCase.load("113-ignore-containers-annotation-adds-names").presets().snapshot());
        String body = given().contentType(ContentType.JSON).body(pod.review(pod.pod()))
                .when().post("/mutate")
                .then().statusCode(200).extract().asString();
        List<String> paths = new ArrayList<>();
        GoldenCase.decodePatch(GoldenCase.JSON.readTree(body).path("response")).forEach(op -> paths.add(op.path("path").asText()));
        assertEquals(List.of("/metadata/annotations",
                "/spec/initContainers/0/env", "/spec/initContainers/0/envFrom",
                "/spec/containers/1/env", "/spec/containers/1/envFrom"), paths);
    }
}
