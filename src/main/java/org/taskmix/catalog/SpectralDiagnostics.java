package org.taskmix.catalog;

import org.taskmix.linalg.SymmetricMatrix;

/**
 * Spectral summary of one covariance (docs/theory.md §1).
 *
 * @param eigenvalues       eigenvalues ascending (a copy is returned by the accessor); only
 *                          {@code {λ_min, λ_max}} when the matrix's spectrum is not known
 *                          ({@link SymmetricMatrix#spectrumKnown()}: d ≥ 1024, docs/theory.md §8)
 * @param trace             {@code tr(Λ)}
 * @param lambdaMin         smallest eigenvalue
 * @param lambdaMax         largest eigenvalue
 * @param singular          true if {@code λ_min ≤ SINGULAR_TOLERANCE · λ_max}
 * @param hardness          {@code tr(Λ)/λ_min}; {@link Double#POSITIVE_INFINITY} if singular
 * @param hardnessOnSupport {@code tr(Λ)/λ_min⁺} with {@code λ_min⁺} the smallest eigenvalue above the
 *                          singular threshold (equals {@code hardness} when not singular)
 * @param condition         {@code λ_max/λ_min}; infinite if singular
 * @param effectiveRank     {@code tr(Λ)²/tr(Λ²)}
 * @param rank              number of eigenvalues above the singular threshold
 */
public record SpectralDiagnostics(double[] eigenvalues, double trace, double lambdaMin, double lambdaMax,
                                  boolean singular, double hardness, double hardnessOnSupport,
                                  double condition, double effectiveRank, int rank) {

    /**
     * An eigenvalue at most this fraction of {@code λ_max} counts as zero. A double-precision
     * symmetric eigensolver resolves eigenvalues to about {@code d·ε·λ_max} (≈1e-14 for d ≤ 100);
     * 1e-12 leaves two orders of margin, so a rank-deficient sample covariance reads as singular.
     */
    public static final double SINGULAR_TOLERANCE = 1e-12;

    public SpectralDiagnostics {
        eigenvalues = eigenvalues.clone();
    }

    @Override
    public double[] eigenvalues() {
        return eigenvalues.clone();
    }

    /**
     * Computes the diagnostics of {@code m}. When only its extremes are known (a positive definite
     * matrix of d ≥ 1024, whose smallest eigenvalue is above 1e-9·λ_max, so it is not singular and
     * has full rank), the trace is summed from the diagonal and {@code tr(Λ²)} is the squared
     * Frobenius norm: the same quantities as the spectrum's sums, up to rounding.
     */
    public static SpectralDiagnostics of(SymmetricMatrix m) {
        if (!m.spectrumKnown()) {
            double[] ext = m.extremeEigenvalues();
            double trace = m.trace();
            double sumSq = m.dot(m);
            double effRank = sumSq == 0 ? 0 : trace * trace / sumSq;
            return new SpectralDiagnostics(ext, trace, ext[0], ext[1], false, trace / ext[0], trace / ext[0],
                    ext[1] / ext[0], effRank, m.dim());
        }
        double[] ev = m.eigenvalues();
        int d = ev.length;
        double min = ev[0];
        double max = ev[d - 1];
        double trace = 0;
        double sumSq = 0;
        for (double v : ev) {
            trace += v;
            sumSq += v * v;
        }
        double threshold = SINGULAR_TOLERANCE * Math.max(Math.abs(max), Double.MIN_NORMAL);
        boolean singular = min <= threshold;
        int rank = 0;
        double minPositive = Double.NaN;
        for (double v : ev) {
            if (v > threshold) {
                rank++;
                if (Double.isNaN(minPositive)) {
                    minPositive = v;
                }
            }
        }
        double hardness = singular ? Double.POSITIVE_INFINITY : trace / min;
        double onSupport = rank == 0 ? Double.POSITIVE_INFINITY : trace / minPositive;
        double condition = singular ? Double.POSITIVE_INFINITY : max / min;
        double effRank = sumSq == 0 ? 0 : trace * trace / sumSq;
        return new SpectralDiagnostics(ev, trace, min, max, singular, hardness, onSupport, condition, effRank, rank);
    }
}
