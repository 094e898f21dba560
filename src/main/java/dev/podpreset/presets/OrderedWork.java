package dev.podpreset.presets;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Work computed on several threads whose results are taken in the order it was handed in, on the thread that
 * hands it in: preparing (validating and compiling) thousands of presets at start-up on every processor, with
 * the same outcome as one after the other. The caller also takes the next result's work itself when it would
 * otherwise wait for it, so the caller and the pool together use every processor. At most {@link #WINDOW} items
 * wait for their turn, so that what they hold (a document read from a file) never piles up.
 *
 * <p>Not thread-safe: one instance is used by one caller, then {@link #finish() finished}.
 */
public final class OrderedWork {
    /** Daemon threads that exist only while there is work, one less than the processors (the caller is one). */
    private static final ThreadPoolExecutor POOL = pool(Math.max(1, Runtime.getRuntime().availableProcessors() - 1));

    /** Items handed in ahead of the oldest one not yet taken: enough to keep every processor busy. */
    static final int WINDOW = 64;

    private final Deque<Step<?>> pending = new ArrayDeque<>();

    /** One item: its work (none for a step that only keeps its place in the order) and what takes its result. */
    private record Step<R>(FutureTask<R> work, Consumer<R> then) {
        void complete() {
            R result;
            try {
                work.run(); // does nothing if a thread of the pool has run it or runs it now
                result = work.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while preparing", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(e.getCause());
            }
            then.accept(result);
        }
    }

    /** Runs {@code work} on the pool; {@code then} gets its result after every item handed in before it. */
    public <R> void submit(Supplier<R> work, Consumer<R> then) {
        FutureTask<R> task = new FutureTask<>(work::get);
        POOL.execute(task);
        add(new Step<>(task, then));
    }

    /** {@code step} runs after every item handed in before it: something without work that keeps its place. */
    public void then(Runnable step) {
        FutureTask<Void> done = new FutureTask<>(() -> null);
        done.run();
        add(new Step<Void>(done, ignored -> step.run()));
    }

    /**
     * Hands every remaining result over, in order. What a work or a step threw is thrown by the call that takes its
     * result: this one, or a later {@link #submit} or {@link #then} that found it ready.
     */
    public void finish() {
        while (!pending.isEmpty()) {
            pending.removeFirst().complete();
        }
    }

    private void add(Step<?> step) {
        pending.addLast(step);
        // Results that are ready go out at once, and the oldest is waited for when the window is full.
        while (!pending.isEmpty() && (pending.size() > WINDOW || pending.peekFirst().work().isDone())) {
            pending.removeFirst().complete();
        }
    }

    private static ThreadPoolExecutor pool(int threads) {
        AtomicInteger number = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "podpreset-prepare-" + number.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
