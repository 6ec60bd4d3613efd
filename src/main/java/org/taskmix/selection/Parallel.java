package org.taskmix.selection;

import java.util.stream.IntStream;

/**
 * Deterministic data parallelism over task indices: the range is cut into fixed chunks and every
 * output entry is computed by exactly one thread with the same sequential code, so results are
 * bit-identical whatever the number of threads (which follows {@link CoreBudget#freeCores()}).
 */
final class Parallel {

    /** Below this many multiply-adds a task is not worth splitting (thread hand-off costs ~10 µs). */
    static final long MIN_PARALLEL_WORK = 200_000;

    private Parallel() {
    }

    /** A body over {@code [from, to)}. */
    @FunctionalInterface
    interface Range {
        void run(int from, int to);
    }

    /** Runs {@code body} over {@code [0, n)}, in parallel chunks when {@code n · costPerItem} is large. */
    static void forRange(int n, long costPerItem, Range body) {
        // Only the free cores: on a busy machine a parallel stream waits for descheduled workers.
        int threads = CoreBudget.freeCores();
        if (threads < 2 || (long) n * costPerItem < MIN_PARALLEL_WORK || n < 2) {
            body.run(0, n);
            return;
        }
        int chunks = Math.min(n, threads * 4);
        IntStream.range(0, chunks).parallel().forEach(c -> {
            int from = (int) ((long) n * c / chunks);
            int to = (int) ((long) n * (c + 1) / chunks);
            body.run(from, to);
        });
    }
}
