package org.taskmix.validation;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.taskmix.catalog.TrainingSettings;
import org.taskmix.linalg.RandomOrthogonal;
import org.taskmix.linalg.SymmetricMatrix;
import org.taskmix.theory.Preconditioner;

/**
 * One-shot throughput of the LSA kernels for the peer scripts under {@code src/bench/lsa/}, which
 * run it alternately with the PyTorch peers. JMH ({@link TrainingBenchmark}, {@link CotBenchmark})
 * gives steadier figures; this command gives a figure in a few seconds, in the same units and on
 * the same problem as the peer scripts, so the two can alternate within the same minute.
 *
 * <pre>
 *   java -cp target/benchmarks.jar org.taskmix.validation.KernelBench train --d 20 --n 20 --batch 512 --steps 200
 *   java -cp target/benchmarks.jar org.taskmix.validation.KernelBench cot --d 100 --m 400 --k 32 --prompts 512
 * </pre>
 * Options: {@code --threads T} (default: all processors), {@code --warmup W} (untimed runs first,
 * for the JIT), {@code --warmup-seconds S} (keep running untimed runs until S seconds have passed,
 * default 0: the timed runs are a fraction of a second, and the JIT is still compiling the hot
 * loops for the first few seconds, so a count of runs alone measures part of the warm-up). The covariance is
 * {@code Λ = Q diag(1/i) Qᵀ} with a seeded random rotation {@code Q}, as in the peers (which
 * draw their own rotation: the cost does not depend on which). Prints one
 * JSON line: rate (prompts/s or prompt-steps/s), wall and process CPU seconds of the timed part.
 */
public final class KernelBench {

    private KernelBench() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || !(args[0].equals("train") || args[0].equals("cot"))) {
            System.err.println("usage: KernelBench train|cot [--d D] [--n N] [--m M] [--batch B] [--steps S] "
                    + "[--k K] [--prompts P] [--threads T] [--warmup W] [--warmup-seconds S] [--precision double|float32]");
            System.exit(2);
        }
        Map<String, String> o = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int d = Integer.parseInt(o.getOrDefault("d", args[0].equals("cot") ? "100" : "20"));
        int threads = Integer.parseInt(o.getOrDefault("threads",
                Integer.toString(Runtime.getRuntime().availableProcessors())));
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "3"));
        long warmupUntil = System.nanoTime() + (long) (Double.parseDouble(o.getOrDefault("warmup-seconds", "0")) * 1e9);
        SymmetricMatrix lambda = rotated(d);
        String line;
        if (args[0].equals("train")) {
            int n = Integer.parseInt(o.getOrDefault("n", "20"));
            int batch = Integer.parseInt(o.getOrDefault("batch", "512"));
            int steps = Integer.parseInt(o.getOrDefault("steps", "200"));
            TrainingMixture mixture = TrainingMixture.single(lambda, n);
            TrainingSettings.Precision precision = TrainingSettings.Precision.valueOf(
                    o.getOrDefault("precision", "double").toUpperCase(Locale.ROOT));
            Trainer trainer = new Trainer(threads);
            long seed = 1;
            for (int i = 0; i < warmup || System.nanoTime() < warmupUntil; i++) {
                trainer.train(mixture, settings(steps, batch, seed++).withPrecision(precision), null);
            }
            long cpu0 = cpu();
            long t0 = System.nanoTime();
            trainer.train(mixture, settings(steps, batch, seed).withPrecision(precision), null);
            double wall = (System.nanoTime() - t0) * 1e-9;
            double cpuS = (cpu() - cpu0) * 1e-9;
            line = String.format(Locale.ROOT, "{\"kernel\":\"train\",\"d\":%d,\"n\":%d,\"batch\":%d,\"steps\":%d,"
                            + "\"threads\":%d,\"precision\":\"%s\",\"rate\":%.1f,\"unit\":\"prompts/s\","
                            + "\"wallSeconds\":%.4f,\"cpuSeconds\":%.4f}",
                    d, n, batch, steps, threads, precision.label(), (double) steps * batch / wall, wall, cpuS);
        } else {
            int m = Integer.parseInt(o.getOrDefault("m", "400"));
            int k = Integer.parseInt(o.getOrDefault("k", "32"));
            int prompts = Integer.parseInt(o.getOrDefault("prompts", "512"));
            LsaModel model = structured(lambda, d);
            ChainOfThought cot = new ChainOfThought(threads);
            long seed = 1;
            for (int i = 0; i < warmup || System.nanoTime() < warmupUntil; i++) {
                cot.evaluate(model, lambda, m, k, prompts, seed++, null);
            }
            long cpu0 = cpu();
            long t0 = System.nanoTime();
            cot.evaluate(model, lambda, m, k, prompts, seed, null);
            double wall = (System.nanoTime() - t0) * 1e-9;
            double cpuS = (cpu() - cpu0) * 1e-9;
            line = String.format(Locale.ROOT, "{\"kernel\":\"cot\",\"d\":%d,\"m\":%d,\"k\":%d,\"prompts\":%d,"
                            + "\"threads\":%d,\"rate\":%.1f,\"unit\":\"prompt-steps/s\",\"wallSeconds\":%.4f,"
                            + "\"cpuSeconds\":%.4f}",
                    d, m, k, prompts, threads, (double) prompts * k / wall, wall, cpuS);
        }
        System.out.println(line);
    }

    private static TrainingSettings settings(int steps, int batch, long seed) {
        // A small constant rate: the benchmark measures speed, and must not stop at a divergence.
        return new TrainingSettings("adam", steps, batch, 1e-3, "constant", 2, seed);
    }

    /** {@code Q diag(1, 1/2, …, 1/d) Qᵀ} with a seeded Haar-random orthogonal {@code Q}. */
    static SymmetricMatrix rotated(int d) {
        double[] spectrum = new double[d];
        for (int i = 0; i < d; i++) {
            spectrum[i] = 1.0 / (i + 1);
        }
        return SymmetricMatrix.fromEigen(spectrum, RandomOrthogonal.haar(d, 1));
    }

    /** The trained model's zero pattern: {@code V_31 = −P}, {@code W} initial. */
    static LsaModel structured(SymmetricMatrix sigma, int d) {
        return LsaModel.structured(Preconditioner.ofSingle(sigma, 20));
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
