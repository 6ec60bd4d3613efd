package org.taskmix.linalg;

import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * The smallest and largest eigenvalue of a large symmetric positive definite matrix without its
 * {@code d³} eigendecomposition (docs/theory.md §8, "d = 4096"):
 *
 * <ol>
 *   <li>an attempted Cholesky factorisation {@code A = UUᵀ} ({@link UlCholesky}, {@code d³/3}
 *       flops in the SYRK kernel): if a pivot is not positive the matrix is not positive definite
 *       and the caller falls back to the full spectrum (exact, as before);</li>
 *   <li>{@code λ_max(A)} by Lanczos on {@code A} and {@code λ_min(A) = 1/λ_max(A⁻¹)} by Lanczos on
 *       {@code A⁻¹} (shift-invert at 0, two triangular solves per step). Inverting turns the
 *       crowded lower edge of a sample covariance's spectrum (Marchenko–Pastur) into a well
 *       separated top, so both runs converge in tens to a few hundred steps instead of the
 *       thousands plain Lanczos needs for {@code λ_min}.</li>
 * </ol>
 *
 * <p>Each Lanczos run keeps every basis vector and reorthogonalises fully (twice), starts from a
 * Gaussian vector of a fixed seed, and stops when the Ritz value's error estimate meets
 * {@link #RELATIVE_ERROR} and its residual {@link #RELATIVE_RESIDUAL}; the matrix-vector products
 * split rows between threads but sum each row in one fixed order, so the result is bit-identical
 * for any thread count. A matrix that is numerically singular or whose runs do not converge within
 * {@link #MAX_STEPS} steps gets null, and the caller computes the full spectrum.
 */
public final class LanczosExtremes {

    /**
     * Converged when the Ritz value's error estimate {@code min(r, r²/gap)} ({@code r} the residual
     * norm {@code β_k|s_k|}, {@code gap} the distance to the next Ritz value; Parlett, The
     * Symmetric Eigenvalue Problem, §11.7) is at most this fraction of the value: the dense
     * eigensolver resolves eigenvalues to about {@code d·ε·λ_max} ≈ 1e-12·λ_max at d = 4096, so the
     * two agree to the dense solver's own accuracy.
     */
    public static final double RELATIVE_ERROR = 1e-13;

    /**
     * And the residual itself at most this fraction of the value: the {@code r²/gap} estimate
     * trusts the gap to the next Ritz value, which an eigenvalue not yet found could make smaller,
     * so {@code r} must also be small in its own right (then an eigenvalue lies within
     * {@code r} of the Ritz value whatever the gap).
     */
    public static final double RELATIVE_RESIDUAL = 1e-7;

    /**
     * A smallest eigenvalue below this fraction of the largest is near the singular threshold of
     * the diagnostics (1e-12) and within the Cholesky factor's rounding ({@code d·ε·λ_max}) of
     * zero: there the extremes alone cannot give rank and support, so the caller computes the
     * full spectrum.
     */
    public static final double NEAR_SINGULAR = 1e-9;

    /** Steps per run before giving up (then the full spectrum is computed). */
    public static final int MAX_STEPS = 600;

    private static final long SEED = 0x5eedL;

    private LanczosExtremes() {
    }

    /**
     * {@code {λ_min, λ_max}} of the row-major symmetric {@code n × n} matrix {@code a}, or null if it
     * is not positive definite, nearly singular ({@link #NEAR_SINGULAR}) or a run did not converge.
     */
    public static double[] of(double[] a, int n, int threads) {
        Run r = run(a, n, threads);
        return r.converged() ? new double[] {r.min(), r.max()} : null;
    }

    /**
     * What one computation did, for benchmarks and logs.
     *
     * @param min       {@code λ_min}, NaN if not found
     * @param max       {@code λ_max}, NaN if not found
     * @param factored  whether the Cholesky factor exists (the matrix is positive definite)
     * @param maxSteps  Lanczos steps on {@code A}
     * @param minSteps  Lanczos steps on {@code A⁻¹}
     * @param converged true if {@code min} and {@code max} are the answer ({@link #of} returns them)
     * @param ritzMin   the last Ritz value of the run on {@code A⁻¹}, inverted, converged or not (NaN if
     *                  that run did not take a step): {@code λ_min ≤ ritzMin}
     * @param ritzMax   the last Ritz value of the run on {@code A}, converged or not (NaN if none):
     *                  {@code ritzMax ≤ λ_max}
     */
    public record Run(double min, double max, boolean factored, int maxSteps, int minSteps, boolean converged,
                      double ritzMin, double ritzMax) {
    }

    /** {@link #of}, with the step counts. */
    public static Run run(double[] a, int n, int threads) {
        AtomicBoolean stop = new AtomicBoolean();
        Supplier<Ritz> topRun = () -> {
            RowDots.Product product = RowDots.product(a, n);
            return largest(n, x -> multiply(product, n, x, threads), false, stop);
        };
        CompletableFuture<Ritz> topAsync = beside(topRun, threads);
        UlCholesky chol = UlCholesky.factor(a, n, threads);
        if (chol == null) {
            stop.set(true);
            return new Run(Double.NaN, Double.NaN, false, 0, 0, false, Double.NaN, Double.NaN);
        }
        Ritz inv = largest(n, inverse(chol), false, new AtomicBoolean());
        Ritz top = topAsync == null ? topRun.get() : join(topAsync);
        double max = top.value();
        double ritzMin = 1.0 / inv.last();
        if (!(max > 0)) {
            return new Run(Double.NaN, max, true, top.steps(), inv.steps(), false, ritzMin, top.last());
        }
        double min = 1.0 / inv.value();
        boolean ok = inv.value() > 0 && min >= NEAR_SINGULAR * max;
        return new Run(min, max, true, top.steps(), inv.steps(), ok, ritzMin, top.last());
    }

    /**
     * With {@code threads > 1}, starts {@code run} on a daemon thread of its own and returns it, else
     * null. The run on {@code A} needs neither the factor nor the run on {@code A⁻¹}, so it goes
     * beside them: the factor's panel solves and the triangular solves are partly sequential
     * (each back substitution is one chain of additions per row), and a core would otherwise wait.
     * Each run does the same arithmetic on whichever thread, so the bits do not change.
     */
    private static CompletableFuture<Ritz> beside(Supplier<Ritz> run, int threads) {
        if (threads <= 1) {
            return null;
        }
        return CompletableFuture.supplyAsync(run, r -> {
            Thread t = new Thread(r, "taskmix-lanczos");
            t.setDaemon(true);
            t.start();
        });
    }

    private static Ritz join(CompletableFuture<Ritz> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    private static Operator inverse(UlCholesky chol) {
        return x -> {
            double[] y = x.clone();
            chol.solveInPlace(y);
            return y;
        };
    }

    /**
     * An eigenpair.
     *
     * @param value  the eigenvalue
     * @param vector its unit eigenvector (sign as the Lanczos run left it)
     */
    public record Pair(double value, double[] vector) {
    }

    /**
     * The smallest and the largest eigenpair of a symmetric positive semidefinite matrix, by
     * Lanczos on {@code A} and on {@code (A + shift·I)⁻¹} (shift-invert at {@code −shift}, so a
     * singular matrix is fine for {@code shift > 0}: the smallest eigenvalue is found to an absolute
     * accuracy of about {@code (λ_min + shift)·}{@link #RELATIVE_ERROR}). Null if
     * {@code A + shift·I} is not positive definite or a run did not converge.
     */
    public static Pair[] extremePairs(double[] a, int n, double shift, int threads) {
        AtomicBoolean stop = new AtomicBoolean();
        Supplier<Ritz> topRun = () -> {
            RowDots.Product product = RowDots.product(a, n);
            return largest(n, x -> multiply(product, n, x, threads), true, stop);
        };
        CompletableFuture<Ritz> topAsync = beside(topRun, threads);
        UlCholesky chol = UlCholesky.factor(a, n, shift, threads);
        if (chol == null) {
            stop.set(true);
            return null;
        }
        Ritz inv = largest(n, inverse(chol), true, new AtomicBoolean());
        Ritz top = topAsync == null ? topRun.get() : join(topAsync);
        if (Double.isNaN(top.value()) || !(inv.value() > 0)) {
            return null;
        }
        return new Pair[] {new Pair(1.0 / inv.value() - shift, inv.vector()), new Pair(top.value(), top.vector())};
    }

    /**
     * What {@link #largest} found: the Ritz value (NaN if not converged), steps, the Ritz vector if
     * asked, and the last Ritz value whether or not it converged (NaN if no step was taken).
     */
    private record Ritz(double value, int steps, double[] vector, double last) {
    }

    /** The operator of one run: returns {@code Op·x} in a new array. */
    interface Operator {
        double[] apply(double[] x);
    }

    /**
     * The largest eigenvalue of the symmetric operator (NaN if it did not converge within
     * {@link #MAX_STEPS} steps), the steps taken, and with {@code vector} its Ritz vector. Gives
     * up (NaN) once {@code stop} is set: a run beside a factor that failed is not needed.
     */
    private static Ritz largest(int n, Operator op, boolean vector, AtomicBoolean stop) {
        int steps = Math.min(n, MAX_STEPS);
        double[][] q = new double[steps + 1][];
        double[] alpha = new double[steps];
        double[] beta = new double[steps];
        double last = Double.NaN;
        SplittableRandom rng = new SplittableRandom(SEED);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = gaussian(rng);
        }
        scale(v, 1.0 / norm(v));
        q[0] = v;
        for (int k = 0; k < steps && !stop.get(); k++) {
            double[] w = op.apply(q[k]);
            alpha[k] = dot(q[k], w);
            // Full reorthogonalisation, twice ("twice is enough", Parlett §6.9).
            for (int pass = 0; pass < 2; pass++) {
                for (int j = 0; j <= k; j++) {
                    axpy(-dot(q[j], w), q[j], w);
                }
            }
            double b = norm(w);
            beta[k] = b;
            double[] ritz = TridiagonalTop.of(alpha, beta, k + 1);
            double theta = ritz[0];
            last = theta;
            double r = b * Math.abs(ritz[2]);
            double gap = ritz[1];
            double error = Math.min(r, r * r / Math.max(gap, Double.MIN_NORMAL));
            // b = 0: an invariant subspace (with a random start it holds every distinct eigenvalue).
            if (b == 0 || k + 1 == n
                    || (error <= RELATIVE_ERROR * Math.abs(theta) && r <= RELATIVE_RESIDUAL * Math.abs(theta))) {
                return new Ritz(theta, k + 1, vector ? ritzVector(q, alpha, beta, k + 1, theta, n) : null, theta);
            }
            scale(w, 1.0 / b);
            q[k + 1] = w;
        }
        return new Ritz(Double.NaN, steps, null, last);
    }

    /** {@code Σ_j y_j q_j} with {@code y} the unit eigenvector of {@code T_k} for {@code theta}, normalised. */
    private static double[] ritzVector(double[][] q, double[] alpha, double[] beta, int k, double theta, int n) {
        double[] y = TridiagonalTop.topVector(alpha, beta, k, theta);
        double[] v = new double[n];
        for (int j = 0; j < k; j++) {
            axpy(y[j], q[j], v);
        }
        scale(v, 1.0 / norm(v));
        return v;
    }

    /** {@code y = A x} for row-major {@code a}, rows split between threads, each row summed in one order. */
    static double[] multiply(double[] a, int n, double[] x, int threads) {
        return multiply(RowDots.scalar(a, n), n, x, threads);
    }

    /** {@link #multiply(double[], int, double[], int)} with a prepared product. */
    static double[] multiply(RowDots.Product product, int n, double[] x, int threads) {
        double[] y = new double[n];
        int chunks = Math.max(1, Math.min(threads, n / 256));
        IntStream.range(0, chunks).parallel().forEach(c -> product.multiply(x, y, n * c / chunks, n * (c + 1) / chunks));
        return y;
    }

    private static double gaussian(SplittableRandom rng) {
        // Box–Muller on the seeded stream (java.util.Random's nextGaussian is not splittable).
        double u1 = rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u1)) * Math.cos(2 * Math.PI * u2);
    }

    private static double dot(double[] x, double[] y) {
        return Dots.dot2(x, 0, y, 0, x.length);
    }

    private static double norm(double[] x) {
        return Math.sqrt(dot(x, x));
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static void scale(double[] x, double c) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= c;
        }
    }
}
