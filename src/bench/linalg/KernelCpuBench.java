import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.SplittableRandom;

import org.ejml.data.DMatrixRMaj;
import org.taskmix.linalg.Gemm;
import org.taskmix.linalg.RankKUpdate;

/**
 * The register micro-kernel's two users in GFLOP per CPU second of the calling thread (one
 * thread): on a loaded machine the thread's CPU time, unlike wall time, counts only the cycles it
 * ran, so two builds measured in turn compare fairly (docs/benchmarks.md §14). {@code rankk}: one
 * RankKUpdate of ROWS rows, rows·d·(d+1) flops (the upper triangle, a multiply and an add per
 * entry); {@code gemm}: a d × d times d × ROWS product, 2·d²·ROWS flops. Prints the best and the
 * median of REPS timed runs of about 2 GFLOP each, after three such runs of warm-up.
 *
 *   java --add-modules jdk.incubator.vector -cp target/taskmix.jar src/bench/linalg/KernelCpuBench.java rankk 768 128 5
 */
public class KernelCpuBench {
    public static void main(String[] args) {
        if (args[0].equals("gemm")) {
            gemm(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            return;
        }
        int d = Integer.parseInt(args[1]);
        int rows = Integer.parseInt(args[2]);
        int reps = Integer.parseInt(args[3]);
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
        print("rankk " + kernel.name() + " d " + d + " rows " + rows, rates, iters);
    }

    static void gemm(int d, int n, int reps) {
        SplittableRandom rng = new SplittableRandom(1);
        DMatrixRMaj a = new DMatrixRMaj(d, d);
        DMatrixRMaj b = new DMatrixRMaj(d, n);
        for (int i = 0; i < a.data.length; i++) a.data[i] = rng.nextDouble() - 0.5;
        for (int i = 0; i < b.data.length; i++) b.data[i] = rng.nextDouble() - 0.5;
        DMatrixRMaj c = new DMatrixRMaj(d, n);
        double flops = 2.0 * d * d * n;
        int iters = (int) Math.max(1, Math.round(2e9 / flops));
        for (int i = 0; i < 3 * iters; i++) {
            Gemm.multiply(a, b, c, false);
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double[] rates = new double[reps];
        for (int r = 0; r < reps; r++) {
            long t0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < iters; i++) {
                Gemm.multiply(a, b, c, false);
            }
            rates[r] = flops * iters / (mx.getCurrentThreadCpuTime() - t0);
        }
        print("gemm " + Gemm.kernelName() + " d " + d + " n " + n, rates, iters);
    }

    static void print(String what, double[] rates, int iters) {
        java.util.Arrays.sort(rates);
        System.out.printf("%s: best %.1f, median %.1f GFLOP per CPU second (%d runs of %d)%n",
                what, rates[rates.length - 1], rates[rates.length / 2], rates.length, iters);
    }
}
