package dev.podpreset.http;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LargeBodyPoolTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aBodyUpToTheThresholdIsWorkedOnByTheThreadThatSubscribes() {
        try (LargeBodyPool pool = new LargeBodyPool(10, 1)) {
            String thread = pool.run(new byte[10], b -> Thread.currentThread().getName()).await().atMost(WAIT);
            assertEquals(Thread.currentThread().getName(), thread);
            assertEquals(0, pool.offloaded());
        }
    }

    @Test
    void aBodyOverTheThresholdIsWorkedOnByAThreadOfThePool() {
        try (LargeBodyPool pool = new LargeBodyPool(10, 1)) {
            byte[] body = new byte[11];
            List<Object> seen = new ArrayList<>();
            String thread = pool.run(body, b -> {
                seen.add(b);
                return Thread.currentThread().getName();
            }).await().atMost(WAIT);
            assertTrue(thread.startsWith("podpreset-large-body-"), thread);
            assertSame(body, seen.get(0));
            assertEquals(1, pool.offloaded());
        }
    }

    @Test
    void nothingRunsBeforeTheAnswerIsSubscribedTo() {
        try (LargeBodyPool pool = new LargeBodyPool(0, 1)) {
            List<String> ran = new ArrayList<>();
            var answer = pool.run(new byte[1], b -> ran.add("work"));
            assertTrue(ran.isEmpty());
            answer.await().atMost(WAIT);
            assertEquals(List.of("work"), ran);
        }
    }

    @Test
    void whatTheWorkThrowsIsTheFailureOnEitherPath() {
        try (LargeBodyPool pool = new LargeBodyPool(10, 1)) {
            for (int size : new int[]{1, 100}) {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.run(new byte[size], b -> {
                    throw new IllegalStateException("bad body of " + b.length);
                }).await().atMost(WAIT));
                assertEquals("bad body of " + size, e.getMessage());
            }
        }
    }

    @Test
    void bodiesBeyondThePoolsThreadsWaitTheirTurnAndAreCounted() throws Exception {
        try (LargeBodyPool pool = new LargeBodyPool(0, 1)) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(1);
            var first = pool.run(new byte[1], b -> {
                started.countDown();
                await(release);
                return "first";
            }).subscribeAsCompletionStage();
            assertTrue(started.await(WAIT.toSeconds(), TimeUnit.SECONDS));
            var second = pool.run(new byte[1], b -> "second").subscribeAsCompletionStage();
            var third = pool.run(new byte[1], b -> "third").subscribeAsCompletionStage();
            assertEquals(2, pool.waiting());
            release.countDown();
            assertEquals("first", first.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertEquals("second", second.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertEquals("third", third.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertEquals(0, pool.waiting());
            assertEquals(3, pool.offloaded());
        }
    }

    @Test
    void closingLetsTheWorkHandedOverFinish() throws Exception {
        LargeBodyPool pool = new LargeBodyPool(0, 1);
        CountDownLatch release = new CountDownLatch(1);
        var running = pool.run(new byte[1], b -> {
            await(release);
            return "done";
        }).subscribeAsCompletionStage();
        var waiting = pool.run(new byte[1], b -> "also done").subscribeAsCompletionStage();
        pool.close();
        release.countDown();
        assertEquals("done", running.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals("also done", waiting.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS));
    }

    @Test
    void refusesANegativeThresholdOrNoThreads() {
        assertThrows(IllegalArgumentException.class, () -> new LargeBodyPool(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> new LargeBodyPool(10, 0));
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
