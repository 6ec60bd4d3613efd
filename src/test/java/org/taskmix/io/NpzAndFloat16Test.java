package org.taskmix.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.taskmix.catalog.RowSource;

/**
 * float16 decoding and NPZ archives, against files written by NumPy ({@code numpy.savez},
 * {@code numpy.savez_compressed}, {@code numpy.save} of float16) holding
 * {@code numpy.arange(15).reshape(5, 3) - 1.5}, which float16 represents exactly.
 */
class NpzAndFloat16Test {

    private static final double[] EXPECTED = new double[15];

    static {
        for (int i = 0; i < 15; i++) {
            EXPECTED[i] = i - 1.5;
        }
    }

    @TempDir
    Path tmp;

    @Test
    void float16SpecialsDecodeExactlyAsNumpyDoes() {
        // numpy: np.array([6e-8, 65504, -0.0, 1/3], '<f2').astype(float) (the smallest subnormal,
        // the largest finite half, negative zero, and a rounded fraction).
        try (NpyReader r = NpyReader.open(NpyReaderTest.resource("specials_f2.npy"))) {
            double[] v = NpyReaderTest.readAll(r);
            assertArrayEquals(new double[] {5.960464477539063e-08, 65504.0, -0.0, 0.333251953125}, v);
            assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(v[2]));
        }
        assertEquals(Float.POSITIVE_INFINITY, Float16.toFloat(0x7c00));
        assertEquals(Float.NEGATIVE_INFINITY, Float16.toFloat(0xfc00));
        assertEquals(Float.NaN, Float16.toFloat(0x7e00));
        // Every normal half round-trips through float's bits: the exponent is rebiased, the
        // fraction shifted, nothing else changes.
        for (int h = 0x0400; h < 0x7c00; h++) {
            float f = Float16.toFloat(h);
            int bits = Float.floatToRawIntBits(f);
            assertEquals(h & 0x3ff, (bits >>> 13) & 0x3ff, "fraction of " + h);
            assertEquals(((h >>> 10) & 0x1f) - 15, ((bits >>> 23) & 0xff) - 127, "exponent of " + h);
        }
    }

    @Test
    void readsStoredAndCompressedArchives() {
        for (String name : new String[] {"stored.npz", "compressed_f2.npz"}) {
            try (NpzReader r = NpzReader.open(NpyReaderTest.resource(name), null)) {
                assertEquals(5, r.rows(), name);
                assertEquals(3, r.dim(), name);
                assertArrayEquals(EXPECTED, readAll(r), name);
            }
        }
        try (NpzReader r = NpzReader.open(NpyReaderTest.resource("two_arrays.npz"), "emb")) {
            assertArrayEquals(EXPECTED, readAll(r));
        }
    }

    @Test
    void archiveWithSeveralArraysNeedsAKey() throws IOException {
        Path p = NpyReaderTest.resource("two_arrays.npz");
        InputException e = assertThrows(InputException.class, () -> NpzReader.open(p, null));
        assertEquals(p + ": holds 2 arrays [emb, other]; name one as FILE.npz:KEY (or the manifest's \"array\" field)",
                e.getMessage());
        e = assertThrows(InputException.class, () -> NpzReader.open(p, "nope"));
        assertEquals(p + ": has no array \"nope\"; its arrays are [emb, other]", e.getMessage());
        // Through SampleFiles, FILE.npz:KEY picks the array.
        Path copy = tmp.resolve("t.npz");
        Files.copy(p, copy);
        RowSource s = SampleFiles.open(tmp.resolve("t.npz:other"));
        assertEquals(2, s.rows());
        assertEquals(3, s.dim());
        Path notZip = tmp.resolve("bad.npz");
        Files.writeString(notZip, "not a zip");
        e = assertThrows(InputException.class, () -> SampleFiles.open(notZip));
        assertEquals(true, e.getMessage().startsWith(notZip + ": not an NPZ file"), e.getMessage());
    }

    @Test
    void estimateFromAnArchiveEqualsEstimateFromTheSameNpy() {
        SampleFiles.Estimate a = SampleFiles.estimate(NpyReaderTest.resource("compressed_f2.npz"), false, 2, -1);
        SampleFiles.Estimate b = SampleFiles.estimate(NpyReaderTest.resource("c_f4.npy"), false, 2, -1);
        assertEquals(b.covariance(), a.covariance());
        assertEquals(5, a.samples());
    }

    static double[] readAll(RowSource r) {
        List<Double> out = new ArrayList<>();
        r.readAll(new RowSource.Sink() {
            @Override
            public void accept(double[] rows, int k) {
                for (int i = 0; i < k * r.dim(); i++) {
                    out.add(rows[i]);
                }
            }

            @Override
            public void accept(float[] rows, int k) {
                for (int i = 0; i < k * r.dim(); i++) {
                    out.add((double) rows[i]);
                }
            }
        });
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
