package org.taskmix.validation;

import java.util.Arrays;

import org.taskmix.linalg.Dots;

/**
 * Products {@code S x_1, S x_2, …} of a whitened Wishart matrix {@code S = Σ_{e<n} z_e z_eᵀ}
 * ({@code z_e ~ N(0, I_d)} i.i.d.) with a sequence of vectors, where each {@code x_j} may depend
 * on the earlier products, drawing only the part of {@code S} the products reveal
 * (docs/theory.md §9.2, "lazy Bartlett columns").
 *
 * <p>Bartlett's decomposition ({@link Wishart}) in an orthonormal basis {@code q_0, q_1, …}
 * chosen on the way: {@code q_j} is the part of {@code x_j} orthogonal to the earlier
 * directions. Column {@code j} of the Bartlett factor, as a vector of {@code R^d}, is
 * {@code c_j = L_jj q_j + g_j} with {@code L_jj² ~ χ²_{n−j}} and {@code g_j} a standard normal
 * projected onto the complement of {@code q_0..q_j}; its entries along later directions are
 * {@code L_lj = q_l·c_j}. Then {@code S q_l = Σ_{j≤l} L_lj c_j}. The law is exact: given the
 * first {@code j} columns, what remains of {@code S} is {@code Wishart_{d−j}(n−j)} on the
 * complement of {@code q_0..q_{j−1}}, independent of them, so the next direction may be any
 * function of the products seen so far (it is the same argument that proves Bartlett's theorem
 * column by column). Columns beyond {@code n} are zero (rank {@code n}).
 *
 * <p>Cost of {@code J} products: {@code J·d} normals and {@code J} chi-squares instead of the
 * {@code d(d−1)/2 + d} draws of a full factor or the {@code n·d} of the examples, and
 * {@code O(J²·d)} arithmetic instead of {@code O(d²)} or {@code O(n·d)} per product. A training
 * prompt needs {@code J = 2}, a chain of thought of {@code k} steps {@code J = k + 1}.
 */
final class LazyWishart {

    /**
     * With all directions used, a rest of {@code x} below this fraction of {@code |x|} is
     * rounding (two Gram–Schmidt passes leave ~1e-16); a larger rest is a caller's error.
     */
    private static final double SPAN_TOLERANCE = 1e-10;

    private final int d;
    /** Directions this sampler holds: {@code min(d, products per prompt)}. */
    private final int capacity;
    private final int products;
    /** Rows: the orthonormal directions {@code q_j}. */
    private final double[] q;
    /** Rows: the Bartlett columns {@code c_j} in {@code R^d}. */
    private final double[] col;
    /** {@code lower[l·capacity + j] = L_lj} for {@code j ≤ l}. */
    private final double[] lower;
    private final double[] coef;
    private final double[] dots;
    private final double[] r;
    /** Marsaglia–Tsang constants of {@code χ²_{n−j}} (as {@code 2·Γ((n−j)/2)}) per column. */
    private final double[] shift;
    private final double[] scale;
    private int n = -1;
    private int count;

    /**
     * A sampler for prompts in dimension {@code d} with at most {@code products} products each
     * (more would need more directions than it holds, unless they span all of {@code R^d}).
     */
    LazyWishart(int d, int products) {
        if (d < 1 || products < 1) {
            throw new IllegalArgumentException("d and products must be >= 1, got " + d + ", " + products);
        }
        this.d = d;
        this.products = products;
        this.capacity = Math.min(d, products);
        this.q = new double[capacity * d];
        this.col = new double[capacity * d];
        this.lower = new double[capacity * capacity];
        this.coef = new double[capacity];
        this.dots = new double[capacity];
        this.r = new double[d];
        this.shift = new double[capacity];
        this.scale = new double[capacity];
    }

    /** The number of products per draw this sampler was made for. */
    int products() {
        return products;
    }

