package dev.podpreset.controller;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The global write budget: a burst at once, then the rate. */
class WriteBudgetTest {

    @Test
    void aBurstGoesAtOnceAndTheRestAtTheRate() throws InterruptedException {
        WriteBudget budget = new WriteBudget(50, 5);
        long start = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            budget.acquire();
        }
        long burst = Duration.ofNanos(System.nanoTime() - start).toMillis();
        for (int i = 0; i < 10; i++) {
            budget.acquire();
        }
        long total = Duration.ofNanos(System.nanoTime() - start).toMillis();
        // Ten writes beyond the burst at 50 a second take at least 200 ms, however fast the machine.
        assertTrue(total - burst >= 190, "10 writes after the burst took " + (total - burst) + " ms");
    }

    @Test
    void aBudgetMustAllowSomething() {
        assertThrows(IllegalArgumentException.class, () -> new WriteBudget(0, 5));
        assertThrows(IllegalArgumentException.class, () -> new WriteBudget(10, 0));
    }
}
