package dev.podpreset.controller;

import java.time.Duration;

/**
 * The controller's global write budget, a token bucket: at most {@code burst} writes at once after a quiet spell,
 * and {@code perSecond} writes a second on average, whatever the number of workers and keys. Every status write
 * and restart takes a token first, so a flood of changes never turns into a flood of requests on the API server.
 */
final class WriteBudget {
    private final double perNano;
    private final double burst;
    private double tokens;
    private long last = System.nanoTime();

    WriteBudget(double perSecond, int burst) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("a write budget needs a positive rate and burst: " + perSecond + "/s, " + burst);
        }
        this.perNano = perSecond / Duration.ofSeconds(1).toNanos();
        this.burst = burst;
        this.tokens = burst;
    }

    /** Takes a token, waiting until one is there. */
    void acquire() throws InterruptedException {
        long wait;
        while ((wait = tryAcquire()) > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    /** Takes a token if there is one and answers 0; else answers the nanoseconds until there is one. */
    private synchronized long tryAcquire() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / perNano);
    }
}
