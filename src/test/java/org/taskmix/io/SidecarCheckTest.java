package org.taskmix.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.taskmix.catalog.Problem;
import org.taskmix.linalg.MatrixCheck;
import org.taskmix.linalg.SymmetricMatrix;

/**
 * The check of a compact catalog's matrices in one reused buffer: a defective matrix is named with
 * the message the rows check always gave, stored entries that are symmetric only within tolerance
 * read as the held matrix, every task of a parallel read gets its own matrix, and nothing is kept
 * once the file is read.
 */
class SidecarCheckTest {

    @TempDir
    Path tmp;

    @BeforeEach
    @AfterEach
    void clear() {
        AtomicFiles.clearInputs();
        CovarianceSidecar.clear();
    }

    /** {@code count} seeded positive definite {@code d × d} matrices {@code A Aᵀ/d + 0.1 I}, as rows. */
    private static List<double[][]> matrices(int count, int d, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<double[][]> out = new ArrayList<>();
        for (int t = 0; t < count; t++) {
            double[][] a = new double[d][d];
            for (double[] row : a) {
                for (int j = 0; j < d; j++) {
                    row[j] = rng.nextGaussian();
                }
            }
            double[][] m = new double[d][d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j <= i; j++) {
                    double s = 0;
                    for (int k = 0; k < d; k++) {
                        s += a[i][k] * a[j][k];
                    }
                    m[i][j] = s / d + (i == j ? 0.1 : 0);
                    m[j][i] = m[i][j];
                }
            }
            out.add(m);
        }
        return out;
    }

    /** Writes {@code ms} as a sidecar (with its trailer), then sets entry [t][i][j] of the array to {@code v}. */
    private Path sidecar(String name, List<double[][]> ms, int[][] at, double[] values) throws IOException {
        Path car = tmp.resolve(name);
        CovarianceSidecar.write(car, ms.stream().map(SymmetricMatrix::of).toList());
        CovarianceSidecar.clear();
        int d = ms.get(0).length;
        byte[] bytes = Files.readAllBytes(car);
        long array = 8L * ms.size() * d * d;
        long trailer = d < SymmetricMatrix.EXTREMES_MIN_DIMENSION ? 8 + 8L * ms.size() * d : 8 + 16L * ms.size();
        int header = (int) (bytes.length - array - trailer);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < at.length; k++) {
            int[] p = at[k];
            b.putDouble(header + 8 * ((p[0] * d + p[1]) * d + p[2]), values[k]);
            ms.get(p[0])[p[1]][p[2]] = values[k];
        }
        Files.write(car, bytes);
        return car;
    }

    private Path problem(String name, String sidecar, int count, int d) throws IOException {
        StringBuilder sb = new StringBuilder("{\"format\": \"taskmix/problem-1\", \"name\": \"c\", \"dimension\": " + d
                + ", \"tasks\": [");
        for (int t = 0; t < count; t++) {
            sb.append(t == 0 ? "" : ", ").append("{\"name\": \"t").append(t).append("\", \"covariance\": {\"sidecar\": \"")
                    .append(sidecar).append("\", \"index\": ").append(t).append("}}");
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

    private String error(Path problem) {
        return assertThrows(InputException.class, () -> ProblemReader.read(problem)).getMessage();
    }

    @Test
    void aDefectiveMatrixGetsTheMessageOfTheRowsCheck() throws IOException {
        int d = 7;
        Object[][] defects = {
            {new int[] {1, 2, 3}, Double.NaN, "[2][3]: sidecar matrix 1: value NaN is not finite"},
            {new int[] {2, 0, 0}, Double.POSITIVE_INFINITY, "[0][0]: sidecar matrix 2: value Infinity is not finite"},
            {new int[] {1, 5, 4}, 3.5, "[4][5]: sidecar matrix 1: value "},
        };
        for (Object[] defect : defects) {
            List<double[][]> ms = matrices(3, d, 4);
            String name = "bad" + ((int[]) defect[0])[0] + ((int[]) defect[0])[1] + ".npy";
            sidecar(name, ms, new int[][] {(int[]) defect[0]}, new double[] {(double) defect[1]});
            Path p = problem(name + ".json", name, 3, d);
            int t = ((int[]) defect[0])[0];
            MatrixCheck check = MatrixCheck.check(ms.get(t));
            String want = p + ": tasks[" + t + "].covariance" + check.path() + ": sidecar matrix " + t + ": "
                    + check.message();
            String got = error(p);
            assertEquals(want, got);
            assertTrue(got.startsWith(p + ": tasks[" + t + "].covariance" + defect[2]), got);
        }
        String asym = error(tmp.resolve("bad15.npy.json"));
        assertTrue(asym.contains("differs from [5][4] = ") && asym.endsWith("by more than 1.0E-9 relative to the"
                + " largest entry; a covariance must be symmetric"), asym);
    }

    /** The first of several defects in one matrix, by the row walk: not the first a tiled walk meets. */
    @Test
    void theFirstDefectInRowOrderIsNamed() throws IOException {
        int d = 130;
        List<double[][]> ms = matrices(1, d, 8);
        // A 64-wide tiled walk meets [70][1] (as the transpose of [1][70]) before [2][100].
        sidecar("two.npy", ms, new int[][] {{0, 70, 1}, {0, 2, 100}}, new double[] {Double.NaN, Double.NEGATIVE_INFINITY});
        assertTrue(error(problem("two.json", "two.npy", 1, d)).contains(
                "tasks[0].covariance[2][100]: sidecar matrix 0: value -Infinity is not finite"));
    }

    /** Stored entries a few ulps from symmetric pass, and read as the rows would be: symmetrised. */
    @Test
    void entriesSymmetricWithinToleranceReadAsTheHeldMatrix() throws IOException {
        for (int d : new int[] {6, SymmetricMatrix.EXTREMES_MIN_DIMENSION}) {
            List<double[][]> ms = d < 100 ? matrices(3, d, 2) : List.of(diagonalPlusRankOne(d), diagonalPlusRankOne(d));
            double a = ms.get(1)[0][d - 1];
            String name = "near" + d + ".npy";
            sidecar(name, ms, new int[][] {{1, 0, d - 1}}, new double[] {Math.nextUp(Math.nextUp(a))});
            Problem p = ProblemReader.read(problem(name + ".json", name, ms.size(), d));
            for (int t = 0; t < ms.size(); t++) {
                SymmetricMatrix held = SymmetricMatrix.of(ms.get(t));
                SymmetricMatrix ext = p.catalog().task(t).covariance();
                assertTrue(ext.isExternal());
                assertEquals(held, ext, "task " + t + " at d = " + d);
                assertEquals(Double.doubleToRawLongBits(held.trace()), Double.doubleToRawLongBits(ext.trace()));
                assertEquals(Double.doubleToRawLongBits(held.dot(held)), Double.doubleToRawLongBits(ext.dot(ext)));
                assertArrayEquals(held.extremeEigenvalues(), ext.extremeEigenvalues());
            }
            assertEquals(0, CovarianceSpecs.idleBuffers(), "buffers dropped once the file is read");
        }
    }

    private static double[][] diagonalPlusRankOne(int d) {
        double[][] m = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                m[i][j] = (i == j ? 1 + (i * 31 % d) * 0.1 : 0) + 0.2 * Math.sin(i + 1.0) * Math.sin(j + 1.0);
            }
        }
        return m;
    }

    /** Each task of a parallel read is checked in a buffer of its own, then gets its own entries. */
    @Test
    void manyTasksReadInParallelEachKeepTheirOwnEntries() throws IOException {
        int d = 9;
        int count = 64;
        List<double[][]> ms = matrices(count, d, 12);
        sidecar("many.npy", ms, new int[0][], new double[0]);
        for (int rep = 0; rep < 2; rep++) {
            Problem p = ProblemReader.read(problem("many.json", "many.npy", count, d));
            for (int t = 0; t < count; t++) {
                SymmetricMatrix held = SymmetricMatrix.of(ms.get(t));
                assertEquals(held, p.catalog().task(t).covariance(), "task " + t);
                assertArrayEquals(held.eigenvalues(), p.catalog().task(t).covariance().eigenvalues(), "task " + t);
            }
        }
    }

    /** The scale rule sees the sidecar matrix's diagonal as before, with the same message. */
    @Test
    void aSidecarMatrixOutsideTheScaleWindowIsRefusedAsBefore() throws IOException {
        int d = 5;
        List<double[][]> ms = matrices(2, d, 6);
        for (double[] row : ms.get(1)) {
            for (int j = 0; j < d; j++) {
                row[j] *= 1e120;
            }
        }
        sidecar("big.npy", ms, new int[0][], new double[0]);
        Path p = problem("big.json", "big.npy", 2, d);
        double max = 0;
        for (int i = 0; i < d; i++) {
            max = Math.max(max, Math.abs(SymmetricMatrix.of(ms.get(1)).get(i, i)));
        }
        assertEquals(p + ": tasks[1].covariance: largest variance " + max + " lies outside [1.0E-100, 1.0E100], where"
                + " double arithmetic overflows or underflows; multiply every covariance in the problem by 1.0E-120"
                + " (the predictions do not change under a common scale)", error(p));
    }
}
