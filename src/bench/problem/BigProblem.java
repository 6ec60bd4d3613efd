import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A large full-matrix problem file for the streaming reader's benchmark (docs/formats.md, "Limits
 * and input rules"): TASKS tasks of dimension D, each covariance written as D rows of D numbers
 * in shortest round-trip form (about 20 characters per entry: 10^6 tasks at d = 16 are 5 GB).
 * Task t's covariance is {@code diag(1 … d)/d + v vᵀ} with a seeded random v (positive definite).
 *
 *   java src/bench/problem/BigProblem.java OUT.json TASKS D
 */
public class BigProblem {
    public static void main(String[] a) throws Exception {
        Path out = Path.of(a[0]);
        int tasks = Integer.parseInt(a[1]);
        int d = Integer.parseInt(a[2]);
        try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(out),
                StandardCharsets.US_ASCII), 1 << 20)) {
            w.write("{\"format\": \"taskmix/problem-1\", \"name\": \"big\", \"dimension\": " + d + ",\n \"tasks\": [\n");
            double[] v = new double[d];
            StringBuilder sb = new StringBuilder();
            for (int t = 0; t < tasks; t++) {
                SplittableRandom rng = new SplittableRandom(t);
                for (int i = 0; i < d; i++) {
                    v[i] = rng.nextGaussian() * 0.3;
                }
                sb.setLength(0);
                sb.append(t == 0 ? "  " : ",\n  ").append("{\"name\": \"t").append(t).append("\", \"covariance\": [");
                for (int i = 0; i < d; i++) {
                    sb.append(i == 0 ? "[" : ", [");
                    for (int j = 0; j < d; j++) {
                        double x = v[i] * v[j] + (i == j ? (i + 1.0) / d : 0);
                        sb.append(j == 0 ? "" : ", ").append(x);
                    }
                    sb.append(']');
                }
                sb.append("]}");
                w.append(sb);
            }
            w.write("\n ],\n \"target\": {\"name\": \"I\", \"covariance\": {\"diagonal\": [");
            for (int i = 0; i < d; i++) {
                w.write(i == 0 ? "1" : ", 1");
            }
            w.write("]}}\n}\n");
        }
    }
}
