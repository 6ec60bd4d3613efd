package org.taskmix.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.List;
import java.util.ArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.taskmix.catalog.Generators;
import org.taskmix.catalog.MemoryRows;
import org.taskmix.catalog.Problem;
import org.taskmix.catalog.SpectralDiagnostics;
import org.taskmix.cli.CliResult;
import org.taskmix.linalg.SymmetricMatrix;

/**
 * Compact catalogs: estimate writes a sidecar, the reader reads it back bit for bit, bad sidecars
 * fail in one line; tasks read from a sidecar keep their entries there and give every result a
 * held matrix gives; the spectra trailer is trusted only when it matches its matrix, and sidecars
 * without it still read (docs/theory.md §8).
 */
class CovarianceSidecarTest {

    @TempDir
    Path tmp;

    @BeforeEach
    @AfterEach
    void clear() {
        AtomicFiles.clearInputs();
        CovarianceSidecar.clear();
    }

    private Path npy(String name, double[] x, int d) {
        Path p = tmp.resolve(name);
        try (NpyWriter w = NpyWriter.create(p, x.length / d, d, true)) {
            for (int r = 0; r < x.length / d; r++) {
                w.row(Arrays.copyOfRange(x, r * d, r * d + d));
            }
        }
        return p;
    }

    private static org.taskmix.cli.CliResult run(String... args) {
        return org.taskmix.cli.CliResult.of(args);
    }

    @Test
    void sidecarRoundTripsBitForBitAndChecksFails() throws IOException {
        int d = 6;
        Path a = npy("a.npy", MemoryRows.gaussian(Generators.powerLaw(d, 0.8, 1).build(), 2000, 1), d);
        Path b = npy("b.npy", MemoryRows.gaussian(Generators.powerLaw(d, 0.3, 2).build(), 2000, 2), d);
        Path json = tmp.resolve("plain.json");
        Path compact = tmp.resolve("compact.json");
        assertEquals(0, run("estimate", "--task", "a=" + a, "--task", "b=" + b, "--target-identity", "--out",
                json.toString()).code());
        assertEquals(0, run("estimate", "--task", "a=" + a, "--task", "b=" + b, "--target-identity", "--sidecar",
                "always", "--out", compact.toString()).code());
        Path car = tmp.resolve("compact.covariances.npy");
        assertTrue(Files.isRegularFile(car));
        String text = Files.readString(compact);
        assertTrue(text.contains("\"covariance\": {\"sidecar\": \"compact.covariances.npy\", \"index\": 1}"), text);
        assertTrue(text.length() < Files.readString(json).length());
        // The identity target of a compact catalog is written as its diagonal, to the same bits.
        assertTrue(text.contains("\"target\": {\"name\": \"target\", \"covariance\": {\"diagonal\": [1, 1, 1, 1, 1, 1]}}"),
                text);
        Problem p = ProblemReader.read(json);
        Problem q = ProblemReader.read(compact);
        assertEquals(p.target().covariance(), q.target().covariance());
        for (int i = 0; i < 2; i++) {
            SymmetricMatrix x = p.catalog().task(i).covariance();
            SymmetricMatrix y = q.catalog().task(i).covariance();
            for (int r = 0; r < d; r++) {
                for (int c = 0; c < d; c++) {
                    // JSON prints the shortest decimal that round-trips, so both are the same doubles.
                    assertEquals(Double.doubleToLongBits(x.get(r, c)), Double.doubleToLongBits(y.get(r, c)));
                }
            }
        }
        // A changed sidecar no longer matches the checksum in the problem file.
        CovarianceSidecar.clear();
        byte[] bytes = Files.readAllBytes(car);
        bytes[bytes.length - 1] ^= 1;
        Files.write(car, bytes);
        org.taskmix.cli.CliResult r = run("inspect", compact.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("taskmix: error: " + compact + ": tasks[0].covariance.sidecar: value"
                + " \"compact.covariances.npy\": " + car + ": SHA-256 is "), r.err());
        assertTrue(r.err().contains("the sidecar does not belong to this problem file (or was changed)"), r.err());
        // A path outside the problem's folder is refused.
        Files.writeString(tmp.resolve("bad.json"), text.replace("\"compact.covariances.npy\"", "\"../x.npy\""));
        r = run("inspect", tmp.resolve("bad.json").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("value \"../x.npy\" must be a plain file name beside the problem file"), r.err());
    }

