package org.taskmix.selection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How many processors are free right now, for sizing parallel work to a shared machine.
 *
 * <p>Why: a fork-join step waits for its slowest thread. When other processes keep every core
 * busy, a helper thread is descheduled for a scheduler slice (milliseconds) while the step's
 * work is a fraction of that, so the parallel run became 2–4 times slower than one thread
 * (measured: CoT evaluation fell from 1.8× to 0.4–0.6× of PyTorch at load 2–3). Using only the
 * free cores avoids those waits; results never depend on it (callers partition work by a
 * fixed chunking, see ChunkRunner and {@link Parallel}).
 *
 * <p>How: on Linux, the fourth field of {@code /proc/loadavg} is the number of runnable
 * threads at this instant, system-wide, including the reading thread. Sampled at most every
 * {@link #REFRESH_NANOS}; elsewhere (no such file) every processor counts as free.
 */
public final class CoreBudget {

    /** Resample at most this often: reading the file costs ~10 µs, a training step ~1 ms. */
    static final long REFRESH_NANOS = 20_000_000L;

    private static final Path LOADAVG = Path.of("/proc/loadavg");
    private static volatile long sampledAt = Long.MIN_VALUE / 2;
    private static volatile int free = Runtime.getRuntime().availableProcessors();
    private static volatile boolean unavailable;

    private CoreBudget() {
    }

    /**
     * Processors not used by other runnable threads, between 1 and
     * {@link Runtime#availableProcessors()}; the calling thread is counted as ours, so callers
     * should ask while their own helper threads are idle.
     */
    public static int freeCores() {
        int cores = Runtime.getRuntime().availableProcessors();
        if (unavailable) {
            return cores;
        }
        long now = System.nanoTime();
        if (now - sampledAt < REFRESH_NANOS) {
            return free;
        }
        int running = runnable();
        if (running < 1) {
            unavailable = true;
            return cores;
        }
        free = fromRunnable(running, cores);
        sampledAt = now;
        return free;
    }

    /** Free cores when {@code running} threads are runnable system-wide (ours: the caller). */
    static int fromRunnable(int running, int cores) {
        int others = running - 1;
        return Math.max(1, Math.min(cores, cores - others));
    }

    /** The runnable count of {@code /proc/loadavg} ("0.50 0.40 0.30 2/345 6789"), or −1. */
    private static int runnable() {
        try {
            String s = Files.readString(LOADAVG, StandardCharsets.US_ASCII);
            String[] f = s.trim().split("\\s+");
            if (f.length < 4 || f[3].indexOf('/') < 0) {
                return -1;
            }
            return Integer.parseInt(f[3].substring(0, f[3].indexOf('/')));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
