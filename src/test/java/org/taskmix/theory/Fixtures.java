package org.taskmix.theory;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.ejml.data.DMatrixRMaj;
import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.Problem;
import org.taskmix.catalog.Settings;
import org.taskmix.catalog.Target;
import org.taskmix.catalog.Task;
import org.taskmix.catalog.WeightLimits;
import org.taskmix.linalg.SymmetricMatrix;
import org.taskmix.selection.BoundedSimplex;

/** Test set-ups built from catalog types (no problem files), and independent reference code. */
final class Fixtures {

    private Fixtures() {
    }

    /** A random orthogonal matrix (Gram–Schmidt of a Gaussian matrix), as double[][]. */
    static double[][] randomOrthogonal(int d, Random rng) {
        double[][] q = new double[d][d];
        for (int c = 0; c < d; c++) {
            double[] v = new double[d];
            for (int r = 0; r < d; r++) {
                v[r] = rng.nextGaussian();
            }
            for (int p = 0; p < c; p++) {
                double dot = 0;
                for (int r = 0; r < d; r++) {
                    dot += v[r] * q[r][p];
                }
                for (int r = 0; r < d; r++) {
                    v[r] -= dot * q[r][p];
                }
            }
            double norm = 0;
            for (double x : v) {
                norm += x * x;
            }
            norm = Math.sqrt(norm);
            for (int r = 0; r < d; r++) {
                q[r][c] = v[r] / norm;
            }
        }
        return q;
    }

