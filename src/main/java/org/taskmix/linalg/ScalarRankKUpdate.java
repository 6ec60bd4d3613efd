package org.taskmix.linalg;

/**
 * The plain-Java {@link RankKUpdate}: for each pair of accumulator rows {@code i, i+1}, two
 * scratch rows {@code s} are built by one {@code axpy} per sample row,
 * {@code s[j] = fma(x[r][i], x[r][j], s[j])}, over contiguous arrays (a loop shape the JIT's
 * superword pass vectorises), and then added to {@code C}. The scratch rows stay in the L1 cache
 * and the block of rows in L2. Same bits as the Vector API kernel (see {@link RankKUpdate}).
 */
final class ScalarRankKUpdate extends RankKUpdate {

    /** Accumulator rows per tile: each load of {@code x[r][j]} feeds two multiply-adds. */
    private static final int ROWS = 2;

    private double[][] x;

    ScalarRankKUpdate(int d, int maxRows) {
        super(d, maxRows);
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    protected void pack(double[][] rows, int k) {
        // Rows are used in place: they are already contiguous along j.
        this.x = rows;
    }

    @Override
    protected int rowsPerTile() {
        return ROWS;
    }

    @Override
    protected void updateTiles(int k, double[][] c, int lo, int hi) {
        double[] s0 = new double[d];
        double[] s1 = new double[d];
        for (int t = lo; t < hi; t++) {
            int i = t * ROWS;
            java.util.Arrays.fill(s0, i, d, 0.0);
            if (i + 1 >= d) {
                for (int r = 0; r < k; r++) {
                    double v = x[r][i];
                    s0[i] = Math.fma(v, v, s0[i]);
                }
                c[i][i] += s0[i];
                continue;
            }
            java.util.Arrays.fill(s1, i, d, 0.0);
            for (int r = 0; r < k; r++) {
                double[] y = x[r];
                double a = y[i];
                double b = y[i + 1];
                for (int j = i; j < d; j++) {
                    double v = y[j];
                    s0[j] = Math.fma(a, v, s0[j]);
                    s1[j] = Math.fma(b, v, s1[j]);
                }
            }
            double[] c0 = c[i];
            double[] c1 = c[i + 1];
            c0[i] += s0[i];
            for (int j = i + 1; j < d; j++) {
                c0[j] += s0[j];
                c1[j] += s1[j];
            }
        }
    }
}
