package dev.podpreset.admission;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;

/** The load-test baseline endpoint is off unless podpreset.benchmark-endpoints=true. */
@QuarkusTest
class BaselineResourceTest {
    @Test
    void offByDefault() {
        given().contentType(ContentType.JSON).body("{}").post("/baseline/allow").then().statusCode(404);
    }
}
