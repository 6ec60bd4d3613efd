package org.taskmix.selection;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.taskmix.linalg.Dots;

/**
 * The column and step arithmetic of {@link RobustManyTargets}: the least-norm Newton step, the
 * pruning and Gram matrices of the stored columns, and small vector helpers. Split from the
 * solver so each file stays readable; the algorithm is described there.
 */
final class RobustColumns {

    private RobustColumns() {
    }

    /**
     * The minimum-norm least-squares solution of {@code J y = rhs}, by SVD with singular values
     * below {@link RobustManyTargets#RANK_CUTOFF} of the largest dropped. {@code J} is singular when the active
     * targets' values are not independent functions of {@code λ} (two identical targets: any split
     * of their weight gives the same mixture); the minimum-norm step then leaves the split alone.
     */
    static double[] leastNormStep(double[][] jac, double[] rhs) {
        int n = rhs.length;
        DMatrixRMaj a = new DMatrixRMaj(jac);
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(n, n, true, true, false);
        if (!svd.decompose(a)) {
            return new double[n];
        }
        DMatrixRMaj u = svd.getU(null, false);
        DMatrixRMaj v = svd.getV(null, false);
        double[] sv = svd.getSingularValues();
        double top = 0;
        for (double x : sv) {
            top = Math.max(top, x);
        }
        double[] y = new double[n];
        for (int c = 0; c < sv.length; c++) {
            if (!(sv[c] > RobustManyTargets.RANK_CUTOFF * top)) {
                continue;
            }
            double proj = 0;
            for (int i = 0; i < n; i++) {
                proj += u.get(i, c) * rhs[i];
            }
            proj /= sv[c];
            for (int i = 0; i < n; i++) {
                y[i] += v.get(i, c) * proj;
            }
        }
        return y;
    }

    static void normalise(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= s;
        }
    }

    static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : v) {
            m = Math.min(m, x);
        }
        return m;
    }

    /** Drops columns the master left unused when the hull grows large (keeps the master tiny). */
    static void prune(List<double[]> cols, List<double[]> res, double[] mu) {
        int limit = 40;
        if (cols.size() <= limit) {
            return;
        }
        for (int i = mu.length - 1; i >= 0; i--) {
            if (mu[i] <= RobustManyTargets.NEGLIGIBLE_MU) {
                cols.remove(i);
                res.remove(i);
            }
        }
    }

    static void add(SelectionProblem pr, double[] w, List<double[]> cols, List<double[]> res) {
        double[] r = new double[pr.rows()];
        pr.residual(w, r);
        cols.add(w.clone());
        res.add(r);
    }

    /** {@code C_j = R_jᵀR_j + γ(Π − q1ᵀ)ᵀ(Π − q1ᵀ)} for every target. */
    static double[][][] gram(SelectionProblem pr, List<double[]> cols, List<double[]> res) {
        int k = pr.blocks().size();
        int r = cols.size();
        double gamma = pr.priorStrength();
        double[] q = pr.prior() == null ? null : pr.prior().weightsUnsafe();
        double[][] prior = new double[r][r];
        if (gamma > 0) {
            for (int a = 0; a < r; a++) {
                for (int b = a; b < r; b++) {
                    double s = 0;
                    double[] x = cols.get(a);
                    double[] y = cols.get(b);
                    for (int l = 0; l < x.length; l++) {
                        s += (x[l] - q[l]) * (y[l] - q[l]);
                    }
                    prior[a][b] = gamma * s;
                    prior[b][a] = gamma * s;
                }
            }
        }
        double[][][] c = new double[k][r][r];
        for (int j = 0; j < k; j++) {
            SelectionProblem.Block bl = pr.blocks().get(j);
            for (int a = 0; a < r; a++) {
                for (int b = a; b < r; b++) {
                    double s = Dots.dot2(res.get(a), bl.offset(), res.get(b), bl.offset(), bl.rows());
                    c[j][a][b] = s + prior[a][b];
                    c[j][b][a] = s + prior[a][b];
                }
            }
        }
        return c;
    }

    static double[] combine(SelectionProblem pr, List<double[]> cols, double[] mu) {
        double[] m = mu.clone();
        double sum = 0;
        for (int i = 0; i < m.length; i++) {
            if (m[i] <= RobustManyTargets.NEGLIGIBLE_MU) {
                m[i] = 0;
            }
            sum += m[i];
        }
        double[] pi = new double[pr.size()];
        for (int i = 0; i < m.length; i++) {
            if (m[i] != 0) {
                double[] x = cols.get(i);
                for (int l = 0; l < pi.length; l++) {
                    pi[l] += m[i] / sum * x[l];
                }
            }
        }
        // Convex combinations of feasible points are feasible; clip the last-bit rounding.
        BoundedSimplex b = pr.bounds();
        for (int l = 0; l < pi.length; l++) {
            pi[l] = Math.min(b.upper(l), Math.max(b.lower(l), pi[l]));
        }
        return pi;
    }

}