    /** {@code count} random positive definite d×d matrices {@code A Aᵀ/d + 0.1 I}, seeded. */
    private static List<SymmetricMatrix> matrices(int count, int d, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<SymmetricMatrix> out = new ArrayList<>();
        for (int t = 0; t < count; t++) {
            double[][] a = new double[d][d];
            for (double[] row : a) {
                for (int j = 0; j < d; j++) {
                    row[j] = rng.nextGaussian();
                }
            }
            double[][] m = new double[d][d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    double s = 0;
                    for (int k = 0; k < d; k++) {
                        s += a[i][k] * a[j][k];
                    }
                    m[i][j] = s / d + (i == j ? 0.1 : 0);
                }
            }
            out.add(SymmetricMatrix.of(m));
        }
        return out;
    }

    private Path problem(String name, String sidecar, String sha, int count, int d) throws IOException {
        StringBuilder sb = new StringBuilder("{\"format\": \"taskmix/problem-1\", \"name\": \"c\", \"dimension\": " + d
                + ", \"tasks\": [");
        for (int t = 0; t < count; t++) {
            sb.append(t == 0 ? "" : ", ").append("{\"name\": \"t").append(t).append("\", \"covariance\": {\"sidecar\": \"")
                    .append(sidecar).append("\", \"index\": ").append(t)
                    .append(t == 0 && sha != null ? ", \"sha256\": \"" + sha + "\"" : "").append("}}");
        }
        sb.append("], \"target\": {\"name\": \"I\", \"covariance\": {\"diagonal\": [");
        for (int i = 0; i < d; i++) {
            sb.append(i == 0 ? "1" : ", 1");
        }
        sb.append("]}}}");
        Path p = tmp.resolve(name);
        Files.writeString(p, sb.toString());
        return p;
    }

    @Test
    void sidecarTasksAreExternalAndEqualToHeldMatrices() throws IOException {
        int d = 7;
        List<SymmetricMatrix> ms = matrices(4, d, 11);
        String sha = CovarianceSidecar.write(tmp.resolve("s.npy"), ms);
        Problem p = ProblemReader.read(problem("p.json", "s.npy", sha, 4, d));
        for (int t = 0; t < 4; t++) {
            SymmetricMatrix held = ms.get(t);
            SymmetricMatrix ext = p.catalog().task(t).covariance();
            assertTrue(ext.isExternal());
            assertEquals(held, ext);
            assertEquals(held.hashCode(), ext.hashCode());
            assertArrayEquals(held.eigenvalues(), ext.eigenvalues());
            assertEquals(held.trace(), ext.trace());
            assertEquals(held.dot(ms.get(0)), ext.dot(p.catalog().task(0).covariance()));
            assertArrayEquals(held.toEjml().data, ext.toEjml().data);
            // Another matrix read in between: this one is read again, the same bits.
            p.catalog().task((t + 1) % 4).covariance().trace();
            assertEquals(Double.doubleToLongBits(held.get(d - 1, 2)), Double.doubleToLongBits(ext.get(d - 1, 2)));
            assertArrayEquals(held.eigen().values(), ext.eigen().values());
        }
        SymmetricMatrix sum = SymmetricMatrix.weightedSum(new double[] {0.5, 0, 0.25, 0.25},
                p.catalog().tasks().stream().map(x -> x.covariance()).toList());
        assertEquals(SymmetricMatrix.weightedSum(new double[] {0.5, 0, 0.25, 0.25}, ms), sum);
    }

    @Test
    void spectraTrailerIsTrustedOnlyWhenItMatchesAndOptional() throws IOException {
        int d = 5;
        List<SymmetricMatrix> ms = matrices(3, d, 5);
        Path car = tmp.resolve("s.npy");
        CovarianceSidecar.write(car, ms);
        CovarianceSidecar s = CovarianceSidecar.open(car, null);
        for (int t = 0; t < 3; t++) {
            assertArrayEquals(ms.get(t).eigenvalues(), s.spectrum(t, SymmetricMatrix.of(s.rows(t))));
        }
        // Another matrix's spectrum does not pass the trace and norm check.
        assertNull(s.spectrum(0, SymmetricMatrix.of(s.rows(1))));
        // Without the trailer (a sidecar written before it, or by numpy.save) the file still reads.
        byte[] bytes = Files.readAllBytes(car);
        int trailer = CovarianceSidecar.SPECTRA_MAGIC.length + 8 * 3 * d;
        Path plain = tmp.resolve("plain.npy");
        Files.write(plain, Arrays.copyOf(bytes, bytes.length - trailer));
        CovarianceSidecar q = CovarianceSidecar.open(plain, null);
        assertNull(q.spectrum(1, SymmetricMatrix.of(q.rows(1))));
        Problem p = ProblemReader.read(problem("p.json", "plain.npy", null, 3, d));
        assertArrayEquals(ms.get(2).eigenvalues(), p.catalog().task(2).covariance().eigenvalues());
        // A wrong stored spectrum (here: matrices 0 and 1 swapped) is not trusted but recomputed.
        int first = bytes.length - 8 * 3 * d;
        byte[] swapped = bytes.clone();
        System.arraycopy(bytes, first, swapped, first + 8 * d, 8 * d);
        System.arraycopy(bytes, first + 8 * d, swapped, first, 8 * d);
        Files.write(tmp.resolve("swapped.npy"), swapped);
        Problem w = ProblemReader.read(problem("w.json", "swapped.npy", null, 3, d));
        for (int t = 0; t < 3; t++) {
            assertArrayEquals(ms.get(t).eigenvalues(), w.catalog().task(t).covariance().eigenvalues());
        }
        // A trailer of the wrong length is an error naming both accepted lengths.
        Files.write(tmp.resolve("short.npy"), Arrays.copyOf(bytes, bytes.length - 8));
        CliResult r = CliResult.of("inspect", problem("x.json", "short.npy", null, 3, d).toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("with the spectra trailer"), r.err());
        assertNotNull(s.sha256());
    }

    private static final int D = SymmetricMatrix.EXTREMES_MIN_DIMENSION;

    /** Diagonal {@code lo + i·step} plus a rank-one term: O(d²) to build, a non-trivial spectrum. */
    private static SymmetricMatrix largeMatrix(double lo, double step, double zeroAt) {
        double[][] m = new double[D][D];
        for (int i = 0; i < D; i++) {
            for (int j = 0; j < D; j++) {
                double vi = Math.sin(i + 1.0);
                double vj = Math.sin(j + 1.0);
                m[i][j] = (i == j ? lo + (i * 31 % D) * step : 0) + (zeroAt < 0 ? 0.2 * vi * vj : 0);
            }
        }
        if (zeroAt >= 0) {
            m[(int) zeroAt][(int) zeroAt] = 0;
        }
        return SymmetricMatrix.of(m);
    }

    /**
     * The extremes trailer (from d = 1024 on, instead of the spectra): trusted on reading only when
     * it passes the checks against its matrix, NaNs for a matrix that needs its full spectrum
     * (docs/theory.md §8.1).
     */
    @Test
    void extremesAreStoredTrustedWhenTheyFitAndRecomputedOtherwise() throws IOException {
        List<SymmetricMatrix> ms = List.of(largeMatrix(1, 0.1, -1), largeMatrix(200, 0.1, -1), largeMatrix(1, 1, 3));
        Path car = tmp.resolve("c.npy");
        CovarianceSidecar.write(car, ms);
        long header = Files.size(car) - 3L * 8 * D * D - CovarianceSidecar.EXTREMES_MAGIC.length - 3 * 16;
        assertEquals(0, header % 64, "NPY header padded to 64 bytes, then the array, the magic and 3 pairs");
        CovarianceSidecar s = CovarianceSidecar.open(car, null);
        SymmetricMatrix m0 = SymmetricMatrix.of(s.rows(0));
        assertArrayEquals(ms.get(0).extremeEigenvalues(), s.extremes(0, m0));
        assertNull(s.spectrum(0, m0), "no spectra trailer from d = 1024 on");
        // Matrix 1's pair does not fit matrix 0's diagonal; the singular matrix 2 stores NaNs.
        assertNull(s.extremes(1, m0));
        assertNull(s.extremes(2, SymmetricMatrix.of(s.rows(2))));
        // Read as a problem: the stored extremes are used, with the diagnostics of a fresh computation.
        Problem p = ProblemReader.read(problem("p.json", "c.npy", null, 3, D));
        SymmetricMatrix t0 = p.catalog().task(0).covariance();
        assertTrue(t0.isExternal());
        assertFalse(t0.spectrumKnown());
        assertArrayEquals(ms.get(0).extremeEigenvalues(), t0.extremeEigenvalues());
        assertEquals(SpectralDiagnostics.of(ms.get(0)).hardness(), SpectralDiagnostics.of(t0).hardness());
        SymmetricMatrix t2 = p.catalog().task(2).covariance();
        assertTrue(t2.spectrumKnown());
        SpectralDiagnostics d2 = SpectralDiagnostics.of(t2);
        assertTrue(d2.singular());
        assertEquals(D - 1, d2.rank());
    }

    /**
     * A re-read skips symmetrising only entries that were exactly symmetric when loaded: a stored
     * pair one ulp apart is still averaged on every re-read, as a held matrix's is.
     */
    @Test
    void reReadsSymmetriseUnlessTheStoredEntriesWereExactlySymmetric() throws IOException {
        int d = 4;
        List<SymmetricMatrix> ms = matrices(2, d, 3);
        Path car = tmp.resolve("u.npy");
        CovarianceSidecar.write(car, ms);
        byte[] bytes = Files.readAllBytes(car);
        int header = (int) (Files.size(car) - 2L * 8 * d * d - CovarianceSidecar.SPECTRA_MAGIC.length - 8L * 2 * d);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int at = header + 8 * (d * d + 1); // matrix 1, entry [0][1]
        double a01 = b.getDouble(at);
        b.putDouble(at, Math.nextUp(a01));
        Files.write(tmp.resolve("v.npy"), bytes);
        Problem p = ProblemReader.read(problem("v.json", "v.npy", null, 2, d));
        SymmetricMatrix t1 = p.catalog().task(1).covariance();
        SymmetricMatrix t0 = p.catalog().task(0).covariance();
        for (int rep = 0; rep < 2; rep++) {
            // Alternate the two tasks so each read is a re-read from the file.
            assertEquals(0.5 * (Math.nextUp(a01) + a01), t1.get(0, 1));
            assertEquals(t1.get(0, 1), t1.get(1, 0));
            assertEquals(ms.get(0), t0);
        }
    }
}
