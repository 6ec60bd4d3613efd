package org.taskmix.catalog;

import java.util.Random;

import org.taskmix.linalg.SymmetricMatrix;

/** An in-memory, random-access {@link RowSource} for tests, fed in blocks of a chosen size. */
public final class MemoryRows implements RowSource {

    private final double[] data;
    private final int d;
    private final int blockRows;

    /** Rows of {@code data} (row-major, {@code d} columns), handed out {@code blockRows} at a time. */
    public MemoryRows(double[] data, int d, int blockRows) {
        this.data = data;
        this.d = d;
        this.blockRows = blockRows;
    }

    /**
     * {@code n} Gaussian samples with covariance {@code cov}: {@code x = C z} with {@code C} the
     * symmetric square root of {@code cov} and {@code z} standard normal from {@code seed}.
     */
    public static double[] gaussian(SymmetricMatrix cov, int n, long seed) {
        int d = cov.dim();
        double[][] root = cov.eigen().apply(v -> Math.sqrt(Math.max(v, 0))).toArray();
        Random rng = new Random(seed);
        double[] out = new double[n * d];
        double[] z = new double[d];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < d; i++) {
                z[i] = rng.nextGaussian();
            }
            for (int i = 0; i < d; i++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    s += root[i][j] * z[j];
                }
                out[r * d + i] = s;
            }
        }
        return out;
    }

    @Override
    public int dim() {
        return d;
    }

    @Override
    public long rows() {
        return data.length / d;
    }

    @Override
    public boolean randomAccess() {
        return true;
    }

    @Override
    public void readAll(Sink sink) {
        read(0, rows(), sink);
    }

    @Override
    public void read(long first, long count, Sink sink) {
        double[] buf = new double[blockRows * d];
        for (long r = first; r < first + count; ) {
            int k = (int) Math.min(blockRows, first + count - r);
            System.arraycopy(data, (int) (r * d), buf, 0, k * d);
            sink.accept(buf, k);
            r += k;
        }
    }
}
