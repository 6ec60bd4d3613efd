import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.taskmix.catalog.Problem;
import org.taskmix.catalog.Target;
import org.taskmix.io.Json;
import org.taskmix.io.ProblemReader;
import org.taskmix.io.WeightsFile;
import org.taskmix.theory.Prediction;

/**
 * Each target under the weighted-sum mixture and under the robust (worst-target) mixture, side
 * by side. Run with the taskmix jar on the class path:
 *
 * <pre>
 * java -cp target/taskmix.jar PerTarget.java PROBLEM WEIGHTED_SUM_SOLUTION ROBUST_SOLUTION K OUT_JSON
 * </pre>
 *
 * Both solutions are {@code taskmix solve --json} outputs. Prints both weight vectors, then per target: its weight, the surrogate
 * objective {@code ‖I − Σ⁻¹Λ_mix‖_F²} under both mixtures (read from the solutions), and the
 * chain-of-thought error after K steps the theory predicts on it (m = infinity closed form, per
 * dimension, computed here with the API). Then the worst target and the weighted sum under both.
 */
public class PerTarget {

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: PerTarget PROBLEM WEIGHTED_SUM_SOLUTION ROBUST_SOLUTION K OUT_JSON");
            System.exit(2);
        }
        Problem problem = ProblemReader.read(Path.of(args[0]));
        JsonNode ws = Json.mapper().readTree(Path.of(args[1]).toFile());
        JsonNode rb = Json.mapper().readTree(Path.of(args[2]).toFile());
        int k = Integer.parseInt(args[3]);
        Prediction.Settings theory = new Prediction.Settings(new int[] {k}, OptionalInt.empty(), 2, 1,
                problem.settings().n(), false);

        double[] wWs = WeightsFile.read(Path.of(args[1]), problem.catalog());
        double[] wRb = WeightsFile.read(Path.of(args[2]), problem.catalog());
        System.out.printf("%-18s %-6s %12s %12s%n", "task", "group", "weighted-sum", "robust");
        for (int i = 0; i < wWs.length; i++) {
            System.out.printf("%-18s %-6s %12.4f %12.4f%n", problem.catalog().task(i).name(),
                    problem.catalog().task(i).group(), wWs[i], wRb[i]);
        }
        System.out.println();

        Prediction pWs = Prediction.of(problem, wWs, theory);
        Prediction pRb = Prediction.of(problem, wRb, theory);
        List<Target> targets = problem.targets();
        Map<String, Object> perTarget = new LinkedHashMap<>();
        double worstWs = Double.NEGATIVE_INFINITY;
        double worstRb = Double.NEGATIVE_INFINITY;
        String worstWsName = "";
        String worstRbName = "";
        double sumWs = 0;
        double sumRb = 0;
        double worstCotWs = Double.NEGATIVE_INFINITY;
        double worstCotRb = Double.NEGATIVE_INFINITY;
        String worstCotWsName = "";
        String worstCotRbName = "";
        System.out.printf("%-10s %6s | %-25s | %-25s%n", "", "", "surrogate objective", "CoT error at k = " + k);
        System.out.printf("%-10s %6s | %12s %12s | %12s %12s%n", "target", "weight", "weighted-sum", "robust",
                "weighted-sum", "robust");
        for (int t = 0; t < targets.size(); t++) {
            String name = targets.get(t).name();
            double w = targets.get(t).weight();
            double fWs = objectiveOf(ws, name);
            double fRb = objectiveOf(rb, name);
            double eWs = pWs.targets().get(t).curve().get(0).error();
            double eRb = pRb.targets().get(t).curve().get(0).error();
            System.out.printf("%-10s %6.2f | %12.4f %12.4f | %12.5f %12.5f%n", name, w, fWs, fRb, eWs, eRb);
            if (fWs > worstWs) {
                worstWs = fWs;
                worstWsName = name;
            }
            if (fRb > worstRb) {
                worstRb = fRb;
                worstRbName = name;
            }
            if (eWs > worstCotWs) {
                worstCotWs = eWs;
                worstCotWsName = name;
            }
            if (eRb > worstCotRb) {
                worstCotRb = eRb;
                worstCotRbName = name;
            }
            sumWs += w * fWs;
            sumRb += w * fRb;
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("weight", w);
            row.put("weightedSumObjective", fWs);
            row.put("robustObjective", fRb);
            row.put("weightedSumCotError", eWs);
            row.put("robustCotError", eRb);
            perTarget.put(name, row);
        }
        System.out.printf("%-10s %6s | %12.4f %12.4f | %12.5f %12.5f%n", "worst", "", worstWs, worstRb, worstCotWs,
                worstCotRb);
        System.out.printf("%-10s %6s | %12.4f %12.4f |%n", "weighted", "", sumWs, sumRb);
        System.out.printf("%nworst target, surrogate: %s %.4f under the weighted sum -> %s %.4f under robust (%.1f%% lower);"
                + " the weighted sum of the objectives rises %.1f%% (%.4f -> %.4f)%n", worstWsName, worstWs, worstRbName,
                worstRb, 100 * (worstWs - worstRb) / worstWs, 100 * (sumRb - sumWs) / sumWs, sumWs, sumRb);
        System.out.printf("worst target, CoT error at k = %d: %s %.5f under the weighted sum -> %s %.5f under robust%n", k,
                worstCotWsName, worstCotWs, worstCotRbName, worstCotRb);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cotK", k);
        out.put("targets", perTarget);
        out.put("worstWeightedSum", worstWs);
        out.put("worstWeightedSumTarget", worstWsName);
        out.put("worstRobust", worstRb);
        out.put("worstRobustTarget", worstRbName);
        out.put("worstReduction", worstWs - worstRb);
        out.put("relativeWorstReduction", (worstWs - worstRb) / worstWs);
        out.put("worstCotErrorWeightedSum", worstCotWs);
        out.put("worstCotErrorWeightedSumTarget", worstCotWsName);
        out.put("worstCotErrorRobust", worstCotRb);
        out.put("worstCotErrorRobustTarget", worstCotRbName);
        out.put("weightedSumOfWeightedSum", sumWs);
        out.put("weightedSumOfRobust", sumRb);
        out.put("weightedSumIncrease", sumRb - sumWs);
        Files.writeString(Path.of(args[4]), Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(out) + "\n");
    }

    private static double objectiveOf(JsonNode solution, String target) {
        for (JsonNode t : solution.get("targets")) {
            if (t.get("name").asText().equals(target)) {
                return t.get("objective").asDouble();
            }
        }
        throw new IllegalArgumentException("target " + target + " is not in the solution");
    }
}
