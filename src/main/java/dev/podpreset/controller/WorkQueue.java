package dev.podpreset.controller;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A keyed work queue with the semantics of client-go's rate-limited queue, which kubernetes/sample-controller
 * drives its workers with. A key is queued at most once however often it is added (events coalesce); a worker
 * {@link #take}s it and holds it until {@link #done}, so one key is never reconciled by two workers at once,
 * and a key added while it is being reconciled is queued again when that ends. {@link #addAfter} queues a key
 * later (the earliest time asked wins); {@link #addRateLimited} does so after a per-key exponential back-off,
 * which {@link #forget} resets once the key reconciles cleanly.
 *
 * @param <K> the key (a preset's)
 */
final class WorkQueue<K> {
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Keys ready to be taken, in the order they became ready. */
    private final ArrayDeque<K> ready = new ArrayDeque<>();
    /** Keys that are ready or will be once their worker is done: each is in {@code ready} or in {@code processing}. */
    private final Set<K> dirty = new HashSet<>();
    private final Set<K> processing = new HashSet<>();
    /** Keys queued for later, with the System.nanoTime() at which they become ready. */
    private final Map<K, Long> waiting = new HashMap<>();
    private final Map<K, Integer> failures = new HashMap<>();
    private boolean shutDown;

    /**
     * @param baseDelay the back-off after a key's first failure; it doubles with every further failure
     * @param maxDelay  the longest back-off
     */
    WorkQueue(Duration baseDelay, Duration maxDelay) {
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
    }

    /** Queues {@code key} now, unless it is queued already. */
    void add(K key) {
        lock.lock();
        try {
            addLocked(key);
        } finally {
            lock.unlock();
        }
    }

    /** Queues {@code key} after {@code delay}, or sooner if it is added sooner. */
    void addAfter(K key, Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            add(key);
            return;
        }
        long at = System.nanoTime() + delay.toNanos();
        lock.lock();
        try {
            if (shutDown) {
                return;
            }
            waiting.merge(key, at, (a, b) -> a - b <= 0 ? a : b);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Queues {@code key} after its back-off: base × 2^(failures so far), at most the maximum; answers the back-off. */
    Duration addRateLimited(K key) {
        Duration delay;
        lock.lock();
        try {
            int n = failures.merge(key, 1, Integer::sum) - 1;
            delay = n >= 30 ? maxDelay : baseDelay.multipliedBy(1L << n);
            if (delay.compareTo(maxDelay) > 0) {
                delay = maxDelay;
            }
        } finally {
            lock.unlock();
        }
        addAfter(key, delay);
        return delay;
    }

    /** The key reconciled cleanly: its next failure starts the back-off afresh. */
    void forget(K key) {
        lock.lock();
        try {
            failures.remove(key);
        } finally {
            lock.unlock();
        }
    }

    /** How many times the key failed in a row. */
    int failures(K key) {
        lock.lock();
        try {
            return failures.getOrDefault(key, 0);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next ready key, waiting for one; empty once the queue is shut down. The caller owns the key until it
     * calls {@link #done}.
     */
    Optional<K> take() throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                if (shutDown) {
                    return Optional.empty();
                }
                long next = promoteWaiting();
                K key = ready.poll();
                if (key != null) {
                    processing.add(key);
                    dirty.remove(key);
                    return Optional.of(key);
                }
                if (next == Long.MAX_VALUE) {
                    changed.await();
                } else {
                    changed.await(Math.max(1, next - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** The worker is done with {@code key}; queued again if it was added meanwhile. */
    void done(K key) {
        lock.lock();
        try {
            processing.remove(key);
            if (dirty.contains(key)) {
                ready.add(key);
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every {@link #take} with nothing; later adds are ignored. */
    void shutDown() {
        lock.lock();
        try {
            shutDown = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void addLocked(K key) {
        if (shutDown || !dirty.add(key)) {
            return;
        }
        if (!processing.contains(key)) {
            ready.add(key);
            changed.signalAll();
        }
    }

    /**
     * Moves keys whose time has come to ready, earliest first; returns the nanoTime of the next one to come, or
     * MAX_VALUE.
     */
    private long promoteWaiting() {
        if (waiting.isEmpty()) {
            return Long.MAX_VALUE;
        }
        long now = System.nanoTime();
        long next = Long.MAX_VALUE;
        List<Map.Entry<K, Long>> due = new ArrayList<>();
        for (Map.Entry<K, Long> e : waiting.entrySet()) {
            if (e.getValue() - now <= 0) {
                due.add(e);
            } else if (next == Long.MAX_VALUE || e.getValue() - next < 0) {
                next = e.getValue();
            }
        }
        due.sort((a, b) -> Long.compare(a.getValue() - now, b.getValue() - now));
        for (Map.Entry<K, Long> e : due) {
            waiting.remove(e.getKey());
            addLocked(e.getKey());
        }
        return next;
    }
}
