package dev.podpreset.http;

import io.smallrye.mutiny.Uni;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Where the admission work of a request body runs: a body over the threshold on a small pool of its own
 * threads, any other on the thread that asks (the event loop that read it). A multi-MiB pod costs the engine
 * seconds; on an event loop every connection of that loop, among them the small reviews the API server sends
 * meanwhile, would wait for it. Nearly every review is small, and a hand-off would cost it more than its work.
 *
 * <p>The pool's queue is not bounded here: the bodies waiting in it are already bounded by the
 * {@link RequestBytesBudget}, which holds their bytes until they are answered. Only the bytes wait, outside the
 * heap ({@link RequestBody}); each body is parsed when its turn comes.
 */
public final class LargeBodyPool implements AutoCloseable {
    private final long threshold;
    private final ThreadPoolExecutor pool;
    private final LongAdder offloaded = new LongAdder();

    /** Bodies of more than {@code thresholdBytes} run on {@code threads} daemon threads. */
    public LargeBodyPool(long thresholdBytes, int threads) {
        if (thresholdBytes < 0 || threads < 1) {
            throw new IllegalArgumentException("threshold " + thresholdBytes + " bytes, " + threads + " threads");
        }
        this.threshold = thresholdBytes;
        AtomicInteger number = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "podpreset-large-body-" + number.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The result of {@code work} on {@code body}, computed when subscribed to: on the subscribing thread for a
     * body up to the threshold, on the pool for a larger one. What {@code work} throws is the failure. The body is
     * closed on the thread of the work once it has ended, whichever way, or when the pool refused it.
     */
    public <T> Uni<T> run(BodyBytes body, Function<BodyBytes, T> work) {
        Uni<T> answer = Uni.createFrom().item(() -> {
            try {
                return work.apply(body);
            } finally {
                body.close();
            }
        });
        if (body.length() <= threshold) {
            return answer;
        }
        offloaded.increment();
        return answer.runSubscriptionOn(pool).onFailure().invoke(body::close);
    }

    /** Bodies handed to the pool so far. */
    public long offloaded() {
        return offloaded.sum();
    }

    /** Bodies waiting for a thread of the pool now. */
    public int waiting() {
        return pool.getQueue().size();
    }

    public long threshold() {
        return threshold;
    }

    /** Lets what was handed over finish; takes nothing new. */
    @Override
    public void close() {
        pool.shutdown();
    }
}
