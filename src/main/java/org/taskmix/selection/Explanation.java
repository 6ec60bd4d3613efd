package org.taskmix.selection;

import java.util.ArrayList;
import java.util.List;

import org.ejml.data.DMatrixRMaj;
import org.taskmix.linalg.Doubles;
import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.Problem;
import org.taskmix.catalog.ProblemDiagnostics;
import org.taskmix.catalog.SpectralDiagnostics;
import org.taskmix.catalog.Target;
import org.taskmix.linalg.SymmetricEigen;
import org.taskmix.linalg.SymmetricMatrix;

/**
 * Why the weights are what they are.
 *
 * <p>Per task: weight, hardness, relevance, and the reduced gradient {@code g_ℓ − ν} (with
 * {@code ν} the certificate's multiplier): the first-order change of the objective per unit of
 * weight moved onto task {@code ℓ} from the mixture as a whole. It is about 0 for tasks in the
 * mixture, positive for tasks left out (adding them would hurt), negative only where a maximum
 * weight holds a task back.
 *
 * <p>Per target: the eigenvalues {@code μ_j} of {@code Σ^{-1/2} Λ̄ Σ^{-1/2}} (similar to
 * {@code Σ⁻¹Λ̄}, so real and ≥ 0). The objective is {@code Σ_j (1 − μ_j)²}; a direction with
 * {@code |1 − μ_j| > }{@link #COVERAGE_TOLERANCE} is reported as poorly covered, and one with
 * {@code μ_j < }{@link #MISSING_BELOW} as missing: no task in the mixture trains that skill. The
 * direction reported is the eigenvector {@code w_j = Σ^{-1/2} u_j} of {@code Σ⁻¹Λ̄} (normalised),
 * the direction in weight space along which CoT steps act (docs/theory.md §4).
 *
 * @param tasks   per task, catalog order
 * @param targets per target
 */
public record Explanation(List<TaskExplanation> tasks, List<TargetCoverage> targets) {

    /**
     * A direction is poorly covered when the mixture's strength there is off the target's by more
     * than half: {@code μ < 0.5} or {@code μ > 1.5}. At that distance one CoT step removes less than
     * half of the error along it (docs/theory.md §5), so it is the point where the curator should look.
     */
    public static final double COVERAGE_TOLERANCE = 0.5;

    /** A skill is missing when the mixture has under a tenth of the target's strength there. */
    public static final double MISSING_BELOW = 0.1;

    public Explanation {
        tasks = List.copyOf(tasks);
        targets = List.copyOf(targets);
    }

    /**
     * One task.
     *
     * @param name            task name
     * @param group           group or null
     * @param weight          weight in the mixture
     * @param hardness        {@code tr/λ_min} (infinite if singular)
     * @param relevance       relevance to the targets
     * @param reducedGradient {@code g_ℓ − ν}
     */
    public record TaskExplanation(String name, String group, double weight, double hardness, double relevance,
                                  double reducedGradient) {
    }

    /**
     * One direction of a target.
     *
     * @param eigenvalue {@code μ}
     * @param kind       "missing", "under-covered" or "over-covered"
     * @param direction  unit vector {@code w} in feature coordinates
     */
    public record Direction(double eigenvalue, String kind, Doubles direction) {
    }

    /**
     * Coverage of one target.
     *
     * @param name            target name
     * @param eigenvalues     all {@code μ_j}, ascending
     * @param uncovered       directions with {@code |1 − μ| > COVERAGE_TOLERANCE}, worst first
     * @param coverageMissing true if some {@code μ < MISSING_BELOW}
     */
    public record TargetCoverage(String name, Doubles eigenvalues, List<Direction> uncovered,
                                 boolean coverageMissing) {
        public TargetCoverage {
            uncovered = List.copyOf(uncovered);
        }
    }

    /** Explains {@code weights} (with certificate {@code c}) for {@code problem}. */
    public static Explanation of(Problem problem, SelectionProblem sp, double[] weights, Certificate c) {
        Catalog catalog = problem.catalog();
        int t = catalog.size();
        // Usually the certificate's own evaluation, at these weights: no further pass over the matrix.
        Evaluation e = sp.evaluate(weights, null);
        double[] g;
        if (sp.isRobust()) {
            g = new double[t];
            double[][] gk = Certifier.blockGradients(sp, e.residualUnsafe());
            Certifier.combineGradient(gk, Certifier.priorGradient(sp, weights), c.targetWeights(), g);
        } else {
            g = e.gradientUnsafe();
        }
        ProblemDiagnostics diag = ProblemDiagnostics.of(problem);
        List<TaskExplanation> tasks = new ArrayList<>();
        for (int l = 0; l < t; l++) {
            SpectralDiagnostics s = diag.tasks().get(l).spectral();
            tasks.add(new TaskExplanation(catalog.task(l).name(), catalog.task(l).group(), weights[l], s.hardness(),
                    diag.tasks().get(l).relevance(), g[l] - c.multiplier()));
        }
        List<SymmetricMatrix> covs = new ArrayList<>();
        for (int l = 0; l < t; l++) {
            covs.add(catalog.task(l).covariance());
        }
        SymmetricMatrix mix = SymmetricMatrix.weightedSum(weights, covs);
        List<TargetCoverage> targets = new ArrayList<>();
        for (Target target : problem.targets()) {
            targets.add(coverage(target, mix));
        }
        return new Explanation(tasks, targets);
    }

