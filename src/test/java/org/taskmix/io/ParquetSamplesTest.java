package org.taskmix.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.taskmix.catalog.CovarianceEstimator;

/**
 * The Parquet reader against files written by DuckDB 2.0 (test resources: list, fixed-size
 * array, one column per dimension, Snappy, ZSTD, GZIP, uncompressed, dictionary pages, a task
 * column, a null row, a ragged row) holding {@code 3r + c − 1.5} for row r, column c, and
 * against our own writer (float16/32/64, several row groups and pages).
 */
class ParquetSamplesTest {

    private static final double[] EXPECTED = new double[15];
    private static final double[] EVEN = {-1.5, -0.5, 0.5, 4.5, 5.5, 6.5, 10.5, 11.5, 12.5};

    static {
        for (int i = 0; i < 15; i++) {
            EXPECTED[i] = i - 1.5;
        }
    }

    @TempDir
    Path tmp;

    @Test
    void readsEveryLayoutDuckDbWrites() {
        for (String name : new String[] {"duckdb_list_f4.parquet", "duckdb_array_f8_zstd.parquet",
                "duckdb_columns_gzip.parquet"}) {
            // The per-dimension file is read by its column prefix "x" (x0, x1, x2).
            ParquetSamples p = ParquetSamples.open(NpyReaderTest.resource(name), name.contains("columns") ? "x" : null,
                    null, null);
            assertEquals(3, p.dim(), name);
            assertEquals(5, p.rows(), name);
            assertArrayEquals(EXPECTED, NpzAndFloat16Test.readAll(p), name);
        }
        // Per-dimension columns picked by default: every float column, the string column skipped.
        ParquetSamples all = ParquetSamples.open(NpyReaderTest.resource("duckdb_columns_gzip.parquet"), null, null, null);
        assertArrayEquals(EXPECTED, NpzAndFloat16Test.readAll(all));
    }

    @Test
    void taskColumnSelectsRows() {
        ParquetSamples even = ParquetSamples.open(NpyReaderTest.resource("duckdb_list_f4.parquet"), "emb", "task", "even");
        assertEquals(-1, even.rows(), "unknown until read");
        assertArrayEquals(EVEN, NpzAndFloat16Test.readAll(even));
        ParquetSamples cols = ParquetSamples.open(NpyReaderTest.resource("duckdb_columns_gzip.parquet"), "x", "task", "even");
        assertArrayEquals(EVEN, NpzAndFloat16Test.readAll(cols));
    }

    @Test
    void dictionaryPagesDecode() {
        ParquetSamples p = ParquetSamples.open(NpyReaderTest.resource("duckdb_dict.parquet"), null, null, null);
        double[] v = NpzAndFloat16Test.readAll(p);
        assertEquals(6000, v.length);
        for (int r = 0; r < 2000; r++) {
            for (int c = 0; c < 3; c++) {
                assertEquals((r + c) % 4, v[r * 3 + c], "row " + r + ", column " + c);
            }
        }
    }

    @Test
    void badTablesFailWithOneLine() {
        Path nul = NpyReaderTest.resource("duckdb_null_row.parquet");
        InputException e = assertThrows(InputException.class,
                () -> NpzAndFloat16Test.readAll(ParquetSamples.open(nul, "emb", null, null)));
        assertEquals(nul + ": row 3 of column \"emb.list.element\" is null or holds a null value; embeddings must be"
                + " complete", e.getMessage());
        Path ragged = NpyReaderTest.resource("duckdb_ragged.parquet");
        e = assertThrows(InputException.class,
                () -> NpzAndFloat16Test.readAll(ParquetSamples.open(ragged, "ragged", null, null)));
        assertEquals(ragged + ": row 2 of column \"ragged.list.element\" has 2 values but row 0 has 3; every embedding"
                + " must have one dimension", e.getMessage());
        e = assertThrows(InputException.class, () -> ParquetSamples.open(ragged, null, null, null));
        assertTrue(e.getMessage().startsWith(ragged + ": has no float16/float32/float64 column"), e.getMessage());
        e = assertThrows(InputException.class, () -> ParquetSamples.open(ragged, "emb", "who", "x"));
        assertEquals(ragged + ": has no task column \"who\"; its columns are [emb.list.element, ragged.list.element]",
                e.getMessage());
        e = assertThrows(InputException.class, () -> ParquetSamples.open(NpyReaderTest.resource("c_f4.npy"), null,
                null, null));
        assertTrue(e.getMessage().endsWith("not a Parquet file (it does not end with PAR1)"), e.getMessage());
    }

    @Test
    void ownWriterRoundTripsEveryPrecisionAcrossGroupsAndPages() throws Exception {
        // d = 600 float64: 6,990 rows per 32 MiB row group and 218 per 1 MiB page, so 7,500 rows
        // make two row groups and many pages.
        int d = 600;
        int n = 7500;
        Random rnd = new Random(4);
        double[][] rows = new double[n][d];
        for (double[] r : rows) {
            for (int c = 0; c < d; c++) {
                r[c] = rnd.nextGaussian();
            }
        }
        for (ParquetSampleWriter.Precision prec : ParquetSampleWriter.Precision.values()) {
            Path f = tmp.resolve(prec + ".parquet");
            try (ParquetSampleWriter w = ParquetSampleWriter.create(f, d, prec)) {
                for (int r = 0; r < n; r++) {
                    w.row(r % 3 == 0 ? "a" : "b", rows[r]);
                }
            }
            ParquetSamples p = ParquetSamples.open(f, null, null, null);
            assertEquals(n, p.rows());
            assertEquals(d, p.dim());
            double[] v = NpzAndFloat16Test.readAll(p);
            for (int r = 0; r < n; r += 37) {
                for (int c = 0; c < d; c += 13) {
                    double want = switch (prec) {
                        case HALF -> Float16.toFloat(Float16.fromFloat((float) rows[r][c]));
                        case FLOAT -> (float) rows[r][c];
                        default -> rows[r][c];
                    };
                    assertEquals(want, v[r * d + c], 0.0, prec + " row " + r + " column " + c);
                }
            }
            // Task "a" is every third row.
            ParquetSamples a = ParquetSamples.open(f, "embedding", "task", "a");
            CovarianceEstimator est = CovarianceEstimator.of(a, false, 2);
            assertEquals(2500, est.count());
        }
        assertTrue(Files.size(tmp.resolve("HALF.parquet")) < Files.size(tmp.resolve("FLOAT.parquet")) * 0.6);
    }

    @Test
    void float16RoundingMatchesNumpy() {
        // numpy: np.array([1/3, 65519, 65520, 1e-8, 3e-8, -2.5e-5], np.float32).astype(np.float16).view(np.uint16)
        // = [0x3555, 0x7bff, 0x7c00, 0x0000, 0x0001, 0x81a3]
        float[] in = {1f / 3, 65519f, 65520f, 1e-8f, 3e-8f, -2.5e-5f};
        int[] want = {0x3555, 0x7bff, 0x7c00, 0x0000, 0x0001, 0x81a3};
        for (int i = 0; i < in.length; i++) {
            assertEquals(want[i], Float16.fromFloat(in[i]) & 0xffff, "value " + in[i]);
        }
        for (int h = 0; h < 0x7c00; h++) {
            assertEquals(h, Float16.fromFloat(Float16.toFloat(h)) & 0xffff, "round trip of " + h);
        }
    }
}
