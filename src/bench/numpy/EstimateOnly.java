import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.taskmix.io.SampleFiles;
import org.taskmix.linalg.RankKUpdate;

/**
 * The reading and covariance accumulation part of {@code estimate} alone (no eigenvalue check,
 * no hardness table, no output), over every *.parquet / *.npy file of a folder, one task per
 * file, as {@code estimate --manifest} reads them: wall and process CPU seconds.
 *
 *   java --add-modules jdk.incubator.vector -cp target/taskmix.jar src/bench/numpy/EstimateOnly.java DIR [THREADS]
 */
public class EstimateOnly {
    public static void main(String[] a) throws Exception {
        Path dir = Path.of(a[0]);
        int threads = a.length > 1 ? Integer.parseInt(a[1]) : SampleFiles.defaultThreads();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".parquet") || p.toString().endsWith(".npy")).sorted()
                    .collect(Collectors.toList());
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        long rows = 0;
        int d = 0;
        double trace = 0;
        for (Path f : files) {
            SampleFiles.Estimate e = SampleFiles.estimate(f, false, threads, -1);
            rows += e.samples();
            d = e.dim();
            trace += e.covariance().trace();
        }
        double wall = (System.nanoTime() - t0) * 1e-9;
        double cpu = (os.getProcessCpuTime() - cpu0) * 1e-9;
        double flop = (double) rows * d * (d + 1);
        System.out.printf("%d files, %d rows, d = %d, kernel %s, %d threads: %.1f s wall, %.1f s CPU,"
                + " %.1f GFLOP/s per CPU-second (sum of traces %.6g)%n", files.size(), rows, d,
                RankKUpdate.create(d, 128).name(), threads, wall, cpu, flop / cpu * 1e-9, trace);
    }
}
