import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.taskmix.catalog.Problem;
import org.taskmix.io.Json;
import org.taskmix.io.ProblemReader;
import org.taskmix.theory.Prediction;

/**
 * What each curation what-if costs. Run with the taskmix jar on the class path:
 *
 * <pre>
 * java -cp target/taskmix.jar Losses.java FULL_PROBLEM OUT_JSON BASE_SOLUTION NAME=SOLUTION...
 * </pre>
 *
 * Each SOLUTION is a {@code taskmix solve --json} output, BASE_SOLUTION the one on the full
 * catalog. For every case: tasks kept, the re-solved surrogate objective, its loss against the base
 * (absolute and relative), the certified gap of the re-solve, and the chain-of-thought error the
 * theory predicts on the target (m = infinity closed form, per dimension) at the problem's
 * smallest k, at the best CoT length k* (over k = 1..kMax) and at the largest k, with the
 * dropped tasks at weight 0 in the full catalog.
 */
public class Losses {

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: Losses FULL_PROBLEM OUT_JSON BASE_SOLUTION NAME=SOLUTION...");
            System.exit(2);
        }
        Problem full = ProblemReader.read(Path.of(args[0]));
        Path outFile = Path.of(args[1]);
        List<String> names = new ArrayList<>(List.of("full"));
        List<Path> files = new ArrayList<>(List.of(Path.of(args[2])));
        for (int a = 3; a < args.length; a++) {
            int eq = args[a].indexOf('=');
            names.add(args[a].substring(0, eq));
            files.add(Path.of(args[a].substring(eq + 1)));
        }
        int[] ks = full.settings().k().stream().mapToInt(Integer::intValue).toArray();
        int kLo = ks[0];
        int kHi = ks[ks.length - 1];
        // m = infinity: the closed form, no sampling, so these columns are deterministic.
        Prediction.Settings theory = new Prediction.Settings(new int[] {kLo, kHi}, OptionalInt.empty(), 2, 1,
                full.settings().n(), false);

        double base = Double.NaN;
        Map<String, Object> cases = new LinkedHashMap<>();
        System.out.printf("%-22s %5s %10s %10s %9s %8s  %9s %3s %9s %9s%n", "case", "tasks", "objective", "loss",
                "loss %", "gap", "err k=" + kLo, "k*", "err k*", "err k=" + kHi);
        for (int c = 0; c < names.size(); c++) {
            JsonNode sol = Json.mapper().readTree(files.get(c).toFile());
            double objective = sol.get("objective").asDouble();
            if (c == 0) {
                base = objective;
            }
            double[] w = new double[full.catalog().size()];
            int kept = 0;
            for (var it = sol.get("weights").fields(); it.hasNext(); ) {
                var e = it.next();
                int i = full.catalog().indexOf(e.getKey());
                if (i < 0) {
                    throw new IllegalArgumentException(files.get(c) + ": task " + e.getKey() + " is not in " + args[0]);
                }
                w[i] = e.getValue().asDouble();
                kept++;
            }
            Prediction p = Prediction.of(full, w, theory);
            double errLo = p.curve().get(0).error();
            double errHi = p.curve().get(1).error();
            double loss = objective - base;
            double gap = sol.get("certificate").get("gap").asDouble();
            System.out.printf("%-22s %5d %10.6g %10.4g %8.3f%% %8.2g  %9.4g %3d %9.4g %9.4g%n", names.get(c), kept,
                    objective, loss, 100 * loss / base, gap, errLo, p.kStar(), p.errorAtKStar(), errHi);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("tasks", kept);
            row.put("status", sol.get("status").asText());
            row.put("objective", objective);
            row.put("loss", loss);
            row.put("relativeLoss", loss / base);
            row.put("gap", gap);
            row.put("cotErrorKMin", errLo);
            row.put("kStar", p.kStar());
            row.put("cotErrorAtKStar", p.errorAtKStar());
            row.put("cotErrorKMax", errHi);
            cases.put(names.get(c), row);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("problem", full.name());
        out.put("kMin", kLo);
        out.put("kMax", kHi);
        out.put("cotErrorNormalization", Prediction.NORMALIZATION + ", m = infinity");
        out.put("cases", cases);
        Files.writeString(outFile, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(out) + "\n");
    }
}
