package org.taskmix.validation;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

import org.taskmix.catalog.Workers;
import org.taskmix.selection.CoreBudget;

/**
 * Runs numbered chunks of work on a fixed set of threads. Results stay bit-reproducible because
 * callers give every chunk its own output buffer and random stream, named by the chunk number,
 * and reduce the buffers in chunk order afterwards: which thread ran a chunk never matters.
 */
final class ChunkRunner implements AutoCloseable {

    /**
     * Whether runs use only the free cores ({@link CoreBudget}); tests switch it off to exercise
     * every thread on a busy machine. Results do not depend on it.
     */
    static volatile boolean adaptive = true;

    private final int threads;
    private final ExecutorService pool;

    /**
     * {@code threads} if at least 1: the check every multi-threaded validation class makes on its
     * thread count, with one message.
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    static int checkThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads: value " + threads + " must be >= 1");
        }
        return threads;
    }

    /** A runner on {@code threads} threads (the caller's plus {@code threads − 1} workers). */
    ChunkRunner(int threads) {
        this.threads = checkThreads(threads);
        this.pool = threads == 1 ? null : Workers.daemonPool(threads - 1, "taskmix-validation");
    }

    /**
     * Runs {@code body(c)} for {@code c = 0 .. chunks−1} and returns when all are done.
     *
     * <p>Contention: only as many threads as there are free cores take part
     * ({@link CoreBudget#freeCores()}, sampled while our helpers are idle), and the caller waits
     * for the chunks, not for the helpers: a helper that the scheduler starts late finds no work
     * left and ends, instead of holding the step back by a scheduler slice. Which thread runs a
     * chunk never changes a result.
     */
    void run(int chunks, IntConsumer body) {
        int use = pool == null ? 1 : adaptive ? Math.min(threads, CoreBudget.freeCores()) : threads;
        if (use == 1 || chunks <= 1) {
            for (int c = 0; c < chunks; c++) {
                body.accept(c);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Runnable worker = () -> {
            int c;
            while ((c = next.getAndIncrement()) < chunks) {
                try {
                    if (failure.get() == null) { // after a failure the rest are only counted
                        body.accept(c);
                    }
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                } finally {
                    finished.incrementAndGet();
                }
            }
        };
        int helpers = Math.min(use - 1, chunks - 1);
        for (int i = 0; i < helpers; i++) {
            pool.execute(worker);
        }
        worker.run();
        // Every chunk is claimed by now; those claimed by helpers may still run. "finished"
        // counts each chunk once, run, failed or skipped, so this wait always ends.
        for (int spins = 0; finished.get() < chunks; spins++) {
            if (spins < SPINS) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(PARK_NANOS);
            }
        }
        RuntimeException e = failure.get();
        if (e != null) {
            throw e;
        }
    }

    /** Busy-wait this many rounds for the last chunks (they usually end within microseconds)... */
    private static final int SPINS = 2_000;
    /** ...then sleep this long between checks, leaving the core to the thread we wait for. */
    private static final long PARK_NANOS = 20_000L;

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
