package org.taskmix.validation;

import java.util.Arrays;
import java.util.Objects;

import org.taskmix.catalog.Relevance;
import org.taskmix.linalg.SymmetricMatrix;

/**
 * Where the examples {@code x} of a prompt come from (docs/theory.md §9, "Empirical features"):
 * one feature distribution per component (a mixture's tasks, or the one target).
 *
 * <p>The kernels that consume a prompt work on a buffer {@code z} and a matrix root {@code A}
 * and use the examples {@code x_e = A z_e}:
 * <ul>
 *   <li>{@link Gaussian}: {@code z ~ N(0, I)} and {@code A = Λ^{1/2}}, so {@code x ~ N(0, Λ)}, the
 *       model the theory is derived for;</li>
 *   <li>{@link Empirical}: {@code z} = rows drawn with replacement (a bootstrap) from the
 *       component's own sample rows and {@code A = I}, so the model meets the real, possibly
 *       non-Gaussian, features whose second moment the catalog estimated.</li>
 * </ul>
 * The task vector {@code w} is drawn by the caller ({@code N(0, I_d)} either way).
 */
public abstract sealed class PromptSource permits PromptSource.Gaussian, PromptSource.Empirical {

    final int d;

    private PromptSource(int d) {
        this.d = d;
    }

    /** Feature dimension {@code d}. */
    public final int d() {
        return d;
    }

    /** Number of components (distributions) this source draws from. */
    public abstract int components();

    /**
     * Writes {@code n} examples of component {@code j} into {@code z}: row-major ({@code z[e·d + a]})
     * or, with {@code featureMajor}, {@code z[a·n + e]}.
     */
    abstract void examples(FastRandom rng, int j, double[] z, int n, boolean featureMajor);

    /** The root {@code A} of component {@code j}: length {@code d} if {@link #diagonal}, else {@code d²}. */
    abstract double[] root(int j);

    /** True if component {@code j}'s root is diagonal (applied in {@code O(d)}). */
    abstract boolean diagonal(int j);

    /** A short name for outputs: {@code gaussian} or {@code empirical}. */
    public abstract String kind();

    /** Gaussian features {@code x = Λ_j^{1/2} z}, {@code z ~ N(0, I)}: the theory's model. */
    public static final class Gaussian extends PromptSource {
        private final double[][] roots;
        private final boolean[] diagonal;

        Gaussian(int d, double[][] roots, boolean[] diagonal) {
            super(d);
            this.roots = roots;
            this.diagonal = diagonal;
        }

        /** One component with covariance {@code Λ} (e.g. a target's {@code Σ}). */
        public static Gaussian of(SymmetricMatrix lambda) {
            boolean diag = Relevance.isDiagonal(lambda);
            double[] root = diag ? TrainingMixture.diagonalRoot(lambda) : TrainingMixture.squareRoot(lambda);
            return new Gaussian(lambda.dim(), new double[][] {root}, new boolean[] {diag});
        }

        @Override
        public int components() {
            return roots.length;
        }

        @Override
        void examples(FastRandom rng, int j, double[] z, int n, boolean featureMajor) {
            // Independent normals: the layout does not change the distribution, and filling in
            // buffer order keeps the draws exactly those of the kernels before this class existed.
            rng.fillGaussian(z, 0, n * d);
        }

        @Override
        double[] root(int j) {
            return roots[j];
        }

        @Override
        boolean diagonal(int j) {
            return diagonal[j];
        }

        @Override
        public String kind() {
            return "gaussian";
        }
    }

    /**
     * Empirical features: each example is a row drawn uniformly with replacement from the
     * component's sample rows (already centred as the estimator centred them, if it did).
     */
    public static final class Empirical extends PromptSource {
        private final double[][] rows;
        private final int[] count;
        private final double[] identity;

        private Empirical(int d, double[][] rows) {
            super(d);
            this.rows = rows;
            this.count = new int[rows.length];
            for (int j = 0; j < rows.length; j++) {
                count[j] = rows[j].length / d;
            }
            this.identity = new double[d];
            Arrays.fill(identity, 1.0);
        }

        /**
         * Sources with the given rows per component.
         *
         * @param d    feature dimension
         * @param rows per component, row-major {@code rows × d} (not copied; not modified)
         * @throws IllegalArgumentException if a component has no row or a ragged length
         */
        public static Empirical of(int d, double[][] rows) {
            Objects.requireNonNull(rows, "rows");
            if (d < 1) {
                throw new IllegalArgumentException("d: value " + d + " must be >= 1");
            }
            for (int j = 0; j < rows.length; j++) {
                if (rows[j] == null || rows[j].length == 0 || rows[j].length % d != 0) {
                    throw new IllegalArgumentException("rows[" + j + "]: " + (rows[j] == null ? 0 : rows[j].length)
                            + " values; need a positive multiple of d = " + d);
                }
            }
            return new Empirical(d, rows.clone());
        }

        /** The component's rows, as given (row-major). */
        public double[] rows(int j) {
            return rows[j];
        }

        /** This source restricted to components {@code index[0], index[1], …}, in that order. */
        public Empirical select(int[] index) {
            double[][] out = new double[index.length][];
            for (int i = 0; i < index.length; i++) {
                out[i] = rows[index[i]];
            }
            return new Empirical(d, out);
        }

        @Override
        public int components() {
            return rows.length;
        }

        @Override
        void examples(FastRandom rng, int j, double[] z, int n, boolean featureMajor) {
            double[] r = rows[j];
            long size = count[j];
            for (int e = 0; e < n; e++) {
                // Uniform index from the top 31 bits: bias at most size / 2^31 (< 1e-3 for a
                // million rows), far below the bootstrap's own sampling noise.
                int row = (int) (((rng.nextLong() >>> 33) * size) >>> 31);
                int from = row * d;
                if (featureMajor) {
                    for (int a = 0; a < d; a++) {
                        z[a * n + e] = r[from + a];
                    }
                } else {
                    System.arraycopy(r, from, z, e * d, d);
                }
            }
        }

        @Override
        double[] root(int j) {
            return identity;
        }

        @Override
        boolean diagonal(int j) {
            return true;
        }

        @Override
        public String kind() {
            return "empirical";
        }
    }
}
