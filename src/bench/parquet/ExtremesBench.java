import java.nio.file.Path;
import java.util.Locale;

import org.taskmix.io.SampleFiles;
import org.taskmix.linalg.LanczosExtremes;
import org.taskmix.linalg.SymmetricMatrix;

/**
 * The positive-semidefinite check and hardness of one task at d = 4096 (issue 13): estimates the
 * covariance of one sample file, then times LanczosExtremes (Cholesky factor + two Lanczos runs),
 * and with "dense" also the values-only eigendecomposition it replaces, and their agreement.
 * Wall and process CPU seconds.
 *
 *   java --add-modules jdk.incubator.vector -cp target/taskmix.jar src/bench/parquet/ExtremesBench.java FILE [dense]
 */
public class ExtremesBench {
    public static void main(String[] a) throws Exception {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        SampleFiles.Estimate e = SampleFiles.estimate(Path.of(a[0]), false, SampleFiles.defaultThreads(), -1);
        SymmetricMatrix m = e.covariance();
        int d = m.dim();
        double[] flat = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                flat[i * d + j] = m.get(i, j);
            }
        }
        int threads = Runtime.getRuntime().availableProcessors();
        for (int rep = 0; rep < 2; rep++) {
            long c0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            LanczosExtremes.Run r = LanczosExtremes.run(flat, d, threads);
            System.out.printf(Locale.ROOT, "lanczos d=%d: min %.15g max %.15g steps %d/%d converged %b: %.2f s wall, %.2f s CPU%n",
                    d, r.min(), r.max(), r.maxSteps(), r.minSteps(), r.converged(), (System.nanoTime() - t0) * 1e-9,
                    (os.getProcessCpuTime() - c0) * 1e-9);
            if (rep == 0 && r.converged()) {
                System.out.printf(Locale.ROOT, "hardness %.12g%n", m.trace() / r.min());
            }
        }
        if (a.length > 1 && a[1].equals("dense")) {
            long c0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            double[] ev = m.eigenvalues();
            System.out.printf(Locale.ROOT, "dense: min %.15g max %.15g: %.2f s wall, %.2f s CPU%n", ev[0], ev[d - 1],
                    (System.nanoTime() - t0) * 1e-9, (os.getProcessCpuTime() - c0) * 1e-9);
            double[] x = LanczosExtremes.of(flat, d, threads);
            System.out.printf(Locale.ROOT, "relative difference: min %.3g max %.3g%n", (x[0] - ev[0]) / ev[0],
                    (x[1] - ev[d - 1]) / ev[d - 1]);
        }
    }
}
