package org.taskmix.selection;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.ejml.data.DMatrixRMaj;
import org.taskmix.catalog.Target;
import org.taskmix.linalg.SymmetricMatrix;

/**
 * Seeded random selection problems built directly in memory (for tests and benchmarks): task
 * {@code ℓ} has {@code Λ_ℓ = c·GGᵀ/r} with {@code G} a {@code d × r} standard Gaussian matrix,
 * rank {@code r} uniform in {@code 1..2d} (so many tasks are singular, as real skill-poor tasks
 * are) and scale {@code c} log-uniform in [1/2, 2]; the target is {@code HHᵀ/(2d)} with
 * {@code H} a {@code d × 2d} Gaussian matrix. Each task draws from its own stream
 * ({@code seed}, {@code ℓ}), so covariances can be produced in any order and in parallel with
 * bit-identical results.
 */
public final class RandomSelectionProblems {

    private RandomSelectionProblems() {
    }

    /** Task {@code l}'s covariance for {@code seed}, row-major {@code d × d}. */
    public static DMatrixRMaj covariance(long seed, int d, int l) {
        SplittableRandom rnd = new SplittableRandom(mix(seed, l));
        int rank = 1 + rnd.nextInt(2 * d);
        double c = Math.exp(Math.log(0.5) + rnd.nextDouble() * Math.log(4));
        return gram(rnd, d, rank, c / rank);
    }

    /** The target covariance for {@code seed}. */
    public static SymmetricMatrix target(long seed, int d) {
        SplittableRandom rnd = new SplittableRandom(mix(seed, -1));
        DMatrixRMaj m = gram(rnd, d, 2 * d, 1.0 / (2 * d));
        return SymmetricMatrix.of(m);
    }

    /**
     * A random problem with {@code t} tasks in dimension {@code d}, plain simplex, one target.
     */
    public static SelectionProblem problem(long seed, int d, int t) {
        return problem(seed, d, t, BoundedSimplex.simplex(t), SelectionOptions.DEFAULT, 1);
    }

    /** A random problem with bounds, options and {@code targets} random targets (weights 1, 2, …). */
    public static SelectionProblem problem(long seed, int d, int t, BoundedSimplex bounds, SelectionOptions options,
                                           int targets) {
        List<String> names = new ArrayList<>(t);
        for (int l = 0; l < t; l++) {
            names.add("t" + l);
        }
        List<Target> ts = new ArrayList<>();
        for (int k = 0; k < targets; k++) {
            ts.add(new Target("target" + k, target(seed + 7919L * k, d), k + 1));
        }
        return SelectionProblem.build(names, l -> covariance(seed, d, l), d, ts, bounds, options);
    }

    private static DMatrixRMaj gram(SplittableRandom rnd, int d, int r, double scale) {
        double[] gm = new double[d * r];
        for (int i = 0; i < gm.length; i++) {
            gm[i] = gaussian(rnd);
        }
        DMatrixRMaj out = new DMatrixRMaj(d, d);
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                double s = 0;
                for (int k = 0; k < r; k++) {
                    s += gm[i * r + k] * gm[j * r + k];
                }
                out.set(i, j, s * scale);
                out.set(j, i, s * scale);
            }
        }
        return out;
    }

    /** Box–Muller from the given stream (SplittableRandom has no nextGaussian in Java 17). */
    private static double gaussian(SplittableRandom rnd) {
        double u = rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
    }

    private static long mix(long seed, long l) {
        long z = seed * 0x9E3779B97F4A7C15L + l * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
