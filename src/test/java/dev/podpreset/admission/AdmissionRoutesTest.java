package dev.podpreset.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.http.BodyBytes;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

/** What the two routes answer around the admission work: JSON on success, a 500 without details on our fault. */
@QuarkusTest
class AdmissionRoutesTest {
    private static final String FAULT = "a detail of the fault that stays in the log";

    @Test
    void aReviewIsAnsweredAsJson() throws Exception {
        given().contentType(ContentType.JSON).body(Files.readString(Path.of("examples/requests/frontend-pod.json")))
                .when().post("/mutate")
                .then().statusCode(200).contentType("application/json").body("kind", equalTo("AdmissionReview"));
    }

    @Test
    void aFaultOfOursIsA500WithoutItsDetails() {
        QuarkusMock.installMockForType(new PodMutator() {
            @Override
            public ObjectNode mutate(BodyBytes body) {
                throw new IllegalStateException(FAULT);
            }
        }, PodMutator.class);
        given().contentType(ContentType.JSON).body("{}").when().post("/mutate")
                .then().statusCode(500).contentType("application/json").body("code", equalTo(500))
                .body("message", equalTo("internal error; see the podpreset-injector log"))
                .body(not(containsString(FAULT)));
    }

    @Test
    void aFaultOfOursOnTheValidatingRouteIsA500Too() {
        QuarkusMock.installMockForType(new PresetAdmissionValidator() {
            @Override
            public ObjectNode validate(BodyBytes body) {
                throw new IllegalStateException(FAULT);
            }
        }, PresetAdmissionValidator.class);
        given().contentType(ContentType.JSON).body("{}").when().post("/validate")
                .then().statusCode(500).body("code", equalTo(500)).body(not(containsString(FAULT)));
    }

    @Test
    void otherMethodsAre405() {
        given().when().get("/mutate").then().statusCode(405);
        given().contentType(ContentType.JSON).body("{}").when().put("/validate").then().statusCode(405);
    }
}
