package org.taskmix.validation;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs numbered chunks of work on a fixed set of threads. Results stay bit-reproducible because
 * callers give every chunk its own output buffer and random stream, named by the chunk number,
 * and reduce the buffers in chunk order afterwards: which thread ran a chunk never matters.
 */
final class ChunkRunner implements AutoCloseable {

    private final int threads;
    private final ExecutorService pool;

    /** A runner on {@code threads} threads (the caller's plus {@code threads − 1} workers). */
    ChunkRunner(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads: value " + threads + " must be >= 1");
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "taskmix-validation");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code body(c)} for {@code c = 0 .. chunks−1} and returns when all are done. */
    void run(int chunks, IntConsumer body) {
        if (pool == null || chunks <= 1) {
            for (int c = 0; c < chunks; c++) {
                body.accept(c);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            int c;
            while ((c = next.getAndIncrement()) < chunks) {
                body.accept(c);
            }
        };
        int helpers = Math.min(threads - 1, chunks - 1);
        Future<?>[] futures = new Future<?>[helpers];
        for (int i = 0; i < helpers; i++) {
            futures[i] = pool.submit(worker);
        }
        RuntimeException failure = null;
        try {
            worker.run();
        } catch (RuntimeException e) {
            failure = e;
            next.set(chunks);
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for worker threads", e);
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
