package org.taskmix.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.taskmix.linalg.SymmetricMatrix;

/**
 * {@code estimate} over a 1,000,000 × 64 float32 NPY file (256 MB): read in blocks, accumulate
 * the upper triangle, merge chunks in row order. The file is generated once into the system
 * temporary folder (never committed) and reused by later runs.
 *
 * <pre>mvn -B -q -Pbench package -DskipTests && java -jar target/benchmarks.jar EstimateBenchmark -f 1 -wi 2 -i 3</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "--add-modules", "jdk.incubator.vector"})
public class EstimateBenchmark {

    static final long ROWS = 1_000_000;
    static final int DIM = 64;

    @Param({"1", "2"})
    int threads;

    @Param({"false", "true"})
    boolean center;

    Path file;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        file = Path.of(System.getProperty("java.io.tmpdir"), "taskmix-bench-1000000x64-f4.npy");
        long expected = 128 + ROWS * DIM * 4;
        if (Files.exists(file) && Files.size(file) == expected) {
            return;
        }
        Path tmp = Files.createTempFile(file.getParent(), "taskmix-bench", ".npy");
        SplittableRandom rng = new SplittableRandom(1);
        double[] row = new double[DIM];
        try (NpyWriter w = NpyWriter.create(tmp, ROWS, DIM, true)) {
            for (long r = 0; r < ROWS; r++) {
                // Correlated, non-centred columns so the centred and uncentred paths both work.
                double common = rng.nextDouble() - 0.5;
                for (int c = 0; c < DIM; c++) {
                    row[c] = 0.1 * c + common + (rng.nextDouble() - 0.5) / (1 + c);
                }
                w.row(row);
            }
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Benchmark
    public SymmetricMatrix estimate() {
        SymmetricMatrix s = SampleFiles.estimate(file, center, threads, DIM).covariance();
        AtomicFiles.clearInputs();
        return s;
    }
}