    /** Starts a new draw of {@code S} with {@code n ≥ 1} examples. */
    void reset(int examples) {
        if (examples < 1) {
            throw new IllegalArgumentException("n: value " + examples + " must be >= 1");
        }
        if (examples != n) {
            n = examples;
            for (int j = 0; j < capacity; j++) {
                int df = n - j;
                shift[j] = df >= 2 ? 0.5 * df - 1.0 / 3 : 0;
                scale[j] = df >= 2 ? 1 / Math.sqrt(9 * shift[j]) : 0;
            }
        }
        count = 0;
    }

    /** Directions drawn so far for the current {@code S}. */
    int directions() {
        return count;
    }

    /** Test access: the Bartlett column {@code c_j} ({@code d} entries at {@code j·d}) of the current draw. */
    double[] columns() {
        return col;
    }

    /** {@code out[0..d) = S x} for {@code x[0..d)}, drawing a new column if {@code x} leaves the span so far. */
    void times(FastRandom rng, double[] x, double[] out) {
        System.arraycopy(x, 0, r, 0, d);
        Arrays.fill(coef, 0.0);
        // Classical Gram–Schmidt twice ("twice is enough"): the directions stay orthonormal to
        // rounding even when x lies nearly in their span (late CoT steps); classical, so the
        // subtraction runs as rank-4 updates.
        project(r, 0, count, coef);
        project(r, 0, count, coef);
        double beta = Math.sqrt(Dots.dot4(r, 0, r, 0, d));
        if (count < capacity && beta > 0) {
            coef[count] = beta;
            addDirection(rng, beta);
        } else if (count < d && beta > SPAN_TOLERANCE * Math.sqrt(Dots.dot4(x, 0, x, 0, d))) {
            throw new IllegalStateException("more products than the " + capacity + " this sampler was made for");
        }
        // S x = Σ_l a_l S q_l = Σ_j c_j (Σ_{l≥j} a_l L_lj); beyond d directions x has no rest.
        Arrays.fill(out, 0, d, 0.0);
        for (int j = 0; j < count; j++) {
            double sum = 0;
            for (int l = j; l < count; l++) {
                sum += coef[l] * lower[l * capacity + j];
            }
            dots[j] = sum;
        }
        Kernels.combine(dots, 0, count, col, d, out, 0, d);
    }

    /**
     * {@code v[off..off+d) −= Σ_{l<upto} (q_l·v) q_l} (the projections all from the same
     * {@code v}), adding the coefficients to {@code acc} if it is not null.
     */
    private void project(double[] v, int off, int upto, double[] acc) {
        for (int l = 0; l < upto; l++) {
            double a = Dots.dot4(q, l * d, v, off, d);
            if (acc != null) {
                acc[l] += a;
            }
            dots[l] = -a;
        }
        Kernels.combine(dots, 0, upto, q, d, v, off, d);
    }

    /** Adds {@code q = r / beta} and draws its Bartlett column. */
    private void addDirection(FastRandom rng, double beta) {
        int j = count;
        int off = j * d;
        double inv = 1 / beta;
        for (int i = 0; i < d; i++) {
            q[off + i] = r[i] * inv;
        }
        for (int i = 0; i < j; i++) {
            lower[j * capacity + i] = Dots.dot4(q, off, col, i * d, d);
        }
        int df = n - j;
        if (df <= 0) {
            // Rank n reached: S is zero on the complement of the first n directions.
            Arrays.fill(col, off, off + d, 0.0);
            lower[j * capacity + j] = 0;
            count++;
            return;
        }
        double chi2;
        if (df == 1) {
            double z = rng.nextGaussian();
            chi2 = z * z;
        } else {
            chi2 = 2 * Wishart.gamma(rng, shift[j], scale[j]);
        }
        double diag = Math.sqrt(chi2);
        if (j + 1 < d) {
            // g: a standard normal on the complement of q_0..q_j.
            rng.fillGaussian(col, off, off + d);
            project(col, off, j + 1, null);
        } else {
            Arrays.fill(col, off, off + d, 0.0); // the complement is empty
        }
        Kernels.axpy(diag, q, off, col, off, d);
        lower[j * capacity + j] = diag;
        count++;
    }
}
