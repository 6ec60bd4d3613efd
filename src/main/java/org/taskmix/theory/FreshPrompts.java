package org.taskmix.theory;

import org.ejml.data.DMatrixRMaj;

/**
 * Fresh-prompt estimates of {@link ExactObjective}'s {@code J_K} (docs/theory.md §7.3): a plain
 * Monte Carlo mean with a normal interval ({@link ExactObjective#monteCarlo}), and the
 * control-variate / quantile estimate with a BCa or order-statistic interval
 * ({@link ExactObjective#fresh}).
 */
final class FreshPrompts {

    private FreshPrompts() {
    }

    /** See {@link ExactObjective#monteCarlo}. */
    static ExactObjective.Estimate monteCarlo(ExactObjective obj, double[] pi, int samples, long seed) {
        DMatrixRMaj p = preconditioner(obj, pi, "a Monte Carlo estimate");
        if (p == null) {
            double inf = Double.POSITIVE_INFINITY;
            return new ExactObjective.Estimate(samples, seed, inf, inf, inf);
        }
        double mean = 0;
        double var = 0;
        for (int t = 0; t < obj.terms().length; t++) {
            long ts = seed + t * 0x9E3779B97F4A7C15L;
            MonteCarloCurve c = CotError.monteCarlo(p, obj.targetCovariances()[t], obj.m().getAsInt(), new int[] {obj.k()},
                    new CotError.MonteCarloSettings(samples, ts, obj.sampling().parallel()));
            double w = obj.terms()[t].weight;
            mean += w * c.mean()[0];
            double se = c.sd()[0] / Math.sqrt(samples);
            var += w * w * se * se;
        }
        if (mean == Double.POSITIVE_INFINITY) {
            return new ExactObjective.Estimate(samples, seed, mean, mean, mean);
        }
        double half = MonteCarloCurve.Z95 * Math.sqrt(var);
        return new ExactObjective.Estimate(samples, seed, mean, mean - half, mean + half);
    }

    /** See {@link ExactObjective#fresh}. */
    static ExactObjective.FreshEstimate fresh(ExactObjective obj, double[] pi, int samples, long seed) {
        DMatrixRMaj p = preconditioner(obj, pi, "a fresh-prompt estimate");
        if (p == null) {
            double inf = Double.POSITIVE_INFINITY;
            return new ExactObjective.FreshEstimate(samples, seed, inf, inf, inf, inf, 1, obj.statistic().name());
        }
        double[][] y = new double[samples][1];
        double[] h = new double[samples];
        double eh = 0;
        for (int t = 0; t < obj.terms().length; t++) {
            long ts = seed + t * 0x9E3779B97F4A7C15L;
            int[] ks = obj.k() == 1 ? new int[] {1} : new int[] {1, obj.k()};
            CotError.PromptErrors pe = CotError.monteCarloValues(p, obj.targetCovariances()[t], obj.m().getAsInt(), ks,
                    new CotError.MonteCarloSettings(samples, ts, obj.sampling().parallel()));
            double w = obj.terms()[t].weight;
            double[][] ex = pe.expected();
            for (int i = 0; i < samples; i++) {
                y[i][0] += w * ex[i][ks.length - 1];
                h[i] += w * ex[i][0];
            }
            eh += w * CotError.oneStepFiniteM(p, obj.targetCovariances()[t], obj.m().getAsInt());
        }
        if (!obj.statistic().isMean()) {
            double[] v = new double[samples];
            for (int i = 0; i < samples; i++) {
                v[i] = y[i][0];
            }
            ErrorSummary st = ErrorSummary.of(v, seed);
            return new ExactObjective.FreshEstimate(samples, seed, st.median(), st.medianLow(), st.medianHigh(), st.mean(), 1,
                    obj.statistic().name());
        }
        double my = 0;
        double mh = 0;
        for (int i = 0; i < samples; i++) {
            my += y[i][0];
            mh += h[i];
        }
        my /= samples;
        mh /= samples;
        if (!Double.isFinite(my)) {
            double inf = Double.POSITIVE_INFINITY;
            return new ExactObjective.FreshEstimate(samples, seed, inf, inf, inf, inf, 1, "mean");
        }
        double syh = 0;
        double shh = 0;
        double syy = 0;
        for (int i = 0; i < samples; i++) {
            syh += (y[i][0] - my) * (h[i] - mh);
            shh += (h[i] - mh) * (h[i] - mh);
            syy += (y[i][0] - my) * (y[i][0] - my);
        }
        double beta = shh > 0 ? syh / shh : 0;
        double[][] z = new double[samples][1];
        double min = 0;
        for (int i = 0; i < samples; i++) {
            z[i][0] = y[i][0] - beta * (h[i] - eh);
            min = Math.min(min, z[i][0]);
        }
        double zz = 0;
        double mz = my - beta * (mh - eh);
        for (int i = 0; i < samples; i++) {
            zz += (z[i][0] - mz) * (z[i][0] - mz);
            z[i][0] -= min;
        }
        ErrorSummary st = ErrorSummary.ofColumns(z, seed)[0];
        double reduction = zz > 0 ? syy / zz : 1;
        return new ExactObjective.FreshEstimate(samples, seed, Math.max(0, mz), Math.max(0, st.ciLow() + min), st.ciHigh() + min,
                my, reduction, "mean");
    }

    /** {@code P(π)} after the checks; null where {@code M̄(π)} is singular. */
    private static DMatrixRMaj preconditioner(ExactObjective obj, double[] pi, String what) {
        obj.checkLength(pi);
        if (obj.m().isEmpty()) {
            throw new IllegalArgumentException("m: " + what + " needs a finite m");
        }
        try {
            return Preconditioner.of(obj.catalog(), pi, obj.n());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
