package org.taskmix.validation;

import java.lang.management.ManagementFactory;
import java.util.Locale;

import org.ejml.data.DMatrixRMaj;
import org.taskmix.catalog.TrainingSettings;
import org.taskmix.linalg.SymmetricMatrix;
import org.taskmix.theory.Preconditioner;

/**
 * The accuracy cost of {@code --precision float32} (docs/benchmarks.md §9): trains the LSA model
 * on one task {@code Λ = Q diag(1, 1/2, …, 1/d) Qᵀ} ({@link KernelBench#rotated}) in double and in
 * float32 with the same seed and settings, and prints per precision one JSON line with the
 * relative distance {@code ‖V_31 + P‖/‖P‖} to the population optimum, the final loss, the wall
 * and process CPU seconds, and the relative distance between the two trained {@code V_31}.
 *
 * <pre>
 *   java -cp target/benchmarks.jar org.taskmix.validation.PrecisionBench --d 20 --n 20 --steps 2000 --batch 256
 * </pre>
 */
public final class PrecisionBench {

    private PrecisionBench() {
    }

    public static void main(String[] args) {
        java.util.Map<String, String> o = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int d = Integer.parseInt(o.getOrDefault("d", "20"));
        int n = Integer.parseInt(o.getOrDefault("n", "20"));
        int steps = Integer.parseInt(o.getOrDefault("steps", "2000"));
        int batch = Integer.parseInt(o.getOrDefault("batch", "256"));
        double lr = Double.parseDouble(o.getOrDefault("lr", "0.01"));
        long seed = Long.parseLong(o.getOrDefault("seed", "17"));
        int threads = Integer.parseInt(o.getOrDefault("threads",
                Integer.toString(Runtime.getRuntime().availableProcessors())));
        SymmetricMatrix lambda = KernelBench.rotated(d);
        DMatrixRMaj p = Preconditioner.ofSingle(lambda, n);
        TrainingMixture mixture = TrainingMixture.single(lambda, n);
        TrainingSettings base = new TrainingSettings("adam", steps, batch, lr, "cosine", 2, seed);
        DMatrixRMaj first = null;
        for (TrainingSettings.Precision precision : TrainingSettings.Precision.values()) {
            long cpu0 = cpu();
            TrainingResult r = new Trainer(threads).train(mixture, base.withPrecision(precision), null);
            double cpuS = (cpu() - cpu0) * 1e-9;
            DMatrixRMaj v31 = r.model().v31();
            double between = Double.NaN;
            if (first == null) {
                first = v31;
            } else {
                DMatrixRMaj diff = v31.copy();
                org.ejml.dense.row.CommonOps_DDRM.subtractEquals(diff, first);
                between = org.ejml.dense.row.NormOps_DDRM.normF(diff) / org.ejml.dense.row.NormOps_DDRM.normF(first);
            }
            System.out.println(String.format(Locale.ROOT, "{\"d\":%d,\"n\":%d,\"steps\":%d,\"batch\":%d,\"precision\":\"%s\","
                            + "\"completed\":%b,\"distanceToMinusP\":%.6g,\"finalLoss\":%.6g,\"v31VsDouble\":%.3g,"
                            + "\"wallSeconds\":%.3f,\"cpuSeconds\":%.3f}",
                    d, n, steps, batch, precision.label(), r.completed(), Validation.distance(r.model(), p),
                    r.loss().last(), between, r.seconds(), cpuS));
        }
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
