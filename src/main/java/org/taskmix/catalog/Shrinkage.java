package org.taskmix.catalog;

import java.util.Locale;

import org.taskmix.linalg.SymmetricMatrix;

/**
 * Shrinkage of a sample covariance towards a multiple of the identity, and the rule that says
 * when a raw estimate's hardness cannot be trusted. See docs/theory.md, section 8 "Estimating
 * covariances from embeddings".
 *
 * <p>Why it matters here: hardness is {@code tr(Λ)/λ_min(Λ)}, and sampling noise spreads the
 * eigenvalues of a sample covariance (Marchenko–Pastur), pushing the smallest one down, so a raw
 * estimate's hardness is biased upwards by a factor of roughly {@code 1/(1 − √(d/N))²} for
 * well-conditioned Λ. Shrinking {@code Ŝ} towards {@code (tr Ŝ / d)·I} lifts the small
 * eigenvalues back and cuts that bias, at the price of a small bias of its own.
 */
public final class Shrinkage {

    /**
     * Below this many samples per dimension the raw hardness is flagged. At N/d = 100 the
     * Marchenko–Pastur edge puts λ_min of a well-conditioned Λ about 2/√100 = 20% low, which is
     * the size of the 19% bias seen at N = 5,000, d = 50; below 100 the bias only grows.
     */
    public static final double MIN_SAMPLES_PER_DIMENSION = 100;

    /** How the estimate is shrunk. */
    public enum Method {
        /** The raw sample covariance (or second moment), as read. */
        NONE,
        /**
         * Oracle Approximating Shrinkage (Chen, Wiesel, Eldar and Hero, IEEE TSP 2010, eq. 23),
         * derived for Gaussian samples, which is the model's assumption {@code x ~ N(0, Λ)}. It
         * needs only {@code Ŝ} and N, so it costs no extra pass over the data.
         */
        OAS;

        /** Parses {@code none} or {@code oas} (any case). */
        public static Method parse(String text) {
            try {
                return valueOf(text.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("value \"" + text + "\" must be one of none, oas");
            }
        }

        /** The lower-case name used on the command line and in JSON. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A shrunk estimate.
     *
     * @param covariance {@code (1 − ρ)·Ŝ + ρ·(tr Ŝ / d)·I}
     * @param intensity  ρ in [0, 1] (0 for {@link Method#NONE})
     */
    public record Result(SymmetricMatrix covariance, double intensity) {
    }

    private Shrinkage() {
    }

    /**
     * Shrinks {@code s}, estimated from {@code samples} independent rows.
     *
     * @param samples effective sample count: N for the uncentred second moment, N − 1 for the
     *                centred covariance (one degree of freedom goes to the mean)
     */
    public static Result apply(SymmetricMatrix s, double samples, Method method) {
        if (method == Method.NONE) {
            return new Result(s, 0);
        }
        if (!(samples >= 1)) {
            throw new IllegalArgumentException("shrinkage needs at least one sample, got " + samples);
        }
        double rho = oasIntensity(s, samples);
        return new Result(toward(s, rho), rho);
    }

    /**
     * OAS intensity {@code ρ = min(1, ((1 − 2/d)·tr(Ŝ²) + tr²(Ŝ)) / ((N + 1 − 2/d)·(tr(Ŝ²) − tr²(Ŝ)/d)))};
     * 1 when {@code Ŝ} is already a multiple of the identity (the denominator vanishes).
     */
    public static double oasIntensity(SymmetricMatrix s, double samples) {
        int d = s.dim();
        double tr = s.trace();
        double tr2 = s.dot(s);
        double num = (1 - 2.0 / d) * tr2 + tr * tr;
        double den = (samples + 1 - 2.0 / d) * (tr2 - tr * tr / d);
        if (!(den > 0)) {
            return 1;
        }
        return Math.min(1, num / den);
    }

    /** {@code (1 − ρ)·s + ρ·(tr s / d)·I}. */
    public static SymmetricMatrix toward(SymmetricMatrix s, double rho) {
        int d = s.dim();
        double mu = s.trace() / d;
        double[][] a = s.toArray();
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                a[i][j] *= 1 - rho;
            }
            a[i][i] += rho * mu;
        }
        return SymmetricMatrix.of(a);
    }

    /**
     * The basic (reverse-percentile) bootstrap for a hardness {@code h} whose redraws have
     * quantiles {@code q05, q50, q95}: the redraws show how far sampling moves the hardness from
     * the matrix they were drawn from (upwards, as λ_min is pushed down), and the same shift is
     * taken back off the estimate, so {@code {2h − q95, 2h − q50, 2h − q05}} is a 90% interval
     * with its bias-corrected centre {@code 2h − q50} (docs/theory.md section 8). Hardness is at
     * least {@code d}, so every value is clamped there; an infinite redraw gives an interval
     * down to {@code d}.
     *
     * @return {low, bias-corrected, high}
     */
    public static double[] basicInterval(double h, double q05, double q50, double q95, int d) {
        if (!Double.isFinite(h)) {
            return new double[] {d, h, h};
        }
        return new double[] {Math.max(d, 2 * h - q95), Math.max(d, 2 * h - q50), Math.max(d, 2 * h - q05)};
    }

    /**
     * The warning for an estimate from {@code samples} rows in {@code d} dimensions, or null when
     * {@code samples/d ≥} {@link #MIN_SAMPLES_PER_DIMENSION}.
     */
    public static String samplesWarning(long samples, int d) {
        double ratio = (double) samples / d;
        if (ratio >= MIN_SAMPLES_PER_DIMENSION) {
            return null;
        }
        double edge = Math.min(1, Math.sqrt((double) d / samples));
        return String.format(Locale.ROOT, "%d samples for d = %d (%.1f per dimension, below %.0f): the smallest"
                + " eigenvalue, and so the hardness, is unreliable (for a well-conditioned covariance lambda_min is"
                + " about %.0f%% low); use --shrinkage oas and check --bootstrap", samples, d, ratio,
                MIN_SAMPLES_PER_DIMENSION, 100 * (1 - (1 - edge) * (1 - edge)));
    }
}
