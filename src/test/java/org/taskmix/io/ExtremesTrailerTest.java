package org.taskmix.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.taskmix.catalog.Problem;
import org.taskmix.catalog.SpectralDiagnostics;
import org.taskmix.linalg.SymmetricMatrix;

/**
 * The sidecar's extremes trailer (from d = 1024 on, instead of the spectra): written by
 * {@link CovarianceSidecar#write}, trusted on reading only when it passes the checks against its
 * matrix, NaNs for a matrix that needs its full spectrum (docs/theory.md §8, "d = 4096").
 */
class ExtremesTrailerTest {

    private static final int D = SymmetricMatrix.EXTREMES_MIN_DIMENSION;

    @TempDir
    Path tmp;

    @BeforeEach
    @AfterEach
    void clear() {
        AtomicFiles.clearInputs();
        CovarianceSidecar.clear();
    }

    /** Diagonal {@code lo + i·step} plus a rank-one term: O(d²) to build, a non-trivial spectrum. */
    private static SymmetricMatrix matrix(double lo, double step, double zeroAt) {
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

    @Test
    void extremesAreStoredTrustedWhenTheyFitAndRecomputedOtherwise() throws IOException {
        List<SymmetricMatrix> ms = List.of(matrix(1, 0.1, -1), matrix(200, 0.1, -1), matrix(1, 1, 3));
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
        Problem p = ProblemReader.read(problem("p.json", "c.npy"));
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

    private Path problem(String name, String sidecar) throws IOException {
        StringBuilder sb = new StringBuilder("{\"format\": \"taskmix/problem-1\", \"name\": \"c\", \"dimension\": " + D
                + ", \"tasks\": [");
        for (int t = 0; t < 3; t++) {
            sb.append(t == 0 ? "" : ", ").append("{\"name\": \"t").append(t).append("\", \"covariance\": {\"sidecar\": \"")
                    .append(sidecar).append("\", \"index\": ").append(t).append("}}");
        }
        sb.append("], \"target\": {\"name\": \"I\", \"covariance\": {\"diagonal\": [");
        for (int i = 0; i < D; i++) {
            sb.append(i == 0 ? "1" : ", 1");
        }
        sb.append("]}}}");
        Path p = tmp.resolve(name);
        Files.writeString(p, sb.toString());
        return p;
    }
}
