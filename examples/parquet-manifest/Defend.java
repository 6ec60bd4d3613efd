import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.taskmix.catalog.Problem;
import org.taskmix.catalog.SpectralDiagnostics;
import org.taskmix.io.ProblemReader;

/**
 * Compares the bootstrap-defended mixture with the ground truth: is every task the true optimum
 * uses selected in (nearly) every replicate, is every task it leaves out rarely selected, does
 * each true weight lie in its task's bootstrap range, and does the true hardness lie in each
 * task's bootstrap interval. Writes defence.json.
 *
 * <pre>java -cp taskmix.jar Defend.java TRUE_SOLUTION SOLUTION ESTIMATE TRUE_PROBLEM OUT</pre>
 */
public class Defend {
    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode truth = json.readTree(Path.of(args[0]).toFile()).get("weights");
        JsonNode stability = json.readTree(Path.of(args[1]).toFile()).get("stability");
        JsonNode estimate = json.readTree(Path.of(args[2]).toFile());
        Problem trueProblem = ProblemReader.read(Path.of(args[3]));
        double minSelectedWhenUsed = 1;
        double maxSelectedWhenUnused = 0;
        int weightsInRange = 0;
        double maxWeightMiss = 0;
        for (JsonNode t : stability.get("tasks")) {
            double w = truth.get(t.get("name").asText()).asDouble();
            double f = t.get("selectedFraction").asDouble();
            if (w > 1e-4) {
                minSelectedWhenUsed = Math.min(minSelectedWhenUsed, f);
            } else {
                maxSelectedWhenUnused = Math.max(maxSelectedWhenUnused, f);
            }
            double lo = t.get("weightLow").asDouble();
            double hi = t.get("weightHigh").asDouble();
            if (w >= lo && w <= hi) {
                weightsInRange++;
            }
            maxWeightMiss = Math.max(maxWeightMiss, Math.max(lo - w, w - hi));
        }
        int hardnessCovered = 0;
        double maxRawBias = 0;
        double maxBiasCorrectedError = 0;
        for (JsonNode t : estimate.get("tasks")) {
            int i = trueProblem.catalog().indexOf(t.get("name").asText());
            double h = SpectralDiagnostics.of(trueProblem.catalog().task(i).covariance()).hardness();
            if (h >= t.get("hardnessLow").asDouble() && h <= t.get("hardnessHigh").asDouble()) {
                hardnessCovered++;
            }
            maxRawBias = Math.max(maxRawBias, t.get("rawHardness").asDouble() / h - 1);
            maxBiasCorrectedError = Math.max(maxBiasCorrectedError,
                    Math.abs(t.get("hardnessBiasCorrected").asDouble() / h - 1));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tasks", stability.get("tasks").size());
        out.put("minSelectedFractionOfTrueSupport", minSelectedWhenUsed);
        out.put("maxSelectedFractionOutsideTrueSupport", maxSelectedWhenUnused);
        out.put("trueWeightsInBootstrapRange", weightsInRange);
        out.put("maxTrueWeightOutsideRange", Math.max(0, maxWeightMiss));
        out.put("trueHardnessCovered", hardnessCovered);
        out.put("maxRawHardnessBias", maxRawBias);
        out.put("maxBiasCorrectedHardnessError", maxBiasCorrectedError);
        Files.writeString(Path.of(args[4]), json.writerWithDefaultPrettyPrinter().writeValueAsString(out) + "\n");
    }
}
