import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.SplittableRandom;

import org.taskmix.linalg.RankKUpdate;

/**
 * RankKUpdate's kernel in GFLOP per CPU second of the calling thread (one thread): on a loaded
 * machine the thread's CPU time, unlike wall time, counts only the cycles it ran, so two builds
 * measured in turn compare fairly (docs/benchmarks.md §14). Flops = rows·d·(d+1) per update
 * (the upper triangle, a multiply and an add per entry). Prints the best and the median of REPS
 * timed runs of ITERS updates each, after WARMUP updates.
 *
 *   java --add-modules jdk.incubator.vector -cp target/taskmix.jar src/bench/linalg/RankKCpuBench.java 768 128 7
 */
public class RankKCpuBench {
    public static void main(String[] args) {
        int d = Integer.parseInt(args[0]);
        int rows = Integer.parseInt(args[1]);
        int reps = Integer.parseInt(args[2]);
        SplittableRandom rng = new SplittableRandom(1);
        double[][] x = new double[rows][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = (float) (rng.nextDouble() - 0.5);
            }
        }
        double[][] c = new double[d][d];
        RankKUpdate kernel = RankKUpdate.create(d, rows);
        double flops = (double) rows * d * (d + 1);
        // About 2 GFLOP per timed run: long enough to dwarf the clock's granularity.
        int iters = (int) Math.max(1, Math.round(2e9 / flops));
        for (int i = 0; i < 3 * iters; i++) {
            kernel.update(x, rows, c, 1);
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double[] rates = new double[reps];
        for (int r = 0; r < reps; r++) {
            long t0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < iters; i++) {
                kernel.update(x, rows, c, 1);
            }
            rates[r] = flops * iters / (mx.getCurrentThreadCpuTime() - t0);
        }
        java.util.Arrays.sort(rates);
        System.out.printf("kernel %s d %d rows %d: best %.1f, median %.1f GFLOP per CPU second (%d runs of %d updates)%n",
                kernel.name(), d, rows, rates[reps - 1], rates[reps / 2], reps, iters);
    }
}
