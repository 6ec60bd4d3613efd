package org.taskmix.theory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.ejml.data.Complex_F64;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.taskmix.linalg.SymmetricMatrix;

/**
 * Overthinking diagnostics (docs/theory.md §5): the eigenvalues {@code μ} of {@code PΣ}, how each
 * direction behaves under CoT steps, and the best CoT length {@code k*} on the {@code m = ∞}
 * curve.
 *
 * <p>At {@code m = ∞} the error component along an eigendirection of {@code PΣ} is multiplied by
 * {@code |1 − μ|} at every step. {@code PΣ} is a general real matrix (for a mixture,
 * {@code Λ̄M̄⁻¹Σ} is a product of three SPD matrices), so {@code μ} may be complex: the modulus
 * {@code |1 − μ|} is what matters.
 *
 * @param directions   one entry per eigenvalue, fastest-growing first; from d = 1024 on, when the two
 *                     extreme eigenvalues prove that every direction shrinks, only those two
 *                     ({@code directions.size() < dimension}; docs/theory.md §8.2)
 * @param growing      number with {@code |1 − μ| > 1 + GROWTH_TOLERANCE} (more steps make them worse)
 * @param maxGrowth    largest {@code |1 − μ|}, the per-step factor of the worst direction
 * @param stalled      number with {@code |μ| ≤ STALL_TOLERANCE} (a skill missing from training)
 * @param kMax         the last CoT length examined
 * @param kStar        best CoT length in {@code 1..kMax} on the {@code m = ∞} curve
 * @param errorAtKStar per-dimension {@code m = ∞} error at {@code kStar}
 * @param overthinking true if the error rises somewhere after {@code kStar} within {@code kMax}
 * @param warnings     plain one-line warnings for people (empty if nothing to say)
 * @param dimension    the number of eigenvalues of {@code PΣ} ({@code d})
 */
