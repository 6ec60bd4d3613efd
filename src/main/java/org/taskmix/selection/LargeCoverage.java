package org.taskmix.selection;

import java.util.ArrayList;
import java.util.List;

import org.taskmix.catalog.Relevance;
import org.taskmix.catalog.Target;
import org.taskmix.linalg.Doubles;
import org.taskmix.linalg.LanczosExtremes;
import org.taskmix.linalg.SymmetricEigen;
import org.taskmix.linalg.SymmetricMatrix;

/**
 * {@link Explanation#coverage} from {@code d = SymmetricMatrix.EXTREMES_MIN_DIMENSION} on, where the
 * full eigendecomposition of {@code Σ^{-1/2} Λ̄ Σ^{-1/2}} with its vectors (about {@code 9d³} flops,
 * minutes at d = 4096) is out of reach: only the two extreme eigenpairs, by
 * {@link LanczosExtremes#extremePairs} (a Cholesky factor of {@code S + 0.1·I} and two Lanczos
 * runs). They are the most under-covered (or missing) and the most over-covered directions, the
 * two a curator acts on first, and they decide {@code coverageMissing} exactly ({@code μ_min <
 * 0.1}). The coverage's {@code eigenvalues} are then {@code {μ_min, μ_max}} and {@code uncovered}
 * lists those of the two outside the tolerance (docs/theory.md §8, "d = 4096").
 */
final class LargeCoverage {

    /**
     * Shift of the shift-invert run for {@code μ_min}: {@code S} is only semidefinite (a missing
     * skill is {@code μ = 0}), {@code S + 0.1·I} is definite; 0.1 is the missing threshold, so the
     * run separates best exactly where the question is asked.
     */
    static final double SHIFT = Explanation.MISSING_BELOW;

    private LargeCoverage() {
    }

    /** The coverage, or null if the extreme pairs cannot be found (then the caller's full path runs). */
    static Explanation.TargetCoverage of(Target target, SymmetricMatrix mix) {
        int d = mix.dim();
        SymmetricMatrix sigma = target.covariance();
        double[][] is = null; // Σ^{-1/2}, null when Σ is diagonal (then only its diagonal)
        double[] isDiag = new double[d];
        if (Relevance.isDiagonal(sigma)) {
            for (int i = 0; i < d; i++) {
                isDiag[i] = 1.0 / Math.sqrt(sigma.get(i, i));
            }
        } else {
            SymmetricEigen se = sigma.eigen();
            is = se.apply(v -> 1.0 / Math.sqrt(v)).toArray();
        }
        double[] s = whitened(mix, is, isDiag);
        LanczosExtremes.Pair[] pairs = LanczosExtremes.extremePairs(s, d, SHIFT,
                Runtime.getRuntime().availableProcessors());
        if (pairs == null) {
            return null;
        }
        double[] mu = {pairs[0].value(), pairs[1].value()};
        List<Explanation.Direction> dirs = new ArrayList<>();
        for (LanczosExtremes.Pair p : pairs) {
            if (Math.abs(1 - p.value()) > Explanation.COVERAGE_TOLERANCE) {
                double[] u = p.vector();
                double[] w = new double[d];
                double norm = 0;
                for (int i = 0; i < d; i++) {
                    double acc = 0;
                    if (is == null) {
                        acc = isDiag[i] * u[i];
                    } else {
                        for (int k = 0; k < d; k++) {
                            acc += is[i][k] * u[k];
                        }
                    }
                    w[i] = acc;
                    norm += acc * acc;
                }
                dirs.add(Explanation.direction(p.value(), w, Math.sqrt(norm)));
            }
        }
        dirs.sort((x, y) -> Double.compare(Math.abs(1 - y.eigenvalue()), Math.abs(1 - x.eigenvalue())));
        return new Explanation.TargetCoverage(target.name(), Doubles.of(mu), dirs, mu[0] < Explanation.MISSING_BELOW);
    }

    /**
     * {@code Σ^{-1/2} Λ̄ Σ^{-1/2}}, row-major and symmetrised: {@code O(d²)} for a diagonal
     * {@code Σ}, else two {@code d³} products.
     */
    private static double[] whitened(SymmetricMatrix mix, double[][] is, double[] isDiag) {
        int d = mix.dim();
        double[] s = new double[d * d];
        if (is == null) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    s[i * d + j] = isDiag[i] * mix.get(i, j) * isDiag[j];
                }
            }
            return s;
        }
        double[][] tmp = new double[d][d];
        double[][] prod = new double[d][d];
        Explanation.multiply(mix.toArray(), is, tmp);
        Explanation.multiply(is, tmp, prod);
        for (int i = 0; i < d; i++) {
            System.arraycopy(prod[i], 0, s, i * d, d);
        }
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                double v = 0.5 * (s[i * d + j] + s[j * d + i]);
                s[i * d + j] = v;
                s[j * d + i] = v;
            }
        }
        return s;
    }
}
