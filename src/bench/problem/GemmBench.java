import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import org.taskmix.linalg.Gemm;

/**
 * d×d times d×n products: taskmix's Gemm (parallel and one thread) against EJML's single- and
 * multi-threaded mult, best of REPS runs, in GFlop/s (2·d²·n flops per product).
 *
 *   java --add-modules jdk.incubator.vector -cp target/taskmix.jar src/bench/problem/GemmBench.java 768 768 5
 */
public class GemmBench {
    public static void main(String[] args) {
        int d = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[1]);
        int reps = Integer.parseInt(args[2]);
        java.util.Random rng = new java.util.Random(1);
        DMatrixRMaj a = new DMatrixRMaj(d, d);
        DMatrixRMaj b = new DMatrixRMaj(d, n);
        for (int i = 0; i < a.data.length; i++) a.data[i] = rng.nextGaussian();
        for (int i = 0; i < b.data.length; i++) b.data[i] = rng.nextGaussian();
        DMatrixRMaj c = new DMatrixRMaj(d, n);
        double flops = 2.0 * d * d * n;
        System.out.println("kernel " + Gemm.kernelName() + ", d " + d + ", n " + n);
        String[] names = {"gemm-parallel", "gemm-1thread", "ejml-mt", "ejml"};
        for (int v = 0; v < names.length; v++) {
            double best = Double.MAX_VALUE;
            for (int r = 0; r < reps; r++) {
                long t0 = System.nanoTime();
                switch (v) {
                    case 0 -> Gemm.multiply(a, b, c, true);
                    case 1 -> Gemm.multiply(a, b, c, false);
                    case 2 -> CommonOps_MT_DDRM.mult(a, b, c);
                    default -> CommonOps_DDRM.mult(a, b, c);
                }
                best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            }
            System.out.printf("%-14s %.3f s  %.2f GFlop/s%n", names[v], best, flops / best / 1e9);
        }
    }
}
