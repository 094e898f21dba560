package dev.podpreset.http;

import dev.podpreset.presets.PresetSnapshot;
import dev.podpreset.sources.PresetRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The limits of {@link RequestLimits} on a server with small bounds (profile below): a 4 MiB budget (so
 * bodies over 256 KiB may hold 2 MiB), a 1 s read timeout and a 3 s idle timeout.
 */
@QuarkusTest
@TestProfile(RequestLimitsTest.SmallLimits.class)
class RequestLimitsTest {
    static final long READ_TIMEOUT_MS = 1_000;
    static final long IDLE_TIMEOUT_MS = 3_000;
    private static final int MIB = 1024 * 1024;

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("podpreset.http.request-bytes-budget", "4M",
                    "podpreset.http.request-read-timeout", READ_TIMEOUT_MS + "ms",
                    "quarkus.http.idle-timeout", IDLE_TIMEOUT_MS + "ms");
        }
    }

    @Inject
    PresetRegistry registry;
    @Inject
    RequestLimits limits;
    @Inject
    Vertx vertx;

    private String review;

    @BeforeEach
    void setUp() throws Exception {
        registry.publish(PresetSnapshot.EMPTY);
        review = Files.readString(Path.of("examples/requests/frontend-pod.json"));
    }

    @Test
    void aBodyOverTheLimitGets413BeforeItIsRead() throws Exception {
        try (RawHttp http = new RawHttp(RestAssured.port)) {
            RawHttp.Response answer = http.send(RawHttp.head("/mutate", 3 * MIB + 1)).read();
            assertEquals(413, answer.status());
            assertTrue(answer.body().contains("\"code\":413") && answer.body().contains("max-body-size"), answer.body());
            assertEquals("close", answer.header("connection"));
            assertTrue(http.closedWithin(2_000), "the unread body makes the connection unusable: closed");
        }
    }

    @Test
    void overHttp2ABodyOverTheLimitGets413AndTheConnectionServesOn() throws Exception {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false).setDefaultPort(RestAssured.port).setDefaultHost("localhost"));
        try {
            HttpClientRequest tooLarge = await(client.request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/mutate")));
            tooLarge.exceptionHandler(e -> { }); // the server ends the stream once it has answered
            tooLarge.putHeader("content-type", "application/json").putHeader("content-length", String.valueOf(4 * MIB));
            tooLarge.sendHead();
            Answer refused = await(tooLarge.response().compose(Answer::of));
            assertEquals(HttpVersion.HTTP_2, refused.version());
            assertEquals(413, refused.status());
            assertTrue(refused.body().contains("max-body-size"), refused.body());

            HttpClientRequest valid = await(client.request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/mutate")));
            Answer answered = await(valid.putHeader("content-type", "application/json").send(Buffer.buffer(review)).compose(Answer::of));
            assertEquals(200, answered.status());
            assertEquals(refused.connection(), answered.connection(), "the same HTTP/2 connection");
        } finally {
            await(client.close());
        }
    }

    @Test
    void concurrentLargeBodiesBeyondTheBudgetGet503AndValidReviewsAreStillAnswered() throws Exception {
        List<RawHttp> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) { // 2 x 1 MiB: the half of the budget that large bodies may use
                stalled.add(new RawHttp(RestAssured.port).send(RawHttp.head("/mutate", MIB)).send(new byte[4096]));
            }
            waitFor(() -> limits.budget().held() == 2L * MIB, "both large bodies reserved");
            waitFor(() -> BodyBytes.heldOutsideHeap() == 2L * MIB, "both large bodies held outside the heap");
            try (RawHttp third = new RawHttp(RestAssured.port)) {
                long t0 = System.nanoTime();
                RawHttp.Response refused = third.send(RawHttp.head("/mutate", MIB)).read();
                assertEquals(503, refused.status());
                assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < READ_TIMEOUT_MS, "refused at once, not queued");
                assertEquals("1", refused.header("retry-after"));
                assertTrue(refused.body().contains("request-bytes-budget"), refused.body());
            }
            try (RawHttp valid = new RawHttp(RestAssured.port)) {
                for (int i = 0; i < 3; i++) {
                    RawHttp.Response answer = valid.post("/mutate", review);
                    assertEquals(200, answer.status(), answer.body());
                    assertTrue(answer.body().contains("\"allowed\":true"));
                }
            }
        } finally {
            for (RawHttp s : stalled) {
                s.close();
            }
        }
        waitFor(() -> limits.budget().held() == 0, "every reservation given back");
        waitFor(() -> BodyBytes.heldOutsideHeap() == 0, "the large bodies freed");
    }

    @Test
    void aStalledBodyGets408AndItsConnectionClosedWithinTheReadTimeout() throws Exception {
        try (RawHttp http = new RawHttp(RestAssured.port)) {
            long t0 = System.nanoTime();
            http.send(RawHttp.head("/mutate", review.length())).send(review.substring(0, review.length() / 2));
            RawHttp.Response answer = http.read();
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals(408, answer.status());
            assertTrue(answer.body().contains("request-read-timeout"), answer.body());
            assertTrue(http.closedWithin(2_000), "closed after the 408");
            assertTrue(ms >= READ_TIMEOUT_MS - 100 && ms < READ_TIMEOUT_MS + 5_000, "after about the read timeout (the 408 says which bound): " + ms + " ms");
        }
        waitFor(() -> limits.budget().held() == 0, "the stalled body's reservation given back");
    }

    @Test
    void aStalledLargeBodyGets408AndIsFreed() throws Exception {
        try (RawHttp http = new RawHttp(RestAssured.port)) {
            http.send(RawHttp.head("/mutate", MIB)).send(new byte[4096]);
            waitFor(() -> BodyBytes.heldOutsideHeap() == MIB, "the large body held outside the heap");
            assertEquals(408, http.read().status());
            waitFor(() -> BodyBytes.heldOutsideHeap() == 0, "the stalled body freed after the 408");
            assertTrue(http.closedWithin(2_000), "closed after the 408");
        }
    }

    @Test
    void slowHeadersAreClosedAfterTheIdleTimeoutEvenWhileBytesTrickleIn() throws Exception {
        try (RawHttp http = new RawHttp(RestAssured.port)) {
            long t0 = System.nanoTime();
            http.send("POST /mutate HTTP/1.1\r\nHost: localhost\r\nX-Slow: ");
            boolean closed = false;
            while (!closed && TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < IDLE_TIMEOUT_MS * 3) {
                try {
                    http.send("a");
                } catch (java.io.IOException e) {
                    closed = true;
                    break;
                }
                closed = http.closedWithin(250);
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(closed, "a header arriving a byte every 250 ms is closed");
            assertTrue(ms < IDLE_TIMEOUT_MS + 4_000, "within the idle timeout (with room for a loaded machine): " + ms + " ms");
        }
    }

    @Test
    void anIdleKeepAliveConnectionOutlivesTheReadTimeoutAndIsClosedAfterTheIdleTimeout() throws Exception {
        try (RawHttp http = new RawHttp(RestAssured.port)) {
            assertEquals(200, http.post("/mutate", review).status());
            assertFalse(http.closedWithin(READ_TIMEOUT_MS * 2), "idle for twice the read timeout: still open");
            assertEquals(200, http.post("/mutate", review).status(), "and reused");
            long t0 = System.nanoTime();
            assertTrue(http.closedWithin(IDLE_TIMEOUT_MS + 3_000), "closed once idle for the idle timeout");
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(ms >= IDLE_TIMEOUT_MS - 200, "not before the idle timeout: " + ms + " ms");
        }
    }

    private record Answer(int status, HttpVersion version, String body, HttpConnection connection) {
        static io.vertx.core.Future<Answer> of(HttpClientResponse r) {
            return r.body().map(b -> new Answer(r.statusCode(), r.version(), b.toString(), r.request().connection()));
        }
    }

    private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }
}
