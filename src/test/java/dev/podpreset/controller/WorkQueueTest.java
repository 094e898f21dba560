package dev.podpreset.controller;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The keyed work queue: coalescing, one worker per key, delays and per-key back-off. */
class WorkQueueTest {
    private final WorkQueue<String> queue = new WorkQueue<>(Duration.ofMillis(40), Duration.ofMillis(300));

    private String take() throws InterruptedException {
        return queue.take().orElseThrow();
    }

    /** The key ready within {@code millis}, or empty. */
    private Optional<String> takeWithin(long millis) throws Exception {
        ExecutorService one = Executors.newSingleThreadExecutor();
        try {
            Future<Optional<String>> f = one.submit(queue::take);
            try {
                return f.get(millis, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                queue.shutDown(); // wakes the taker; this queue is done
                return Optional.empty();
            }
        } finally {
            one.shutdownNow();
        }
    }

    @Test
    void addsOfAQueuedKeyCoalesceIntoOne() throws Exception {
        for (int i = 0; i < 100; i++) {
            queue.add("team-a/db");
        }
        queue.add("team-a/web");
        assertEquals("team-a/db", take());
        assertEquals("team-a/web", take());
        queue.done("team-a/db");
        queue.done("team-a/web");
        assertEquals(Optional.empty(), takeWithin(150), "a hundred adds made one reconcile");
    }

    @Test
    void aKeyAddedWhileItIsReconciledComesBackOnceAfterwardsNeverToTwoWorkers() throws Exception {
        queue.add("db");
        assertEquals("db", take());
        queue.add("db");
        queue.add("db");
        CountDownLatch taken = new CountDownLatch(1);
        Thread second = new Thread(() -> {
            try {
                queue.take();
                taken.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        second.start();
        assertFalse(taken.await(150, TimeUnit.MILLISECONDS), "a second worker waits while the first holds the key");
        queue.done("db");
        assertTrue(taken.await(10, TimeUnit.SECONDS), "then it gets the key, once for both adds");
        queue.done("db");
        assertEquals(Optional.empty(), takeWithin(150));
        second.join(2000);
    }

    @Test
    void addAfterWaitsAndTheEarliestTimeWins() throws Exception {
        long start = System.nanoTime();
        queue.addAfter("late", Duration.ofMillis(400));
        queue.addAfter("soon", Duration.ofMillis(100));
        queue.addAfter("late", Duration.ofMillis(150));
        assertEquals("soon", take());
        assertEquals("late", take());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 150);
    }

    @Test
    void failuresBackOffExponentiallyPerKeyUpToTheMaximumAndForgetResets() throws Exception {
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            delays.add(queue.addRateLimited("db").toMillis());
        }
        assertEquals(List.of(40L, 80L, 160L, 300L, 300L), delays);
        assertEquals(5, queue.failures("db"));
        assertEquals(40, queue.addRateLimited("web").toMillis(), "each key has its own back-off");
        queue.forget("db");
        assertEquals(0, queue.failures("db"));
        assertEquals(40, queue.addRateLimited("db").toMillis(), "the back-off starts afresh");
        long start = System.nanoTime();
        assertEquals("db", take());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 30, "a backed-off key waits");
    }

    @Test
    void shutDownWakesWorkersWithNothing() throws Exception {
        ExecutorService one = Executors.newSingleThreadExecutor();
        Future<Optional<String>> waiting = one.submit(queue::take);
        Thread.sleep(50);
        queue.shutDown();
        assertEquals(Optional.empty(), waiting.get(2, TimeUnit.SECONDS));
        one.shutdownNow();
    }
}