    /** {@code c = a b} (square, {@code c} zero on entry), summing over {@code k} in ascending order. */
    static void multiply(double[][] a, double[][] b, double[][] c) {
        int d = a.length;
        for (int i = 0; i < d; i++) {
            double[] ci = c[i];
            for (int k = 0; k < d; k++) {
                double aik = a[i][k];
                double[] bk = b[k];
                for (int j = 0; j < d; j++) {
                    ci[j] += aik * bk[j];
                }
            }
        }
    }

    /** Coverage of {@code target} by the mixture covariance {@code mix}. */
    public static TargetCoverage coverage(Target target, SymmetricMatrix mix) {
        int d = mix.dim();
        if (d >= SymmetricMatrix.EXTREMES_MIN_DIMENSION) {
            TargetCoverage large = LargeCoverage.of(target, mix);
            // Lanczos did not converge: the dense result, cut to the same shape (docs/formats.md).
            return large != null ? large : extremesOnly(denseCoverage(target, mix));
        }
        return denseCoverage(target, mix);
    }

    /** {@code c} with only its smallest and largest eigenvalue and their directions. */
    static TargetCoverage extremesOnly(TargetCoverage c) {
        int n = c.eigenvalues().size();
        double lo = c.eigenvalues().get(0);
        double hi = c.eigenvalues().get(n - 1);
        List<Direction> dirs = c.uncovered().stream()
                .filter(x -> x.eigenvalue() == lo || x.eigenvalue() == hi).toList();
        return new TargetCoverage(c.name(), Doubles.of(new double[] {lo, hi}), dirs, c.coverageMissing());
    }

    private static TargetCoverage denseCoverage(Target target, SymmetricMatrix mix) {
        int d = mix.dim();
        SymmetricEigen se = target.covariance().eigen();
        SymmetricMatrix invSqrt = se.apply(v -> 1.0 / Math.sqrt(v));
        double[][] is = invSqrt.toArray();
        double[][] lm = mix.toArray();
        double[][] s = new double[d][d];
        double[][] tmp = new double[d][d];
        // i-k-j order: each entry still sums its products for k = 0, 1, … (the same bits as the
        // dot-product order) but the inner loop runs along rows, which the JIT vectorises.
        multiply(lm, is, tmp);
        multiply(is, tmp, s);
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                double v = 0.5 * (s[i][j] + s[j][i]);
                s[i][j] = v;
                s[j][i] = v;
            }
        }
        SymmetricEigen e = SymmetricMatrix.of(s).eigen();
        double[] mu = e.values();
        DMatrixRMaj u = e.vectors();
        List<Direction> dirs = new ArrayList<>();
        boolean missing = false;
        for (int j = 0; j < d; j++) {
            if (mu[j] < MISSING_BELOW) {
                missing = true;
            }
            if (Math.abs(1 - mu[j]) > COVERAGE_TOLERANCE) {
                double[] w = new double[d];
                double norm = 0;
                for (int i = 0; i < d; i++) {
                    double acc = 0;
                    for (int k = 0; k < d; k++) {
                        acc += is[i][k] * u.get(k, j);
                    }
                    w[i] = acc;
                    norm += acc * acc;
                }
                dirs.add(direction(mu[j], w, Math.sqrt(norm)));
            }
        }
        dirs.sort((x, y) -> Double.compare(Math.abs(1 - y.eigenvalue()), Math.abs(1 - x.eigenvalue())));
        return new TargetCoverage(target.name(), Doubles.of(mu), dirs, missing);
    }

    /** The reported direction of eigenvalue {@code mu}: {@code w/norm}, signed, and its kind. */
    static Direction direction(double mu, double[] w, double norm) {
        int d = w.length;
        // Sign convention: the largest component is positive, so output is reproducible.
        int arg = 0;
        for (int i = 1; i < d; i++) {
            if (Math.abs(w[i]) > Math.abs(w[arg])) {
                arg = i;
            }
        }
        double sign = w[arg] < 0 ? -1 : 1;
        for (int i = 0; i < d; i++) {
            w[i] = sign * w[i] / norm;
        }
        String kind = mu < MISSING_BELOW ? "missing" : mu < 1 ? "under-covered" : "over-covered";
        return new Direction(mu, kind, Doubles.of(w));
    }
}
