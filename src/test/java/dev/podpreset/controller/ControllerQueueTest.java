package dev.podpreset.controller;

import dev.podpreset.TestPresets;
import dev.podpreset.injection.IgnoredContainers;
import dev.podpreset.sources.MockCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.podpreset.controller.ControllerFixture.EVERY_POD;
import static dev.podpreset.controller.ControllerFixture.await;
import static dev.podpreset.controller.ControllerFixture.awaitValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The work queue at work on the CRUD mock: a failing write backs its key off, the write budget holds. */
class ControllerQueueTest {
    private ControllerFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new ControllerFixture();
        f.namespace("team-a", Map.of(), Map.of());
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    private static boolean statusPatch(MockCluster.Request r, String name) {
        return r.method().equals("PATCH") && r.path().contains("/" + name + "/status");
    }

    @Test
    void aFailingStatusWriteIsRetriedWithGrowingBackOffWhileOtherPresetsAreWritten() {
        f.cluster.apply(TestPresets.DB_PRESET.formatted("5432"));
        f.cluster.apply(TestPresets.DB_PRESET.formatted("5432").replace("name: db", "name: cache"));
        AtomicInteger refused = new AtomicInteger();
        f.cluster.cluster.fail(r -> statusPatch(r, "db") && refused.incrementAndGet() <= 3);
        f.leader(ControllerFixture.settings(EVERY_POD, Duration.ofMillis(50)));

        awaitValue("the other preset's status, at once", () -> f.status("team-a/cache"),
                s -> PresetControllerTest.ready(s, "True", 1));
        awaitValue("db's status after three refusals", () -> f.status("team-a/db"),
                s -> PresetControllerTest.ready(s, "True", 1));
        List<MockCluster.Request> attempts = f.cluster.cluster.requests(r -> statusPatch(r, "db"));
        assertEquals(4, attempts.size(), "three refused, one written, none after");
        // Back-off 200, 400, 800 ms: each wait at least the one before (the status interval is only 50 ms).
        long first = attempts.get(1).nanos() - attempts.get(0).nanos();
        long second = attempts.get(2).nanos() - attempts.get(1).nanos();
        long third = attempts.get(3).nanos() - attempts.get(2).nanos();
        assertTrue(Duration.ofNanos(first).toMillis() >= 190, "first back-off " + Duration.ofNanos(first).toMillis());
        assertTrue(Duration.ofNanos(second).toMillis() >= 390, "second back-off " + Duration.ofNanos(second).toMillis());
        assertTrue(Duration.ofNanos(third).toMillis() >= 790, "third back-off " + Duration.ofNanos(third).toMillis());
    }

    @Test
    void theWriteBudgetHoldsHoweverManyPresetsChange() {
        for (int i = 0; i < 20; i++) {
            f.cluster.apply(TestPresets.DB_PRESET.formatted("5432").replace("name: db", "name: p" + i));
        }
        await("20 presets in the snapshot", () -> f.registry.current().size() == 20);
        f.leader(new PresetController.Settings(EVERY_POD, Duration.ofMillis(50), Duration.ofMillis(300), false,
                Duration.ofMinutes(10), 8, 5, 5, IgnoredContainers.DEFAULT));
        await("every status", () -> f.cluster.cluster.requests(r -> r.method().equals("PATCH")
                && r.path().endsWith("/status")).size() == 20);
        List<Long> at = f.cluster.cluster.requests(r -> r.method().equals("PATCH") && r.path().endsWith("/status"))
                .stream().map(MockCluster.Request::nanos).sorted().toList();
        // A burst of 5, then 5 a second: the 20th write leaves at least 3 s after the first, and any 11 writes take
        // at least 1.2 s. Times are taken where the requests arrive, and a loaded machine delays some on their way
        // (which shortens a span), so the bounds keep a margin; without the budget 8 workers write 20 statuses in a
        // small fraction of either.
        long span = Duration.ofNanos(at.get(19) - at.get(0)).toMillis();
        assertTrue(span >= 2500, "20 writes within " + span + " ms");
        for (int i = 0; i + 10 < at.size(); i++) {
            long window = Duration.ofNanos(at.get(i + 10) - at.get(i)).toMillis();
            assertTrue(window >= 600, "11 writes within " + window + " ms, beyond a budget of 5 a second and 5 at once");
        }
    }
}