public record Overthinking(List<Direction> directions, int growing, double maxGrowth, int stalled, int kMax,
                           int kStar, double errorAtKStar, boolean overthinking, List<String> warnings,
                           int dimension) {

    /**
     * {@code |μ| ≤ 1e-3} counts as a stall: such a direction keeps more than 93% of its squared
     * error after 32 steps ({@code (1 − 10⁻³)^64}), so no practical CoT budget fixes it.
     */
    public static final double STALL_TOLERANCE = 1e-3;

    /**
     * {@code |1 − μ| > 1 + 1e-9} counts as growth: above the rounding error of a non-symmetric
     * eigensolver on a well-conditioned basis, and a factor {@code 1 + 10⁻⁹} per step would need
     * about 10⁹ steps to double, so smaller excesses are not growth in any useful sense.
     */
    public static final double GROWTH_TOLERANCE = 1e-9;

    /**
     * Relative tolerance for "the curve is flat": {@code k*} is the first {@code k} whose error is
     * within a factor {@code 1 + 1e-9} of the minimum, and a rise must exceed the same factor. A
     * curve that has reached a plateau (stalled directions) then reports the first {@code k} on the
     * plateau instead of whichever step rounding happened to make smallest.
     */
    public static final double FLAT_TOLERANCE = 1e-9;

    /** How one eigendirection behaves with more CoT steps. */
    public enum Kind {
        /** {@code |1 − μ| > 1}: the error along it grows with every step. */
        GROWS,
        /** {@code |μ| ≈ 0}: the step barely moves it; the skill is missing from training. */
        STALLS,
        /** {@code |1 − μ| = 1} within tolerance but {@code μ} not small: it neither shrinks nor grows. */
        HOLDS,
        /** {@code |1 − μ| < 1}: the error along it shrinks with every step. */
        SHRINKS
    }

    /**
     * One eigenvalue {@code μ = re + i·im} of {@code PΣ}.
     *
     * @param re     real part
     * @param im     imaginary part
     * @param growth {@code |1 − μ|}, the per-step factor of the error amplitude along it
     * @param kind   its classification
     */
    public record Direction(double re, double im, double growth, Kind kind) {
    }

    public Overthinking {
        directions = List.copyOf(directions);
        warnings = List.copyOf(warnings);
    }

    /** The eigenvalues of {@code PΣ}, classified, fastest-growing first. */
    public static List<Direction> directions(DMatrixRMaj p, SymmetricMatrix sigma) {
        int d = sigma.dim();
        DMatrixRMaj ps = new DMatrixRMaj(d, d);
        Products.mult(p, sigma.toEjml(), ps);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, false, false);
        if (!eig.decompose(ps)) {
            throw new ArithmeticException("eigendecomposition of P*Sigma failed (" + d + "x" + d + ")");
        }
        int count = eig.getNumberOfEigenvalues();
        double[] re = new double[count];
        double[] im = new double[count];
        for (int i = 0; i < count; i++) {
            Complex_F64 mu = eig.getEigenvalue(i);
            re[i] = mu.real;
            im[i] = mu.imaginary;
        }
        return classify(re, im);
    }

    /** The eigenvalues {@code re + i·im} of {@code PΣ}, classified, fastest-growing first. */
    static List<Direction> classify(double[] re, double[] im) {
        List<Direction> out = new ArrayList<>();
        for (int i = 0; i < re.length; i++) {
            Complex_F64 mu = new Complex_F64(re[i], im[i]);
            double growth = Math.hypot(1 - mu.real, mu.imaginary);
            double modulus = Math.hypot(mu.real, mu.imaginary);
            Kind kind;
            if (modulus <= STALL_TOLERANCE) {
                kind = Kind.STALLS;
            } else if (growth > 1 + GROWTH_TOLERANCE) {
                kind = Kind.GROWS;
            } else if (growth >= 1 - GROWTH_TOLERANCE) {
                kind = Kind.HOLDS;
            } else {
                kind = Kind.SHRINKS;
            }
            out.add(new Direction(mu.real, mu.imaginary, growth, kind));
        }
        out.sort(Comparator.comparingDouble(Direction::growth).reversed()
                .thenComparingDouble(Direction::re).thenComparingDouble(Direction::im));
        return out;
    }

    /**
     * The best CoT length on a curve (element {@code k − 1} is the error at {@code k}): the first
     * {@code k} whose error is within {@link #FLAT_TOLERANCE} (relative) of the minimum.
     */
    public static int kStar(double[] curve) {
        if (curve.length == 0) {
            throw new IllegalArgumentException("curve is empty");
        }
        double min = Double.POSITIVE_INFINITY;
        for (double e : curve) {
            if (Double.isNaN(e)) {
                throw new IllegalArgumentException("curve has a NaN entry");
            }
            min = Math.min(min, e);
        }
        for (int k = 1; k <= curve.length; k++) {
            if (curve[k - 1] <= min * (1 + FLAT_TOLERANCE)) {
                return k;
            }
        }
        return 1; // every entry is +∞
    }

    /** True if some error after {@code kStar} exceeds the error at {@code kStar} by more than the flat tolerance. */
    public static boolean risesAfter(double[] curve, int kStar) {
        double at = curve[kStar - 1];
        for (int k = kStar + 1; k <= curve.length; k++) {
            if (curve[k - 1] > at * (1 + FLAT_TOLERANCE)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Diagnostics for preconditioner {@code p} on target {@code sigma}, with {@code k*} taken from
     * the {@code m = ∞} curve {@code mInfinity} (element {@code k − 1} is the error at {@code k},
     * e.g. from {@link CotError#infiniteM}).
     */
    public static Overthinking of(DMatrixRMaj p, SymmetricMatrix sigma, double[] mInfinity) {
        return of(directions(p, sigma), mInfinity);
    }

    /** Diagnostics from already computed directions (all of them) and an {@code m = ∞} curve. */
    public static Overthinking of(List<Direction> directions, double[] mInfinity) {
        return of(directions, directions.size(), mInfinity);
    }

    /**
     * Diagnostics from the directions of a {@code dimension × dimension} {@code PΣ}: all of them, or
     * only the two real extremes when they are of one kind, which proves every direction is of it
     * (docs/theory.md §8.2); the largest {@code |1 − μ|} is then at an extreme.
     */
    public static Overthinking of(List<Direction> directions, int dimension, double[] mInfinity) {
        int growing = 0;
        int stalled = 0;
        double maxGrowth = 0;
        for (Direction dir : directions) {
            maxGrowth = Math.max(maxGrowth, dir.growth());
            if (dir.kind() == Kind.GROWS) {
                growing++;
            } else if (dir.kind() == Kind.STALLS) {
                stalled++;
            }
        }
        if (directions.size() < dimension) {
            // Extremes of one kind: every one of the dimension directions is of that kind.
            Kind common = directions.get(0).kind();
            growing = common == Kind.GROWS ? dimension : 0;
            stalled = common == Kind.STALLS ? dimension : 0;
        }
        int kStar = kStar(mInfinity);
        boolean rises = risesAfter(mInfinity, kStar);
        double maxGrowing = 0;
        for (Direction dir : directions) {
            if (dir.kind() == Kind.GROWS) {
                maxGrowing = Math.max(maxGrowing, dir.growth());
            }
        }
        List<String> warnings = warnings(rises, kStar, mInfinity.length, growing, maxGrowing, stalled);
        return new Overthinking(directions, growing, maxGrowth, stalled, mInfinity.length, kStar,
                mInfinity[kStar - 1], rises, warnings, dimension);
    }

    /** The warning lines for a curve and its direction counts (shared with multi-target summaries). */
    static List<String> warnings(boolean rises, int kStar, int kMax, int growing, double maxGrowing, int stalled) {
        List<String> out = new ArrayList<>();
        String grow = directionsWord(growing) + verb(growing, " grows", " grow") + " by up to " + fmt(maxGrowing)
                + "x per step";
        if (rises) {
            if (growing > 0) {
                out.add("error rises after k* = " + kStar + ": " + grow);
            } else {
                out.add("error rises after k* = " + kStar + " although no direction grows: transient growth of a"
                        + " non-normal iteration");
            }
        } else if (growing > 0) {
            out.add("no rise up to k = " + kMax + ", but " + grow + ": the error will rise with longer CoT");
        }
        if (stalled > 0) {
            out.add(directionsWord(stalled) + verb(stalled, " stalls", " stall") + " (|mu| <= " + STALL_TOLERANCE
                    + "): skills the training mixture lacks; more steps cannot reduce that part of the error");
        }
        return out;
    }

    private static String directionsWord(int n) {
        return n + (n == 1 ? " direction" : " directions");
    }

    private static String verb(int n, String one, String many) {
        return n == 1 ? one : many;
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
