package dev.podpreset.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The request body bytes all connections may hold at once. A request reserves its size before its body
 * is read and gives it back when it has been answered; a reservation that does not fit is refused at once
 * rather than queued, so that concurrent or stalled large bodies cannot exhaust the heap. Bodies over a
 * sixteenth of the budget may fill only half of it: the rest stays free for the small reviews the API
 * server sends, so that a flood of large bodies cannot starve them.
 */
public final class RequestBytesBudget {
    private final long budget;
    private final long largeBody;
    private final AtomicLong held = new AtomicLong();

    public RequestBytesBudget(long budget) {
        if (budget <= 0) {
            throw new IllegalArgumentException("the request bytes budget must be positive, not " + budget);
        }
        this.budget = budget;
        this.largeBody = budget / 16;
    }

    /** Reserves {@code bytes}; false, and nothing reserved, when they do not fit. */
    public boolean tryReserve(long bytes) {
        long ceiling = bytes > largeBody ? budget / 2 : budget;
        long current;
        do {
            current = held.get();
            if (current + bytes > ceiling) {
                return false;
            }
        } while (!held.compareAndSet(current, current + bytes));
        return true;
    }

    public void release(long bytes) {
        held.addAndGet(-bytes);
    }

    /** Bytes reserved now. */
    public long held() {
        return held.get();
    }

    public long budget() {
        return budget;
    }
}
