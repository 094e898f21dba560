package dev.podpreset.presets;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderedWorkTest {
    @Test
    void resultsAreTakenInTheOrderTheWorkWasHandedInWhateverFinishesFirst() {
        Random random = new Random(7);
        List<Integer> taken = new ArrayList<>();
        OrderedWork work = new OrderedWork();
        for (int i = 0; i < 200; i++) {
            int n = i;
            int delayMicros = random.nextInt(500);
            if (i % 17 == 0) {
                work.then(() -> taken.add(-n));
            } else {
                work.submit(() -> {
                    sleepMicros(delayMicros);
                    return n;
                }, taken::add);
            }
        }
        work.finish();
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            expected.add(i % 17 == 0 ? -i : i);
        }
        assertEquals(expected, taken);
    }

    @Test
    void noMoreThanTheWindowWaitsForItsTurn() {
        AtomicInteger consumed = new AtomicInteger();
        OrderedWork work = new OrderedWork();
        for (int i = 0; i < 500; i++) {
            work.submit(() -> {
                sleepMicros(200);
                return 0;
            }, r -> consumed.incrementAndGet());
            int waiting = i + 1 - consumed.get();
            assertTrue(waiting <= OrderedWork.WINDOW, "waiting after item " + i + ": " + waiting);
        }
        work.finish();
        assertEquals(500, consumed.get());
    }

    @Test
    void theWorkRunsWhileTheCallerGoesOn() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        List<String> taken = new ArrayList<>();
        OrderedWork work = new OrderedWork();
        work.submit(() -> {
            started.countDown();
            await(release);
            return Thread.currentThread().getName();
        }, taken::add);
        assertTrue(started.await(30, TimeUnit.SECONDS), "the pool took the work while the caller went on");
        assertTrue(taken.isEmpty());
        release.countDown();
        work.finish();
        assertTrue(taken.get(0).startsWith("podpreset-prepare-"), taken.toString());
        assertFalse(taken.get(0).equals(Thread.currentThread().getName()));
    }

    @Test
    void whatAWorkThrowsComesOutOfTheCallerWithItsType() {
        OrderedWork work = new OrderedWork();
        List<Integer> taken = new ArrayList<>();
        work.submit(() -> 1, taken::add);
        // It comes out of whichever call takes its result: the next submit if it is done by then, else finish.
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
            work.<Integer>submit(() -> {
                throw new IllegalStateException("broken");
            }, taken::add);
            work.submit(() -> 3, taken::add);
            work.finish();
        });
        assertEquals("broken", e.getMessage());
        assertEquals(List.of(1), taken);
    }

    private static void sleepMicros(int micros) {
        try {
            TimeUnit.MICROSECONDS.sleep(micros);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(30, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
