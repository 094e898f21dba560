package dev.podpreset.http;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the admission routes read a body ({@link RequestBody}), over plain HTTP/1.1 on the test server. */
@QuarkusTest
class RequestBodyTest {
    private static final String CHUNKED_HEAD = "POST /mutate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n";
    private String review;

    @BeforeEach
    void setUp() throws IOException {
        review = Files.readString(Path.of("examples/requests/frontend-pod.json"));
    }

    @Test
    void aChunkedBodyIsAnsweredAsTheSameBodyWithItsLength() throws Exception {
        try (RawHttp http = new RawHttp(RestAssured.port)) {
            RawHttp.Response withLength = http.post("/mutate", review);
            http.send(CHUNKED_HEAD);
            byte[] bytes = review.getBytes(StandardCharsets.UTF_8);
            for (int at = 0; at < bytes.length; at += 7) {
                int n = Math.min(7, bytes.length - at);
                http.send(Integer.toHexString(n) + "\r\n").send(Arrays.copyOfRange(bytes, at, at + n)).send("\r\n");
            }
            RawHttp.Response chunked = http.send("0\r\n\r\n").read();

            assertEquals(200, withLength.status(), withLength.body());
            assertEquals(withLength.status(), chunked.status());
            assertEquals(withLength.body(), chunked.body());
        }
    }

    @Test
    void aChunkedBodyThatGrowsOverTheLimitGets413AndTheServerServesOn() throws Exception {
        try (RawHttp http = new RawHttp(RestAssured.port)) {
            http.send(CHUNKED_HEAD);
            byte[] chunk = " ".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
            try {
                for (int sent = 0; sent <= 3 * 1024 * 1024; sent += chunk.length) { // the limit is 3M
                    http.send(Integer.toHexString(chunk.length) + "\r\n").send(chunk).send("\r\n");
                }
            } catch (IOException closedWhileSending) {
                // the server may close once it has answered: the answer is read below all the same
            }
            RawHttp.Response answer = http.read();
            assertEquals(413, answer.status(), answer.body());
            assertTrue(answer.body().contains("over the limit"), answer.body());
        }
        try (RawHttp http = new RawHttp(RestAssured.port)) {
            assertEquals(200, http.post("/mutate", review).status());
        }
    }

    @Test
    void aClientThatExpects100ContinueGetsItBeforeSendingTheBody() throws Exception {
        byte[] bytes = review.getBytes(StandardCharsets.UTF_8);
        try (RawHttp http = new RawHttp(RestAssured.port)) {
            http.send("POST /mutate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nExpect: 100-continue\r\n"
                    + "Content-Length: " + bytes.length + "\r\n\r\n");
            assertEquals("HTTP/1.1 100 Continue", http.line());
            assertEquals("", http.line());
            RawHttp.Response answer = http.send(bytes).read();
            assertEquals(200, answer.status(), answer.body());
        }
    }

    @Test
    void anotherExpectationGets417() throws Exception {
        try (RawHttp http = new RawHttp(RestAssured.port)) {
            RawHttp.Response answer = http.send("POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Expect: coffee\r\nContent-Length: 2\r\n\r\n{}").read();
            assertEquals(417, answer.status(), answer.body());
        }
    }
}
