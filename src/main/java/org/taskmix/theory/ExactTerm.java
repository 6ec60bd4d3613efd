package org.taskmix.theory;

import java.util.Arrays;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.taskmix.catalog.Target;
import org.taskmix.linalg.SymmetricMatrix;

/**
 * One target's term of {@link ExactObjective}: {@code ‖(I − PS)^K‖_F²/d} (with {@code S = Σ} at
 * {@code m = ∞}, the average over the fixed prompts {@code Ŝ_i} when sampled, the exact one-step
 * formula at finite {@code m}, {@code K = 1}) and its gradient with respect to {@code P}, both per
 * dimension (docs/theory.md §6, §7.3).
 */
final class ExactTerm {
    private final int k;
    private final OptionalInt m;
    private final int d;
    private final boolean parallel;
    final double weight;
    final DMatrixRMaj sigma;
    final DMatrixRMaj sigmaInverse;
    final double traceSigma;
    final DMatrixRMaj[] sampled;

    /**
     * @param target   the target (its covariance Σ)
     * @param seed     seed of this target's fixed prompts
     * @param weight   normalised target weight
     * @param k        CoT budget
     * @param m        test length, empty for m = ∞
     * @param sampling fixed-prompt settings (used when sampled)
     */
    ExactTerm(Target target, long seed, double weight, int k, OptionalInt m, ExactObjective.Sampling sampling) {
        SymmetricMatrix s = target.covariance();
        this.k = k;
        this.m = m;
        this.d = s.dim();
        this.parallel = sampling.parallel();
        this.weight = weight;
        this.sigma = s.toEjml();
        this.traceSigma = s.trace();
        this.sigmaInverse = s.eigen().min() > 0 ? s.eigen().apply(v -> 1.0 / v).toEjml() : null;
        if (m.isPresent() && (k > 1 || !sampling.statistic().isMean())) {
            int n = sampling.samples();
            TestSampler sampler = new TestSampler(s, m.getAsInt());
            SplittableRandom[] streams = TestSampler.streams(seed, n);
            TestSampler.Workspace ws = sampler.workspace();
            sampled = new DMatrixRMaj[n];
            for (int i = 0; i < n; i++) {
                sampled[i] = new DMatrixRMaj(d, d);
                sampler.draw(streams[i], ws, sampled[i]);
            }
        } else {
            sampled = null;
        }
    }

    /** {@code ‖(I − PŜ_i)^K‖²/d} on each fixed prompt, in prompt order. */
    double[] sampleValues(DMatrixRMaj p) {
        int n = sampled.length;
        double[] values = new double[n];
        IntStream range = IntStream.range(0, n);
        if (parallel) {
            range = range.parallel();
        }
        range.forEach(i -> values[i] = power(p, sampled[i], null));
        return values;
    }

