package org.taskmix.cli;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.taskmix.catalog.Shrinkage;
import org.taskmix.catalog.SpectralDiagnostics;
import org.taskmix.catalog.Wishart;
import org.taskmix.linalg.SymmetricMatrix;

/**
 * The parametric bootstrap behind {@code estimate --bootstrap}: a hardness interval per task.
 * Kept out of {@link EstimateCommand} so the command stays about options and output.
 */
final class HardnessBootstrap {
    private HardnessBootstrap() {
    }

    /**
     * Bias-corrected hardness and its 90% interval from {@code b} parametric-bootstrap redraws of
     * the estimate (each re-shrunk as the estimate was), by the basic bootstrap
     * ({@link Shrinkage#basicInterval}). Task {@code index} takes the {@code index}-th stream split
     * from the seed, so tasks do not share draws.
     */
    static double[] interval(SymmetricMatrix est, double samples, Shrinkage.Method method, int b,
                             SplittableRandom root, int index) {
        SplittableRandom rng = root;
        for (int i = 0; i < index; i++) {
            rng = rng.split();
        }
        Wishart w = new Wishart(est);
        double[] h = new double[b];
        for (int r = 0; r < b; r++) {
            SymmetricMatrix s = Shrinkage.apply(w.sampleMoment(samples, rng), samples, method).covariance();
            h[r] = SpectralDiagnostics.of(s).hardness();
        }
        Arrays.sort(h);
        return Shrinkage.basicInterval(SpectralDiagnostics.of(Shrinkage.apply(est, samples, method).covariance())
                .hardness(), quantile(h, 0.05), quantile(h, 0.5), quantile(h, 0.95), est.dim());
    }

    private static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        double f = pos - lo;
        return f == 0 || sorted[lo] == sorted[hi] ? sorted[lo] : sorted[lo] + f * (sorted[hi] - sorted[lo]);
    }
}
