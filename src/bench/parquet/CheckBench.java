import java.nio.file.Path;
import java.util.Locale;

import org.taskmix.io.CovarianceSidecar;
import org.taskmix.linalg.LanczosExtremes;

/**
 * The per-task check of estimate at d = 4096 (docs/theory.md §8.1: Cholesky factor + two Lanczos
 * runs) on matrices of an existing sidecar, with the bits of the result, so two jars can be
 * compared for identical output and for speed. Prints per matrix λ_min, λ_max (and their raw
 * bits), the step counts, wall and process CPU seconds, and whether the pair equals the one the
 * sidecar's extremes trailer stores (written by estimate, possibly by another jar).
 *
 *   java --add-modules jdk.incubator.vector -cp JAR src/bench/parquet/CheckBench.java SIDECAR.npy [FIRST [COUNT]]
 */
public class CheckBench {
    public static void main(String[] a) throws Exception {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        CovarianceSidecar car = CovarianceSidecar.open(Path.of(a[0]), null);
        int first = a.length > 1 ? Integer.parseInt(a[1]) : 0;
        int count = a.length > 2 ? Integer.parseInt(a[2]) : 1;
        int d = car.dim();
        double[] flat = new double[d * d];
        int threads = Runtime.getRuntime().availableProcessors();
        double cpu = 0;
        double wall = 0;
        for (int k = first; k < first + count; k++) {
            car.read(k, flat);
            long c0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            LanczosExtremes.Run r = LanczosExtremes.run(flat, d, threads);
            double w = (System.nanoTime() - t0) * 1e-9;
            double c = (os.getProcessCpuTime() - c0) * 1e-9;
            wall += w;
            cpu += c;
            System.out.printf(Locale.ROOT, "matrix %d: min %.17g (%016x) max %.17g (%016x) steps %d/%d: %.2f s wall,"
                    + " %.2f s CPU%n", k, r.min(), Double.doubleToRawLongBits(r.min()), r.max(),
                    Double.doubleToRawLongBits(r.max()), r.maxSteps(), r.minSteps(), w, c);
        }
        System.out.printf(Locale.ROOT, "total %d matrices: %.2f s wall, %.2f s CPU on %d threads%n", count, wall, cpu,
                threads);
    }
}
