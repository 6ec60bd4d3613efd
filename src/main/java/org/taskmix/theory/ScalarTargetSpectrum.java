package org.taskmix.theory;

import java.util.List;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.taskmix.linalg.Gershgorin;
import org.taskmix.linalg.LanczosExtremes;
import org.taskmix.linalg.SymmetricMatrix;
import org.taskmix.linalg.TriangularSolve;

/**
 * The eigenvalues of {@code PΣ} when the target is {@code Σ = c·I} (e.g. {@code --target-identity}),
 * from one symmetric eigenvalue problem instead of the general one (docs/theory.md §8).
 *
 * <p>With {@code P = Λ̄M̄⁻¹} and {@code M̄ = LLᵀ}, {@code P = L S L⁻¹} for the symmetric
 * {@code S = L⁻¹Λ̄L⁻ᵀ}, so {@code PΣ = c·P} has the real eigenvalues {@code c·λ(S)}. {@code S}
 * costs one blocked triangular solve with {@code d} right-hand sides ({@code L⁻¹Λ̄} is kept
 * from the preconditioner's solve), and its
 * eigenvalues one symmetric tridiagonal reduction: at d = 768 about a tenth of the CPU time of
 * the Hessenberg QR iteration on {@code PΣ}, which EJML runs on one core. The general route gives
 * the same eigenvalues up to rounding, with imaginary parts of the order of its rounding where the
 * exact ones are zero; here they are exactly zero.
 */
final class ScalarTargetSpectrum {

    /**
     * From this dimension on the symmetric route is taken; below it the general eigensolver runs
     * as before, so the small problems of the examples and golden files keep their bits.
     */
    static final int MIN_DIM = Products.PARALLEL_DIM;

    private ScalarTargetSpectrum() {
    }

    /**
     * {@code c} if {@code sigma} is {@code c·I} with {@code c > 0} (every off-diagonal entry exactly
     * zero, every diagonal entry equal), else NaN.
     */
    static double scale(SymmetricMatrix sigma) {
        int d = sigma.dim();
        // Row by row: a copy of the whole matrix is 134 MB at d = 4096, twice per prediction.
        double[] row = new double[d];
        double c = sigma.get(0, 0);
        if (!(c > 0)) {
            return Double.NaN;
        }
        for (int i = 0; i < d; i++) {
            sigma.copyRow(i, row);
            for (int j = 0; j < d; j++) {
                if (row[j] != (i == j ? c : 0.0)) {
                    return Double.NaN;
                }
            }
        }
        return c;
    }

    /** True if the symmetric route applies to a target of this covariance. */
    static boolean applies(SymmetricMatrix sigma) {
        return sigma.dim() >= MIN_DIM && !Double.isNaN(scale(sigma));
    }

    /**
     * The eigenvalues of {@code c·P}, classified as {@link Overthinking#directions} does: all of them,
     * or from d = 1024 on only the two extremes when those prove that every direction is of their
     * kind ({@link #sameKindExtremes}).
     */
    static List<Overthinking.Direction> directions(Preconditioner.Solved solved, double c) {
        DMatrixRMaj s = similar(solved);
        if (s.numRows >= Products.LARGE_DIM) {
            List<Overthinking.Direction> extremes = sameKindExtremes(s, c);
            if (extremes != null) {
                return extremes;
            }
        }
        double[] lambda = SymmetricMatrix.of(s).eigenvalues();
        double[] re = new double[lambda.length];
        for (int i = 0; i < re.length; i++) {
            re[i] = c * lambda[i];
        }
        return Overthinking.classify(re, new double[re.length]);
    }

    /**
     * The two extreme directions if they prove how every direction behaves, else null. The
     * eigenvalues {@code μ = c·λ(S)} are real, non-negative and lie in {@code [μ_min, μ_max]}; on
     * the half-line {@code μ ≥ 0} each kind of {@link Overthinking#classify} is an interval
     * (stalls: {@code μ ≤ STALL_TOLERANCE}; shrinks: up to {@code 2 − GROWTH_TOLERANCE}; holds: within
     * {@code GROWTH_TOLERANCE} of 2; grows: beyond), so two extremes of one kind put every eigenvalue
     * in it. The extremes come from Lanczos on {@code S} and {@code S⁻¹} (docs/theory.md §8.1:
     * relative accuracy 1e-13), against a full tridiagonal reduction of {@code S} on one core, about
     * 40 s at d = 4096.
     *
     * <p>A crowded spectrum (all {@code d} eigenvalues within a few percent, as for a single task
     * whose second moment is dominated by {@code tr(Λ)/n·Λ}) keeps Lanczos from that accuracy within
     * its step limit. Then Gershgorin's discs of {@code S}, cut at 0, decide: if both ends of that
     * enclosure are of one kind, so is every eigenvalue, and the last Ritz values (inside the
     * spectrum's hull up to rounding, and clamped into the enclosure, so of that kind too; each
     * within its residual of an eigenvalue) are listed. Null when {@code S} is not numerically
     * positive definite or nearly singular, or neither proof holds: then the full spectrum decides.
     */
    static List<Overthinking.Direction> sameKindExtremes(DMatrixRMaj s, double c) {
        LanczosExtremes.Run run = LanczosExtremes.run(s.data, s.numRows, Products.threads());
        if (run.converged()) {
            return ofOneKind(run.min(), run.max(), c);
        }
        // Only a run that reached its step limit (NaN) is rescued; a nearly singular S (both runs
        // converged, μ_min below NEAR_SINGULAR·μ_max) still goes to the full spectrum.
        boolean stepLimit = Double.isNaN(run.min()) || Double.isNaN(run.max());
        if (!run.factored() || !stepLimit || !(run.ritzMin() > 0) || !(run.ritzMax() >= run.ritzMin())) {
            return null;
        }
        double[] disc = Gershgorin.bounds(s.data, s.numRows);
        double lo = Math.max(disc[0], 0.0);
        double hi = disc[1];
        if (ofOneKind(lo, hi, c) == null) {
            return null;
        }
        // Ritz values lie in the spectrum's hull up to rounding; clamped into the enclosure, they
        // are of its kind.
        return ofOneKind(Math.min(Math.max(run.ritzMin(), lo), hi), Math.min(Math.max(run.ritzMax(), lo), hi), c);
    }

    /** The directions {@code c·lo} and {@code c·hi}, classified, if they are of one kind; else null. */
    private static List<Overthinking.Direction> ofOneKind(double lo, double hi, double c) {
        List<Overthinking.Direction> two = Overthinking.classify(new double[] {c * lo, c * hi}, new double[2]);
        return two.get(0).kind() == two.get(1).kind() ? two : null;
    }

    /**
     * {@code S = L⁻¹Λ̄L⁻ᵀ = L⁻¹Yᵀ} from {@code Y = L⁻¹Λ̄}, which the preconditioner's solve kept
     * (so one blocked triangular solve here), symmetrised.
     */
    static DMatrixRMaj similar(Preconditioner.Solved solved) {
        if (solved.lower() == null) {
            throw new IllegalStateException("the Cholesky factor is kept only from " + MIN_DIM + " rows on");
        }
        DMatrixRMaj s = TriangularSolve.lower(solved.lower(), CommonOps_DDRM.transpose(solved.halfSolved(), null));
        SymmetricMatrix.symmetriseInPlace(s.data, s.numRows);
        return s;
    }
}
