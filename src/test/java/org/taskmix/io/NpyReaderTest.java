package org.taskmix.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.taskmix.catalog.RowSource;

/**
 * The NPY reader against files written by NumPy itself (test resources made with
 * {@code numpy.save}: C and Fortran order, float32/float64, big-endian, format 2.0) and against
 * large files crossing read blocks.
 */
class NpyReaderTest {

    /** The resources hold {@code numpy.arange(15).reshape(5, 3) - 1.5}: entry (r, c) = 3r + c − 1.5. */
    private static final double[] EXPECTED = expected();

    @TempDir
    Path tmp;

    private static double[] expected() {
        double[] e = new double[15];
        for (int i = 0; i < 15; i++) {
            e[i] = i - 1.5;
        }
        return e;
    }

    static Path resource(String name) {
        try {
            return Path.of(NpyReaderTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsEveryLayoutNumpyWrites() {
        for (String name : new String[] {"c_f4.npy", "fortran_f4.npy", "fortran_f8.npy", "big_endian_f8.npy", "v2_f8.npy",
                "c_f2.npy", "fortran_f2.npy", "big_endian_f2.npy"}) {
            try (NpyReader r = NpyReader.open(resource(name))) {
                assertEquals(5, r.rows(), name);
                assertEquals(3, r.dim(), name);
                assertArrayEquals(EXPECTED, readAll(r), name);
            }
        }
        try (NpyReader r = NpyReader.open(resource("fortran_f8.npy"))) {
            assertTrue(r.fortranOrder());
            assertEquals("<f8", r.dtype());
        }
    }

    @Test
    void writerHeaderIsByteIdenticalToNumpys() throws IOException {
        byte[] numpy = Files.readAllBytes(resource("c_f4.npy"));
        byte[] ours = NpyWriter.header("<f4", false, 5, 3);
        assertArrayEquals(Arrays.copyOf(numpy, ours.length), ours);
        Path p = tmp.resolve("w.npy");
        try (NpyWriter w = NpyWriter.create(p, 5, 3, true)) {
            for (int r = 0; r < 5; r++) {
                w.row(Arrays.copyOfRange(EXPECTED, 3 * r, 3 * r + 3));
            }
        }
        assertArrayEquals(numpy, Files.readAllBytes(p));
    }

    @Test
    void rangesCrossingBlocksReadConcurrentlyMatchTheWholeFile() throws Exception {
        int n = 100_000;
        int d = 6;
        double[] data = new double[n * d];
        Random rng = new Random(1);
        Path p = tmp.resolve("big.npy");
        try (NpyWriter w = NpyWriter.create(p, n, d, false)) {
            double[] row = new double[d];
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < d; c++) {
                    row[c] = rng.nextGaussian();
                    data[r * d + c] = row[c];
                }
                w.row(row);
            }
        }
        try (NpyReader r = NpyReader.open(p)) {
            assertArrayEquals(data, readAll(r));
            CompletableFuture<double[]> a = CompletableFuture.supplyAsync(() -> readRange(r, 0, 60_001));
            CompletableFuture<double[]> b = CompletableFuture.supplyAsync(() -> readRange(r, 60_001, n - 60_001));
            assertArrayEquals(Arrays.copyOfRange(data, 0, 60_001 * d), a.get());
            assertArrayEquals(Arrays.copyOfRange(data, 60_001 * d, n * d), b.get());
        }
    }

    /** A Fortran-order float32 file larger than one read block: the strided path. */
    @Test
    void largeFortranOrderFileIsTransposedIntoRows() throws IOException {
        int n = 120_000;
        int d = 3;
        Path p = tmp.resolve("f.npy");
        ByteBuffer data = ByteBuffer.allocate(n * d * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int c = 0; c < d; c++) {
            for (int r = 0; r < n; r++) {
                data.putFloat(r * 10 + c);
            }
        }
        try (OutputStream out = Files.newOutputStream(p)) {
            out.write(NpyWriter.header("<f4", true, n, d));
            out.write(data.array());
        }
        try (NpyReader r = NpyReader.open(p)) {
            double[] got = readRange(r, 1000, 110_000);
            for (int i = 0; i < 110_000; i++) {
                for (int c = 0; c < d; c++) {
                    assertEquals((float) ((i + 1000) * 10 + c), got[i * d + c]);
                }
            }
        }
    }

    @Test
    void wrongDtypeIsRejected() {
        Path p = resource("int64.npy");
        InputException e = assertThrows(InputException.class, () -> NpyReader.open(p));
        assertEquals(p + ": dtype '<i8' is not supported; samples must be float16, float32 or float64 ('<f2', '<f4',"
                + " '<f8', '>f2', '>f4', '>f8'); convert with array.astype(numpy.float32)", e.getMessage());
    }

    @Test
    void wrongShapeIsRejected() {
        Path one = resource("one_dim.npy");
        InputException e = assertThrows(InputException.class, () -> NpyReader.open(one));
        assertEquals(one + ": shape (5,) has 1 dimension; samples must be a 2-D array (samples, dimension)", e.getMessage());
        Path three = resource("three_dim.npy");
        e = assertThrows(InputException.class, () -> NpyReader.open(three));
        assertEquals(three + ": shape (2, 2, 2) has 3 dimensions; samples must be a 2-D array (samples, dimension)",
                e.getMessage());
    }

    @Test
    void truncatedAndPaddedFilesAreRejected() throws IOException {
        byte[] ok = Files.readAllBytes(resource("c_f4.npy"));
        Path cut = tmp.resolve("cut.npy");
        Files.write(cut, Arrays.copyOf(ok, ok.length - 5));
        InputException e = assertThrows(InputException.class, () -> NpyReader.open(cut));
        assertEquals(cut + ": file is truncated: the header promises 5 x 3 float32 values (60 bytes) but only 55 bytes"
                + " follow the header", e.getMessage());
        Path pad = tmp.resolve("pad.npy");
        Files.write(pad, Arrays.copyOf(ok, ok.length + 4));
        e = assertThrows(InputException.class, () -> NpyReader.open(pad));
        assertEquals(pad + ": file has 4 bytes more than the header's 5 x 3 float32 values; it is not a valid NPY file",
                e.getMessage());
        Path head = tmp.resolve("head.npy");
        Files.write(head, Arrays.copyOf(ok, 40));
        e = assertThrows(InputException.class, () -> NpyReader.open(head));
        assertEquals(head + ": NPY header is truncated (it claims 118 bytes; the file has 40)", e.getMessage());
    }

    @Test
    void notAnNpyFileIsRejected() throws IOException {
        Path p = tmp.resolve("x.npy");
        Files.writeString(p, "1,2,3\n");
        InputException e = assertThrows(InputException.class, () -> NpyReader.open(p));
        assertEquals(p + ": not an NPY file (it does not start with \\x93NUMPY); save samples with numpy.save, or use a"
                + " .csv file", e.getMessage());
        Path missing = tmp.resolve("missing.npy");
        e = assertThrows(InputException.class, () -> NpyReader.open(missing));
        assertEquals(missing + ": no such file", e.getMessage());
    }

    static double[] readAll(RowSource r) {
        return readRange(r, 0, r.rows());
    }

    static double[] readRange(RowSource r, long first, long count) {
        double[] out = new double[(int) (count * r.dim())];
        int[] pos = {0};
        r.read(first, count, new RowSource.Sink() {
            @Override
            public void accept(double[] rows, int k) {
                System.arraycopy(rows, 0, out, pos[0], k * r.dim());
                pos[0] += k * r.dim();
            }

            @Override
            public void accept(float[] rows, int k) {
                for (int i = 0; i < k * r.dim(); i++) {
                    out[pos[0]++] = rows[i];
                }
            }
        });
        assertEquals(out.length, pos[0]);
        assertFalse(out.length == 0 && count > 0);
        return out;
    }
}
