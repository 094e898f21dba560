package dev.podpreset.http;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How the admission routes read a body ({@link RequestBody}), over plain HTTP/1.1 on the test server, and that a body
 * over the offload threshold, held outside the heap, is freed whichever way its exchange ends.
 */
@QuarkusTest
class RequestBodyTest {
    private static final String CHUNKED_HEAD = "POST /mutate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n";
    @Inject
    LargeBodyPool largeBodies;
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
        awaitHeldOutsideHeap(0);
        try (RawHttp http = new RawHttp(RestAssured.port)) {
            assertEquals(200, http.post("/mutate", review).status());
        }
    }

    @Test
    void aBodyOverTheThresholdIsHeldOutsideTheHeapUntilAnsweredEvenWhenItArrivesChunked() throws Exception {
        // White space after the first brace: the same review, over the threshold.
        byte[] large = review.replaceFirst("\\{", "{" + " ".repeat((int) largeBodies.threshold() + 1))
                .getBytes(StandardCharsets.UTF_8);
        try (RawHttp http = new RawHttp(RestAssured.port)) {
            RawHttp.Response small = http.post("/mutate", review);
            RawHttp.Response withLength = http.send(RawHttp.head("/mutate", large.length)).send(large).read();
            assertEquals(0, BodyBytes.heldOutsideHeap(), "freed once answered");
            http.send(CHUNKED_HEAD);
            for (int at = 0; at < large.length; at += 4096) {
                int n = Math.min(4096, large.length - at);
                http.send(Integer.toHexString(n) + "\r\n").send(Arrays.copyOfRange(large, at, at + n)).send("\r\n");
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (BodyBytes.heldOutsideHeap() < large.length && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(BodyBytes.heldOutsideHeap() >= large.length,
                    "moved outside the heap once past the threshold: " + BodyBytes.heldOutsideHeap());
            RawHttp.Response chunked = http.send("0\r\n\r\n").read();
            assertEquals(0, BodyBytes.heldOutsideHeap(), "freed once answered");

            assertEquals(200, small.status(), small.body());
            assertEquals(small.body(), withLength.body());
            assertEquals(small.body(), chunked.body());
        }
    }

    @Test
    void aLargeBodyIsFreedWhenItsClientGoesAwayBeforeSendingItAll() throws Exception {
        int declared = 200_000;
        try (RawHttp http = new RawHttp(RestAssured.port)) {
            http.send(RawHttp.head("/mutate", declared)).send(new byte[declared / 2]);
            awaitHeldOutsideHeap(declared);
        }
        awaitHeldOutsideHeap(0);
    }

    private static void awaitHeldOutsideHeap(long bytes) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (BodyBytes.heldOutsideHeap() != bytes && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(bytes, BodyBytes.heldOutsideHeap());
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
