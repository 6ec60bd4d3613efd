import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.OptionalInt;

import org.taskmix.catalog.Problem;
import org.taskmix.io.ProblemReader;
import org.taskmix.theory.ExactObjective;

/**
 * CPU time of one value-and-gradient evaluation of the sampled exact objective J_K (one thread,
 * so load from other processes changes wall time but hardly the thread's CPU time).
 * A single-file program: {@code java -cp target/taskmix.jar src/bench/exact/KernelBench.java
 * PROBLEM K M PROMPTS REPEATS}. Prints CPU microseconds per prompt (best of the repeats) and the
 * value, so two builds can be compared on the same prompts (docs/theory.md §7.6).
 */
public final class KernelBench {

    public static void main(String[] args) throws Exception {
        Problem problem = ProblemReader.read(Path.of(args[0]));
        int k = Integer.parseInt(args[1]);
        int m = Integer.parseInt(args[2]);
        int prompts = Integer.parseInt(args[3]);
        int repeats = Integer.parseInt(args[4]);
        ExactObjective obj = new ExactObjective(problem, k, OptionalInt.of(m), problem.settings().n(),
                new ExactObjective.Sampling(prompts, 1L, false));
        double[] pi = new double[obj.size()];
        Arrays.fill(pi, 1.0 / pi.length);
        double[] grad = new double[pi.length];
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double best = Double.POSITIVE_INFINITY;
        double value = 0;
        for (int r = 0; r < repeats; r++) {
            long c0 = mx.getCurrentThreadCpuTime();
            value = obj.valueAndGradient(pi, grad);
            long c1 = mx.getCurrentThreadCpuTime();
            best = Math.min(best, (c1 - c0) * 1e-3 / prompts);
        }
        System.out.printf(Locale.ROOT, "%s K=%d m=%d d=%d prompts=%d: %.3f us CPU per prompt (best of %d), J=%.15g%n",
                args[0], k, m, problem.dim(), prompts, best, repeats, value);
    }
}
