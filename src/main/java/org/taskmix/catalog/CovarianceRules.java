package org.taskmix.catalog;

import org.taskmix.linalg.SymmetricMatrix;

/**
 * The rules a covariance must meet, as messages rather than exceptions so that readers can
 * prefix the file and field path.
 */
public final class CovarianceRules {

    /**
     * A negative eigenvalue down to {@code −PSD_TOLERANCE · λ_max} is accepted as rounding (a
     * sample covariance of rank-deficient data, or a matrix printed to 10 digits, lands there);
     * anything more negative is a matrix that is not a covariance.
     */
    public static final double PSD_TOLERANCE = 1e-10;

    private CovarianceRules() {
    }

    /**
     * Null if {@code m} is positive semidefinite within tolerance, else the rule broken. The
     * extremes come from {@link SymmetricMatrix#extremeEigenvalues()}: the full spectrum below
     * d = {@value SymmetricMatrix#EXTREMES_MIN_DIMENSION}; from there on a Cholesky factor (which
     * exists only for a positive definite matrix, so it alone settles acceptance) and Lanczos runs,
     * with the full spectrum again when the factor fails, so a rejection and its message are exact
     * (docs/theory.md §8, "d = 4096").
     */
    public static String psdViolation(SymmetricMatrix m) {
        double[] ev = m.extremeEigenvalues();
        double min = ev[0];
        double max = ev[1];
        double scale = Math.max(Math.abs(max), Math.abs(min));
        if (min < -PSD_TOLERANCE * scale) {
            return "smallest eigenvalue " + min + " is negative (below -" + PSD_TOLERANCE
                    + " x largest |eigenvalue|); a covariance must be positive semidefinite";
        }
        return null;
    }

    /** Null if {@code m} is positive definite (usable as a target), else the rule broken. */
    public static String targetViolation(SymmetricMatrix m) {
        String psd = psdViolation(m);
        if (psd != null) {
            return psd;
        }
        SpectralDiagnostics diag = SpectralDiagnostics.of(m);
        if (diag.singular()) {
            return "target covariance is singular (smallest eigenvalue " + diag.lambdaMin() + ", largest "
                    + diag.lambdaMax() + "); the selection program needs the inverse of the target covariance,"
                    + " so the target must be positive definite";
        }
        return null;
    }
}
