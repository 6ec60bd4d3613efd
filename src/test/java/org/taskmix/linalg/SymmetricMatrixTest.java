package org.taskmix.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * The read-once paths of external matrices ({@link SymmetricMatrix#forEachRowBlock}: trace, dot,
 * {@code addScaledTo}, {@code weightedSum}; {@code toEjml} without a copy) against the loops they
 * replaced on a held matrix, bit for bit: streamed in row blocks, read whole, or from this
 * thread's cache, with entries stored exactly symmetric or not.
 */
class SymmetricMatrixTest {

    /** A source over stored entries that counts whole reads and row-range reads. */
    private static final class Counting implements SymmetricMatrix.Source {
        final double[] stored;
        final int n;
        final boolean rowRanges;
        final AtomicInteger whole = new AtomicInteger();
        final AtomicInteger ranges = new AtomicInteger();

        Counting(double[] stored, int n, boolean rowRanges) {
            this.stored = stored;
            this.n = n;
            this.rowRanges = rowRanges;
        }

        @Override
        public void read(double[] dst) {
            whole.incrementAndGet();
            System.arraycopy(stored, 0, dst, 0, stored.length);
        }

        @Override
        public boolean readRows(int from, int count, double[] dst) {
            if (!rowRanges) {
                return false;
            }
            ranges.incrementAndGet();
            System.arraycopy(stored, from * n, dst, 0, count * n);
            return true;
        }
    }

    private static double[] stored(int n, long seed, boolean exact) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double x = (rng.nextDouble() - 0.5) * Math.scalb(1.0, rng.nextInt(-20, 20));
                v[i * n + j] = x;
                v[j * n + i] = x;
            }
        }
        if (!exact && n > 1) {
            v[(n - 1) * n] = Math.nextUp(v[n - 1]); // [n-1][0] one ulp from [0][n-1]
        }
        return v;
    }

    private static double[][] rows(double[] v, int n) {
        double[][] r = new double[n][];
        for (int i = 0; i < n; i++) {
            r[i] = java.util.Arrays.copyOfRange(v, i * n, (i + 1) * n);
        }
        return r;
    }

    private static SymmetricMatrix external(Counting src) {
        MatrixCheck.Checked c = MatrixCheck.checkInPlace(src.stored.clone(), src.n);
        return SymmetricMatrix.external(c, src, null, null);
    }

    private static double[] entries(SymmetricMatrix m) {
        return m.toEjml().data;
    }

    private static void assertBits(double want, double got, String what) {
        assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(got), what);
    }

    @Test
    void streamedSumsEqualTheEntryByEntryLoopsBitForBit() {
        // 700 rows: blocks of 93 and a short last one; 1 and 5 rows: one block.
        for (int n : new int[] {1, 5, 700}) {
            // One entry is always exactly symmetric: no pair to set one ulp apart.
            for (boolean exact : n == 1 ? new boolean[] {true} : new boolean[] {true, false}) {
                for (boolean rowRanges : new boolean[] {true, false}) {
                    String name = n + (exact ? " exact" : " one ulp apart") + (rowRanges ? ", by rows" : ", whole");
                    checkSums(n, exact, rowRanges, name);
                }
            }
        }
    }

    private static void checkSums(int n, boolean exact, boolean rowRanges, String name) {
        Counting src = new Counting(stored(n, n, exact), n, rowRanges);
        Counting src2 = new Counting(stored(n, n + 1, true), n, rowRanges);
        SymmetricMatrix held = SymmetricMatrix.of(rows(src.stored, n));
        SymmetricMatrix held2 = SymmetricMatrix.of(rows(src2.stored, n));
        SymmetricMatrix ext = external(src);
        SymmetricMatrix ext2 = external(src2);
        double[] a = entries(held);
        double[] b = entries(held2);
        // The loops trace, dot, addScaledTo and weightedSum ran before blocks (entry order).
        double trace = 0;
        for (int i = 0; i < n; i++) {
            trace += a[i * n + i];
        }
        double self = 0;
        double cross = 0;
        for (int k = 0; k < a.length; k++) {
            self += a[k] * a[k];
            cross += a[k] * b[k];
        }
        double[] t = stored(n, 77, true);
        double[] scaled = t.clone();
        for (int k = 0; k < a.length; k++) {
            scaled[k] += 0.3 * a[k];
        }
        double[] sum = new double[a.length];
        for (int k = 0; k < a.length; k++) {
            sum[k] += 0.25 * a[k];
        }
        for (int k = 0; k < a.length; k++) {
            sum[k] += 1.5 * b[k];
        }
        for (int rep = 0; rep < 2; rep++) {
            // rep 0: nothing cached on this thread; rep 1: ext read last, so served from the cache.
            if (rep == 1) {
                ext.get(0, 0);
            } else {
                ext2.get(0, 0);
            }
            assertBits(trace, ext.trace(), name + " trace");
            assertBits(self, ext.dot(ext), name + " dot self");
            assertBits(cross, ext.dot(held2), name + " dot held");
            assertBits(cross, held2.dot(ext), name + " held dot");
            ext2.get(0, 0);
            assertBits(cross, ext.dot(ext2), name + " dot external");
            DMatrixRMaj target = new DMatrixRMaj(n, n);
            target.data = t.clone();
            ext.addScaledTo(0.3, target);
            assertArrayEquals(scaled, target.data, name + " addScaledTo");
            assertArrayEquals(sum, entries(SymmetricMatrix.weightedSum(new double[] {0.25, 0, 1.5},
                    List.of(ext, held, ext2))), name + " weightedSum");
            assertArrayEquals(a, entries(ext), name + " toEjml");
        }
        if (exact && rowRanges) {
            // Only the two cached reads (get) and the toEjml reads touched a whole matrix.
            assertTrue(src.ranges.get() > 0, name);
        }
        if (!exact || !rowRanges) {
            assertEquals(0, src.ranges.get(), name + ": never streamed");
        }
    }

    /** A sum streams without a whole read; toEjml reads once and keeps nothing a caller could change. */
    @Test
    void streamingReadsNoWholeMatrixAndToEjmlHandsOverAFreshArray() {
        int n = 300;
        Counting src = new Counting(stored(n, 3, true), n, true);
        SymmetricMatrix ext = external(src);
        SymmetricMatrix held = SymmetricMatrix.of(rows(src.stored, n));
        ext.trace();
        ext.dot(ext);
        ext.addScaledTo(1, new DMatrixRMaj(n, n));
        assertEquals(0, src.whole.get());
        DMatrixRMaj e = ext.toEjml();
        assertEquals(1, src.whole.get());
        DMatrixRMaj f = ext.toEjml();
        assertEquals(2, src.whole.get(), "toEjml does not keep what it read");
        assertNotSame(e.data, f.data);
        java.util.Arrays.fill(e.data, 42);
        assertBits(held.get(1, 2), ext.get(1, 2), "a written copy changes nothing");
        assertEquals(3, src.whole.get());
        DMatrixRMaj g = ext.toEjml();
        assertEquals(3, src.whole.get(), "read last on this thread: copied from the cache");
        java.util.Arrays.fill(g.data, 7);
        assertBits(held.get(1, 2), ext.get(1, 2), "the cache is not handed out");
        assertEquals(n, e.numRows);
        assertEquals(n, e.numCols);
    }

    /**
     * A visitor that uses other external matrices (as a fork-join thread may run another task while
     * it waits) does not disturb the blocks it is lent, nor the sums of the matrix streamed.
     */
    @Test
    void reentrantUseDuringAStreamedPassChangesNoBit() {
        int n = 400;
        Counting src = new Counting(stored(n, 5, true), n, true);
        Counting other = new Counting(stored(n, 6, false), n, true);
        SymmetricMatrix ext = external(src);
        SymmetricMatrix ext2 = external(other);
        double[] want = entries(SymmetricMatrix.of(rows(src.stored, n)));
        double[] otherTrace = {ext2.trace()};
        double[] seen = new double[n * n];
        ext.forEachRowBlock((block, from, to) -> {
            assertBits(otherTrace[0], ext2.trace(), "nested trace");
            ext2.get(to - 1, from);
            ext.forEachRowBlock((inner, f, t) -> { });
            System.arraycopy(block, 0, seen, from * n, (to - from) * n);
        });
        assertArrayEquals(want, seen);
    }
}
