package org.taskmix.validation;

import java.util.Locale;

import org.taskmix.catalog.TrainingSettings;
import org.taskmix.linalg.SymmetricMatrix;
import org.taskmix.theory.Preconditioner;

/**
 * Accuracy of training (docs/benchmarks.md §3): the relative Frobenius distance of the trained
 * {@code V_31} from {@code −Γ⁻¹} for one rotated task ({@code Λ = Q diag(1/i) Qᵀ}, as in
 * {@link KernelBench}), Adam with 2,000 steps of 256 prompts (lr 0.01, cosine, 100 warm-up
 * steps), averaged over seeds 1..S. Prints one JSON line per {@code (d, n)}.
 *
 * <pre>
 *   java -cp target/benchmarks.jar org.taskmix.validation.AccuracyBench [SEEDS] [d:n ...]
 * </pre>
 * Defaults: 4 seeds, {@code 5:10 8:20}.
 */
public final class AccuracyBench {

    private AccuracyBench() {
    }

    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        String[] shapes = args.length > 1 ? java.util.Arrays.copyOfRange(args, 1, args.length)
                : new String[] {"5:10", "8:20"};
        for (String shape : shapes) {
            int d = Integer.parseInt(shape.split(":")[0]);
            int n = Integer.parseInt(shape.split(":")[1]);
            SymmetricMatrix lambda = KernelBench.rotated(d);
            double sum = 0;
            StringBuilder each = new StringBuilder();
            for (long seed = 1; seed <= seeds; seed++) {
                TrainingSettings s = new TrainingSettings("adam", 2000, 256, 0.01, "cosine", 100, seed);
                TrainingResult r = new Trainer().train(TrainingMixture.single(lambda, n), s, null);
                double dist = Validation.distance(r.model(), Preconditioner.ofSingle(lambda, n));
                sum += dist;
                each.append(each.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.5f", dist));
            }
            System.out.printf(Locale.ROOT, "{\"d\":%d,\"n\":%d,\"seeds\":%d,\"meanDistance\":%.5f,\"distances\":[%s]}%n",
                    d, n, seeds, sum / seeds, each);
        }
    }
}