    double evaluate(DMatrixRMaj p, DMatrixRMaj gradP) {
        if (m.isEmpty()) {
            return power(p, sigma, gradP);
        }
        if (sampled == null) {
            return oneStep(p, gradP);
        }
        int n = sampled.length;
        double[] values = new double[n];
        DMatrixRMaj[] grads = gradP == null ? null : new DMatrixRMaj[n];
        IntStream range = IntStream.range(0, n);
        if (parallel) {
            range = range.parallel();
        }
        range.forEach(i -> {
            DMatrixRMaj gi = grads == null ? null : new DMatrixRMaj(d, d);
            values[i] = power(p, sampled[i], gi);
            if (grads != null) {
                grads[i] = gi;
            }
        });
        // Fixed-order reduction: the same result on any number of cores.
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += values[i];
            if (gradP != null) {
                CommonOps_DDRM.addEquals(gradP, 1.0 / n, grads[i]);
            }
        }
        return sum / n;
    }

    /** {@code ‖(I − PS)^K‖²/d} and, if asked, its gradient in {@code P} (divided by d). */
    double power(DMatrixRMaj p, DMatrixRMaj s, DMatrixRMaj gradP) {
        DMatrixRMaj r = CotError.residual(p, s);
        DMatrixRMaj[] pow = new DMatrixRMaj[k + 1];
        pow[1] = r;
        for (int j = 2; j <= k; j++) {
            pow[j] = new DMatrixRMaj(d, d);
            CommonOps_DDRM.mult(pow[j - 1], r, pow[j]);
        }
        DMatrixRMaj c = pow[k];
        double f = CotError.frob2(c);
        if (gradP == null || !Double.isFinite(f)) {
            return f / d;
        }
        // T_1 = C; T_{j+1} = Rᵀ T_j + C (R^j)ᵀ; after K − 1 steps T = Σ_j (Rᵀ)^j C (Rᵀ)^{K−1−j}.
        DMatrixRMaj tMat = c.copy();
        DMatrixRMaj next = new DMatrixRMaj(d, d);
        for (int j = 1; j < k; j++) {
            CommonOps_DDRM.multTransA(r, tMat, next);
            CommonOps_DDRM.multAddTransB(c, pow[j], next);
            DMatrixRMaj swap = tMat;
            tMat = next;
            next = swap;
        }
        // ∂/∂P = −2 T S (S symmetric), divided by d.
        CommonOps_DDRM.mult(-2.0 / d, tMat, s, gradP);
        return f / d;
    }

    /** Exact finite-m one-step value and gradient, divided by d. */
    private double oneStep(DMatrixRMaj p, DMatrixRMaj gradP) {
        int mm = m.getAsInt();
        DMatrixRMaj ps = new DMatrixRMaj(d, d);
        CommonOps_DDRM.mult(p, sigma, ps);
        DMatrixRMaj r = CotError.residual(p, sigma);
        double f = CotError.frob2(r) + (CotError.frob2(ps) + traceSigma * CotError.dot(ps, p)) / mm;
        if (gradP != null) {
            // ∂‖R‖²/∂P = −2RΣ; ∂‖PΣ‖²/∂P = 2PΣ²; ∂⟨PΣ, P⟩/∂P = 2PΣ.
            CommonOps_DDRM.mult(-2.0 / d, r, sigma, gradP);
            DMatrixRMaj ps2 = new DMatrixRMaj(d, d);
            CommonOps_DDRM.mult(ps, sigma, ps2);
            CommonOps_DDRM.addEquals(gradP, 2.0 / (mm * d), ps2);
            CommonOps_DDRM.addEquals(gradP, 2.0 * traceSigma / (mm * d), ps);
        }
        return f / d;
    }

    /**
     * The quantile statistic over the fixed prompts: per prompt {@code i}, {@code v_i = Σ_t
     * weight_t · value_{t,i}}; the type-7 quantile interpolates two order statistics, and its
     * gradient in {@code P} interpolates theirs (added into {@code g} if not null).
     */
    static double quantileValue(ExactTerm[] terms, ExactObjective.Statistic statistic, DMatrixRMaj p, DMatrixRMaj g) {
        int d = p.numRows;
        double[] v = weightedSampleValues(terms, p);
        int n = v.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        // Stable sort by value, ties by index: a deterministic choice of order statistic.
        Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
        double h = (n - 1) * statistic.quantile();
        int lo = (int) Math.floor(h);
        int hi = Math.min(n - 1, lo + 1);
        double frac = h - lo;
        double value = v[order[lo]] + frac * (v[order[hi]] - v[order[lo]]);
        if (g != null && Double.isFinite(value)) {
            DMatrixRMaj gi = new DMatrixRMaj(d, d);
            for (ExactTerm t : terms) {
                t.power(p, t.sampled[order[lo]], gi);
                CommonOps_DDRM.addEquals(g, t.weight * (1 - frac), gi);
                if (frac > 0) {
                    t.power(p, t.sampled[order[hi]], gi);
                    CommonOps_DDRM.addEquals(g, t.weight * frac, gi);
                }
            }
        }
        return value;
    }

    /** Per fixed prompt {@code i}: {@code Σ_t weight_t ‖(I − PŜ_{t,i})^K‖²/d}. */
    static double[] weightedSampleValues(ExactTerm[] terms, DMatrixRMaj p) {
        int n = terms[0].sampled.length;
        double[] v = new double[n];
        for (ExactTerm t : terms) {
            double[] tv = t.sampleValues(p);
            for (int i = 0; i < n; i++) {
                v[i] += t.weight * tv[i];
            }
        }
        return v;
    }
}
