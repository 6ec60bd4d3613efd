import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.taskmix.linalg.RankKUpdate;

/**
 * Accuracy of the covariance kernel (docs/benchmarks.md "Covariance kernel"): on the first N rows
 * of a float32 (rows, d) NPY file (gram_peer.py make), the relative Frobenius difference
 * (upper triangle, off-diagonal entries counted twice) between
 *   new:   RankKUpdate (blocks of 128 rows, fused multiply-add chain per entry);
 *   old:   the kernel before it (blocks of 64 rows, ((a0·y0 + a1·y1) + a2·y2) + a3·y3 per group
 *          of four rows added to the accumulator), restated here in scalar form;
 *   exact: with REF, Neumaier-compensated sums of the exact products (float32 × float32 is exact
 *          in double), about 1e-16 relative (slow: d²/2 compensated adds per row).
 * All three sum chunks of 65,536 rows separately and add them in row order, as the estimator does.
 *
 *   java --add-modules jdk.incubator.vector -cp target/taskmix.jar src/bench/numpy/KernelAccuracy.java x768.npy 1000000 [REF]
 */
public class KernelAccuracy {

    static final int CHUNK = 1 << 16;

    public static void main(String[] a) throws IOException {
        Path file = Path.of(a[0]);
        int n = Integer.parseInt(a[1]);
        boolean ref = a.length > 2;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate(128);
            ch.read(head, 0);
            String h = new String(head.array(), 10, 118, java.nio.charset.StandardCharsets.ISO_8859_1);
            int d = Integer.parseInt(h.replaceAll("(?s).*'shape': \\(\\d+, (\\d+)\\).*", "$1"));
            int offset = 10 + (head.get(8) & 0xff) + ((head.get(9) & 0xff) << 8);
            FloatBuffer fb = null;
            double[][] newT = new double[d][d], oldT = new double[d][d], refT = ref ? new double[d][d] : null;
            double[][] newC = new double[d][d], oldC = new double[d][d], hi = new double[d][d], lo = new double[d][d];
            RankKUpdate kernel = RankKUpdate.create(d, 128);
            double[][] b64 = new double[64][d], b128 = new double[128][d];
            float[] row = new float[d];
            for (int r = 0; r < n; r++) {
                if (r % CHUNK == 0) {
                    // One mapping per chunk: a mapping cannot exceed 2 GB.
                    long rows = Math.min(CHUNK, n - r);
                    fb = ch.map(FileChannel.MapMode.READ_ONLY, offset + (long) r * d * 4, rows * d * 4)
                            .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
                }
                fb.get(row);
                for (int c = 0; c < d; c++) {
                    b64[r % 64][c] = row[c];
                    b128[r % 128][c] = row[c];
                }
                boolean chunkEnd = (r + 1) % CHUNK == 0 || r + 1 == n;
                if (r % 64 == 63 || chunkEnd) {
                    oldKernel(b64, r % 64 + 1, d, oldC);
                }
                if (r % 128 == 127 || chunkEnd) {
                    kernel.update(b128, r % 128 + 1, newC, 2);
                }
                if (ref) {
                    compensated(row, d, hi, lo);
                }
                if (chunkEnd) {
                    addInto(newT, newC, d);
                    addInto(oldT, oldC, d);
                    if (ref) {
                        for (int i = 0; i < d; i++) {
                            for (int j = i; j < d; j++) {
                                hi[i][j] += lo[i][j];
                            }
                        }
                        addInto(refT, hi, d);
                        for (double[] l : lo) {
                            java.util.Arrays.fill(l, 0);
                        }
                    }
                }
            }
            System.out.printf("n = %d, d = %d, kernel %s: relative Frobenius difference new vs old %.3e%n",
                    n, d, kernel.name(), rel(newT, oldT, d));
            if (ref) {
                System.out.printf("old vs exact %.3e, new vs exact %.3e%n", rel(oldT, refT, d), rel(newT, refT, d));
            }
        }
    }

    /** The previous kernel's summation order (rows in groups of four, then leftovers one by one). */
    static void oldKernel(double[][] x, int k, int d, double[][] acc) {
        int groups = k & ~3;
        for (int i = 0; i < d; i++) {
            double[] c = acc[i];
            for (int r = 0; r < groups; r += 4) {
                double a0 = x[r][i], a1 = x[r + 1][i], a2 = x[r + 2][i], a3 = x[r + 3][i];
                for (int j = i; j < d; j++) {
                    c[j] += a0 * x[r][j] + a1 * x[r + 1][j] + a2 * x[r + 2][j] + a3 * x[r + 3][j];
                }
            }
            for (int r = groups; r < k; r++) {
                double v = x[r][i];
                for (int j = i; j < d; j++) {
                    c[j] += v * x[r][j];
                }
            }
        }
    }

    static void compensated(float[] row, int d, double[][] hi, double[][] lo) {
        for (int i = 0; i < d; i++) {
            double xi = row[i];
            double[] h = hi[i], l = lo[i];
            for (int j = i; j < d; j++) {
                double p = xi * row[j];
                double s = h[j] + p;
                l[j] += Math.abs(h[j]) >= Math.abs(p) ? (h[j] - s) + p : (p - s) + h[j];
                h[j] = s;
            }
        }
    }

    /** total += chunk (upper triangle), then chunk = 0. */
    static void addInto(double[][] total, double[][] chunk, int d) {
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                total[i][j] += chunk[i][j];
            }
            java.util.Arrays.fill(chunk[i], 0);
        }
    }

    static double rel(double[][] x, double[][] y, int d) {
        double num = 0, den = 0;
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                double w = i == j ? 1 : 2;
                double e = x[i][j] - y[i][j];
                num += w * e * e;
                den += w * y[i][j] * y[i][j];
            }
        }
        return Math.sqrt(num / den);
    }
}