    /** {@code Q diag(spectrum) Qᵀ} with a random orthogonal Q. */
    static SymmetricMatrix withSpectrum(double[] spectrum, Random rng) {
        int d = spectrum.length;
        double[][] q = randomOrthogonal(d, rng);
        double[][] a = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    s += q[i][k] * spectrum[k] * q[j][k];
                }
                a[i][j] = s;
            }
        }
        return SymmetricMatrix.of(a);
    }

    /** A random SPD matrix with eigenvalues log-uniform in [lo, hi]. */
    static SymmetricMatrix randomSpd(int d, double lo, double hi, Random rng) {
        double[] s = new double[d];
        for (int i = 0; i < d; i++) {
            s[i] = lo * Math.pow(hi / lo, rng.nextDouble());
        }
        return withSpectrum(s, rng);
    }

    /** {@code λ_i = i^(−alpha)}, i = 1..d. */
    static double[] powerLaw(int d, double alpha) {
        double[] s = new double[d];
        for (int i = 0; i < d; i++) {
            s[i] = Math.pow(i + 1, -alpha);
        }
        return s;
    }

    /** A problem with the given tasks and one target. */
    static Problem problem(List<Task> tasks, SymmetricMatrix sigma, int n, int m) {
        return new Problem("test", "built in a test", new Catalog(tasks), List.of(Target.of("target", sigma)),
                new Settings(n, m, List.of(1, 2, 4, 8, 16)), "test");
    }

    /** Single task, single target. */
    static Problem single(SymmetricMatrix lambda, SymmetricMatrix sigma, int n, int m) {
        return problem(List.of(Task.of("task", lambda)), sigma, n, m);
    }

    /**
     * The paper's overthinking set-up (docs/theory.md §5, §11): training {@code λ_i = 1/i} (so the
     * strongest training skill has the target's scale), target {@code Σ = I}.
     */
    static Problem overthinking(int d, int n) {
        double[] s = powerLaw(d, 1.0);
        return single(SymmetricMatrix.diagonal(s), SymmetricMatrix.identity(d), n, 40);
    }

    /** Compute versus context: {@code Σ = Λ}, {@code λ_i = i^(−1/2)} on a random basis. */
    static Problem computeVsContext(int d, int n, long seed) {
        SymmetricMatrix lambda = withSpectrum(powerLaw(d, 0.5), new Random(seed));
        return single(lambda, lambda, n, 40);
    }

    /**
     * A paper-like task-selection catalog: four types easy/hard ({@code α ∈ {0.2, 0.8}}) ×
     * short/long, with {@code perType} tasks each on independent random bases. "Short/long" is
     * read as the training prompt length {@code n_ℓ ∈ {shortN, longN}} (docs/theory.md §11: the reading
     * only the exact objective can see). Target: {@code λ_i = i^(−0.5)} on its own random basis.
     */
    static Problem paperLike(int d, int perType, int shortN, int longN, int m, long seed) {
        Random rng = new Random(seed);
        List<Task> tasks = new ArrayList<>();
        String[] hardness = {"Easy", "Hard"};
        double[] alpha = {0.2, 0.8};
        String[] length = {"Short", "Long"};
        int[] ns = {shortN, longN};
        for (int h = 0; h < 2; h++) {
            for (int l = 0; l < 2; l++) {
                for (int i = 0; i < perType; i++) {
                    SymmetricMatrix cov = withSpectrum(powerLaw(d, alpha[h]), rng);
                    String group = hardness[h] + "-" + length[l];
                    tasks.add(new Task(group + "-" + i, group, null, ns[l], cov, WeightLimits.NONE));
                }
            }
        }
        SymmetricMatrix sigma = withSpectrum(powerLaw(d, 0.5), rng);
        return new Problem("paper-like", "test", new Catalog(tasks), List.of(Target.of("target", sigma)),
                new Settings(shortN, m, List.of(1, 8, 32)), "test");
    }

    /**
     * Test-only surrogate solver: projected gradient with a fixed step 1/L on
     * {@code f(π) = ‖I − Σ⁻¹Λ̄(π)‖_F²} over {@code feasible}, L the largest eigenvalue of the
     * Hessian {@code 2Q} bounded by its trace. Independent of the selection layer's solvers.
     */
    static double[] surrogateOptimum(Problem problem, BoundedSimplex feasible, int iterations) {
        int t = problem.catalog().size();
        int d = problem.dim();
        SymmetricMatrix sigmaInv = problem.target().covariance().eigen().apply(v -> 1.0 / v);
        double[][] a = new double[t][];
        for (int l = 0; l < t; l++) {
            a[l] = times(sigmaInv, problem.catalog().task(l).covariance());
        }
        double[][] q = new double[t][t];
        double trace = 0;
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < t; j++) {
                q[i][j] = dot(a[i], a[j]);
            }
            trace += q[i][i];
        }
        double[] lin = new double[t];
        for (int l = 0; l < t; l++) {
            for (int i = 0; i < d; i++) {
                lin[l] += a[l][i * d + i];
            }
        }
        double step = 1.0 / (2 * trace);
        double[] x = feasible.feasiblePoint();
        double[] y = new double[t];
        for (int it = 0; it < iterations; it++) {
            for (int i = 0; i < t; i++) {
                double g = -2 * lin[i];
                for (int j = 0; j < t; j++) {
                    g += 2 * q[i][j] * x[j];
                }
                y[i] = x[i] - step * g;
            }
            feasible.project(y, x);
        }
        return x;
    }

    /** Row-major {@code A·B} of two symmetric matrices. */
    static double[] times(SymmetricMatrix a, SymmetricMatrix b) {
        int d = a.dim();
        double[] out = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    s += a.get(i, k) * b.get(k, j);
                }
                out[i * d + j] = s;
            }
        }
        return out;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Naive {@code A·B} on double[][]. */
    static double[][] mult(double[][] a, double[][] b) {
        int n = a.length;
        int p = b[0].length;
        double[][] c = new double[n][p];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < b.length; k++) {
                double aik = a[i][k];
                for (int j = 0; j < p; j++) {
                    c[i][j] += aik * b[k][j];
                }
            }
        }
        return c;
    }

    /** Gauss–Jordan inverse with partial pivoting (reference code independent of EJML). */
    static double[][] inverse(double[][] a) {
        int n = a.length;
        double[][] m = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n + i] = 1;
        }
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) {
                    piv = r;
                }
            }
            double[] tmp = m[c];
            m[c] = m[piv];
            m[piv] = tmp;
            double p = m[c][c];
            for (int j = 0; j < 2 * n; j++) {
                m[c][j] /= p;
            }
            for (int r = 0; r < n; r++) {
                if (r != c && m[r][c] != 0) {
                    double f = m[r][c];
                    for (int j = 0; j < 2 * n; j++) {
                        m[r][j] -= f * m[c][j];
                    }
                }
            }
        }
        double[][] inv = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], n, inv[i], 0, n);
        }
        return inv;
    }

    static double[][] toArray(DMatrixRMaj a) {
        double[][] out = new double[a.numRows][a.numCols];
        for (int i = 0; i < a.numRows; i++) {
            for (int j = 0; j < a.numCols; j++) {
                out[i][j] = a.get(i, j);
            }
        }
        return out;
    }

    static double maxAbsDiff(double[][] a, double[][] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                m = Math.max(m, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return m;
    }

    static double maxAbs(double[][] a) {
        double m = 0;
        for (double[] r : a) {
            for (double v : r) {
                m = Math.max(m, Math.abs(v));
            }
        }
        return m;
    }

    /** Random mixture weights on the simplex, all positive. */
    static double[] randomWeights(int t, Random rng) {
        double[] w = new double[t];
        double s = 0;
        for (int i = 0; i < t; i++) {
            w[i] = 0.1 + rng.nextDouble();
            s += w[i];
        }
        for (int i = 0; i < t; i++) {
            w[i] /= s;
        }
        return w;
    }
}
