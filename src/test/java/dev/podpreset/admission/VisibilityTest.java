package dev.podpreset.admission;

import dev.podpreset.presets.PresetDirectory;
import dev.podpreset.sources.PresetRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** What a platform team sees: audit annotations for skipped presets and metrics on the management port. */
@QuarkusTest
class VisibilityTest {
    @Inject
    PresetRegistry registry;
    @ConfigProperty(name = "quarkus.management.test-port", defaultValue = "9001")
    int managementPort;

    @BeforeEach
    void examples() throws Exception {
        registry.publish(PresetDirectory.load(Path.of("examples")).snapshot());
    }

    private static String conflictingPod() throws Exception {
        // The pod already has DB_PORT with another value, so allow-database is skipped.
        return Files.readString(Path.of("examples/requests/frontend-pod.json"))
                .replace("\"name\": \"website\",", "\"name\": \"website\", \"env\": [{\"name\": \"DB_PORT\", \"value\": \"5432\"}],");
    }

    @Test
    void aSkippedPresetGetsAnAuditAnnotation() throws Exception {
        given().contentType(ContentType.JSON).body(conflictingPod()).when().post("/mutate")
                .then().statusCode(200)
                .body("response.auditAnnotations.skipped-podpreset-allow-database",
                        equalTo("PodPreset team-a/allow-database skipped: conflict on env \"DB_PORT\" in container \"website\""));
    }

    @Test
    void metricsCountOutcomesAndConflictsOnTheManagementPort() throws Exception {
        given().contentType(ContentType.JSON).body(conflictingPod()).when().post("/mutate").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{").when().post("/mutate").then().statusCode(400);
        String metrics = given().port(managementPort).when().get("/q/metrics").then().statusCode(200).extract().asString();
        org.hamcrest.MatcherAssert.assertThat(metrics, containsString(
                "podpreset_admission_requests_total{operation=\"CREATE\",outcome=\"injected\",reason=\"none\"}"));
        org.hamcrest.MatcherAssert.assertThat(metrics, containsString(
                "podpreset_admission_requests_total{operation=\"none\",outcome=\"error\",reason=\"malformed\"}"));
        org.hamcrest.MatcherAssert.assertThat(metrics, containsString(
                "podpreset_preset_conflicts_total{kind=\"PodPreset\",name=\"allow-database\",namespace=\"team-a\"}"));
        org.hamcrest.MatcherAssert.assertThat(metrics, containsString(
                "podpreset_preset_applications_total{kind=\"ClusterPodPreset\",name=\"pod-identity\",namespace=\"\"}"));
        org.hamcrest.MatcherAssert.assertThat(metrics, containsString("podpreset_admission_duration_seconds_bucket{le=\"5.0E-4\"}"));
        org.hamcrest.MatcherAssert.assertThat(metrics, containsString("podpreset_presets_loaded{kind=\"ClusterPodPreset\"} 5.0"));
        org.hamcrest.MatcherAssert.assertThat(metrics, containsString("podpreset_presets_synced 1.0"));
    }
}
