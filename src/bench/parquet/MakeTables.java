import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.taskmix.io.ParquetSampleWriter;

/**
 * Benchmark data for {@code estimate --manifest} at scale: TASKS float16 Parquet files of ROWS
 * rows of dimension D, and a manifest tasks.jsonl. Task t's rows are independent normals scaled
 * per column by {@code 1 + 9·frac((c·(t+1)·0.618))} (a diagonal covariance whose hardness differs
 * by task), cheap to draw so the benchmark times the reader and the estimator, not the generator.
 *
 *   java -cp target/taskmix.jar src/bench/parquet/MakeTables.java OUTDIR TASKS ROWS D
 */
public class MakeTables {
    public static void main(String[] a) throws Exception {
        Path out = Path.of(a[0]);
        int tasks = Integer.parseInt(a[1]);
        int rows = Integer.parseInt(a[2]);
        int d = Integer.parseInt(a[3]);
        Files.createDirectories(out);
        StringBuilder manifest = new StringBuilder();
        double[] x = new double[d];
        for (int t = 0; t < tasks; t++) {
            double[] scale = new double[d];
            for (int c = 0; c < d; c++) {
                double f = c * (t + 1) * 0.6180339887;
                scale[c] = 1 + 9 * (f - Math.floor(f));
            }
            SplittableRandom rng = new SplittableRandom(1000 + t);
            String name = String.format("t%03d", t);
            try (ParquetSampleWriter w = ParquetSampleWriter.create(out.resolve(name + ".parquet"), d,
                    ParquetSampleWriter.Precision.HALF)) {
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < d; c++) {
                        x[c] = rng.nextGaussian() * scale[c];
                    }
                    w.row(name, x);
                }
            }
            manifest.append("{\"name\": \"").append(name).append("\", \"path\": \"").append(name)
                    .append(".parquet\", \"column\": \"embedding\"}\n");
        }
        Files.writeString(out.resolve("tasks.jsonl"), manifest);
    }
}
