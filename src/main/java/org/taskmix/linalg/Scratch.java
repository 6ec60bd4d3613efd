package org.taskmix.linalg;

import java.lang.ref.SoftReference;

/**
 * Per-thread work arrays reused from one product to the next (docs/theory.md §8.2, "Memory").
 *
 * <p>At d = 4096 every product packs its factors into fresh 134 MB arrays; a {@code compare}
 * allocated about 80 GB that way, each array zeroed by the JVM and, as the heap grew, by the
 * kernel as fresh pages (the largest part of its system time). A thread now keeps one array per
 * {@link Slot} and hands it out again.
 *
 * <p>Rules: a leased array's contents are arbitrary and it may be longer than asked, so callers
 * write every entry they read (padding included). A slot is leased to one use at a time: a
 * nested use on the same thread (a fork-join worker that runs another product while it waits)
 * gets a fresh array. The kept arrays are softly referenced, so a heap under pressure takes them
 * back.
 */
final class Scratch {

    /** The uses that may hold an array at the same time on one thread. */
    enum Slot {
        /** {@link Gemm}'s packed left factor. */
        LEFT_PACK,
        /** {@link Gemm}'s packed right factor. */
        RIGHT_PACK
    }

    private static final ThreadLocal<Scratch[]> SLOTS = ThreadLocal.withInitial(() -> {
        Scratch[] s = new Scratch[Slot.values().length];
        for (int i = 0; i < s.length; i++) {
            s[i] = new Scratch();
        }
        return s;
    });

    private SoftReference<double[]> kept = new SoftReference<>(null);
    private boolean leased;

    private Scratch() {
    }

    /**
     * An array of at least {@code length} doubles with arbitrary contents, for this thread's use
     * of {@code slot} until {@link #release}.
     */
    static double[] lease(Slot slot, int length) {
        Scratch s = SLOTS.get()[slot.ordinal()];
        if (s.leased) {
            return new double[length];
        }
        double[] a = s.kept.get();
        if (a == null || a.length < length) {
            a = null; // let the smaller array go before the larger one is allocated
            s.kept = new SoftReference<>(null);
            a = new double[length];
            s.kept = new SoftReference<>(a);
        }
        s.leased = true;
        return a;
    }

    /** Ends the lease of {@code a} (an array not from this thread's slot is simply dropped). */
    static void release(Slot slot, double[] a) {
        Scratch s = SLOTS.get()[slot.ordinal()];
        if (s.leased && s.kept.get() == a) {
            s.leased = false;
        }
    }
}
