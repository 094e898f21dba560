package dev.podpreset.http;

import io.netty.util.IllegalReferenceCountException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
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
            String thread = pool.run(BodyBytes.of(new byte[10]), b -> Thread.currentThread().getName()).await().atMost(WAIT);
            assertEquals(Thread.currentThread().getName(), thread);
            assertEquals(0, pool.offloaded());
        }
    }

    @Test
    void aBodyOverTheThresholdIsWorkedOnByAThreadOfThePool() {
        try (LargeBodyPool pool = new LargeBodyPool(10, 1)) {
            BodyBytes body = BodyBytes.of(new byte[11]);
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
            var answer = pool.run(BodyBytes.of(new byte[1]), b -> ran.add("work"));
            assertTrue(ran.isEmpty());
            answer.await().atMost(WAIT);
            assertEquals(List.of("work"), ran);
        }
    }

    @Test
    void whatTheWorkThrowsIsTheFailureOnEitherPath() {
        try (LargeBodyPool pool = new LargeBodyPool(10, 1)) {
            for (int size : new int[]{1, 100}) {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.run(BodyBytes.of(new byte[size]), b -> {
                    throw new IllegalStateException("bad body of " + b.length());
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
            var first = pool.run(BodyBytes.of(new byte[1]), b -> {
                started.countDown();
                await(release);
                return "first";
            }).subscribeAsCompletionStage();
            assertTrue(started.await(WAIT.toSeconds(), TimeUnit.SECONDS));
            var second = pool.run(BodyBytes.of(new byte[1]), b -> "second").subscribeAsCompletionStage();
            var third = pool.run(BodyBytes.of(new byte[1]), b -> "third").subscribeAsCompletionStage();
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
        var running = pool.run(BodyBytes.of(new byte[1]), b -> {
            await(release);
            return "done";
        }).subscribeAsCompletionStage();
        var waiting = pool.run(BodyBytes.of(new byte[1]), b -> "also done").subscribeAsCompletionStage();
        pool.close();
        release.countDown();
        assertEquals("done", running.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals("also done", waiting.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS));
    }

    @Test
    void theBodyIsClosedOnceItsWorkHasEndedEitherWayOnEitherPath() {
        try (LargeBodyPool pool = new LargeBodyPool(10, 1)) {
            for (int size : new int[]{1, 100}) {
                BodyBytes answered = TestBodies.outsideHeap(new byte[size]);
                assertEquals(size, pool.run(answered, BodyBytes::length).await().atMost(WAIT));
                assertThrows(IllegalReferenceCountException.class, () -> answered.byteAt(0));

                BodyBytes failed = TestBodies.outsideHeap(new byte[size]);
                assertThrows(IllegalStateException.class, () -> pool.run(failed, b -> {
                    throw new IllegalStateException("bad body");
                }).await().atMost(WAIT));
                assertThrows(IllegalReferenceCountException.class, () -> failed.byteAt(0));
            }
        }
    }

    @Test
    void aBodyThePoolRefusesAfterClosingIsClosedToo() {
        LargeBodyPool pool = new LargeBodyPool(0, 1);
        pool.close();
        BodyBytes body = TestBodies.outsideHeap(new byte[1]);
        assertThrows(RejectedExecutionException.class, () -> pool.run(body, BodyBytes::length).await().atMost(WAIT));
        assertThrows(IllegalReferenceCountException.class, () -> body.byteAt(0));
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
