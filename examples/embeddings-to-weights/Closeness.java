import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.taskmix.catalog.Problem;
import org.taskmix.catalog.SpectralDiagnostics;
import org.taskmix.io.Json;
import org.taskmix.io.ProblemReader;
import org.taskmix.io.WeightsFile;
import org.taskmix.selection.SelectionProblem;

/**
 * How close are the weights solved from estimated covariances to the weights solved from the
 * true ones? Run with the taskmix jar on the class path (Java 17 single-file source):
 *
 * <pre>
 * java -cp target/taskmix.jar Closeness.java TRUE_PROBLEM EST_PROBLEM TRUE_SOLUTION EST_SOLUTION \
 *      TRUE_PREDICT EST_PREDICT OUT_JSON
 * </pre>
 *
 * Prints per task the true and estimated hardness and weight, and writes OUT_JSON with: the L1 and largest per-task distance between the two
 * weight vectors, the total-variation distance (the share of the training budget that would be
 * spent differently), whether both leave out the same tasks, the estimated weights scored on the
 * TRUE surrogate objective (regret against the true optimum), and the chain-of-thought error both
 * mixtures are predicted to reach on the true target.
 */
public class Closeness {

    public static void main(String[] args) throws Exception {
        if (args.length != 7) {
            System.err.println("usage: Closeness TRUE_PROBLEM EST_PROBLEM TRUE_SOLUTION EST_SOLUTION TRUE_PREDICT"
                    + " EST_PREDICT OUT_JSON");
            System.exit(2);
        }
        Problem truth = ProblemReader.read(Path.of(args[0]));
        Problem estimate = ProblemReader.read(Path.of(args[1]));
        if (!estimate.catalog().names().equals(truth.catalog().names())) {
            throw new IllegalArgumentException("the two problems list different tasks: " + truth.catalog().names()
                    + " vs " + estimate.catalog().names());
        }
        // Same task names in the same order, so both weight files map onto the true catalog.
        double[] wTrue = WeightsFile.read(Path.of(args[2]), truth.catalog());
        double[] wEst = WeightsFile.read(Path.of(args[3]), truth.catalog());
        JsonNode predTrue = Json.mapper().readTree(Path.of(args[4]).toFile());
        JsonNode predEst = Json.mapper().readTree(Path.of(args[5]).toFile());
        // estimate records each file's sample count as the task's size.
        Double size = estimate.catalog().task(0).size();
        int samples = size == null ? -1 : (int) Math.round(size);

        List<String> names = truth.catalog().names();
        double l1 = 0;
        double maxAbs = 0;
        String maxTask = names.get(0);
        List<String> outTrue = new ArrayList<>();
        List<String> outEst = new ArrayList<>();
        System.out.printf("%-14s %-11s %10s %10s | %12s %10s %11s%n", "", "", "hardness", "", "weight", "", "");
        System.out.printf("%-14s %-11s %10s %10s | %12s %10s %11s%n", "task", "group", "true", "estimated", "true",
                "estimated", "difference");
        for (int i = 0; i < wTrue.length; i++) {
            double diff = wEst[i] - wTrue[i];
            l1 += Math.abs(diff);
            if (Math.abs(diff) > maxAbs) {
                maxAbs = Math.abs(diff);
                maxTask = names.get(i);
            }
            if (wTrue[i] == 0) {
                outTrue.add(names.get(i));
            }
            if (wEst[i] == 0) {
                outEst.add(names.get(i));
            }
            String group = truth.catalog().task(i).group();
            double hTrue = SpectralDiagnostics.of(truth.catalog().task(i).covariance()).hardness();
            double hEst = SpectralDiagnostics.of(estimate.catalog().task(i).covariance()).hardness();
            System.out.printf("%-14s %-11s %10.4g %10.4g | %12.4f %10.4f %+11.4f%n", names.get(i),
                    group == null ? "-" : group, hTrue, hEst, wTrue[i], wEst[i], diff);
        }

        // Score both weight vectors on the TRUE program: what the estimation error costs.
        SelectionProblem program = SelectionProblem.from(truth);
        double fTrue = program.objective(wTrue);
        double fEst = program.objective(wEst);
        double regret = fEst - fTrue;

        List<Map<String, Object>> curve = new ArrayList<>();
        double maxRelCot = 0;
        JsonNode ct = predTrue.get("curve");
        JsonNode ce = predEst.get("curve");
        for (int j = 0; j < ct.size(); j++) {
            double et = ct.get(j).get("error").asDouble();
            double ee = ce.get(j).get("error").asDouble();
            double rel = (ee - et) / et;
            maxRelCot = Math.max(maxRelCot, Math.abs(rel));
            Map<String, Object> pt = new LinkedHashMap<>();
            pt.put("k", ct.get(j).get("k").asInt());
            pt.put("errorTrueWeights", et);
            pt.put("errorEstimatedWeights", ee);
            pt.put("relativeDifference", rel);
            curve.add(pt);
        }

        System.out.println();
        System.out.printf("samples per task            %d (d = %d, so %.0f samples per dimension)%n", samples,
                truth.dim(), (double) samples / truth.dim());
        System.out.printf("L1 distance of the weights  %.4f  (total variation %.4f: %.2f%% of the budget moves)%n",
                l1, l1 / 2, 100 * l1 / 2);
        System.out.printf("largest per-task difference %.4f  (%s)%n", maxAbs, maxTask);
        System.out.printf("tasks left out              true %s, estimated %s%n", outTrue, outEst);
        System.out.printf("true surrogate objective    %.6g at the true optimum, %.6g at the estimated weights"
                + " (regret %.3g, %.3f%%)%n", fTrue, fEst, regret, 100 * regret / fTrue);
        System.out.printf("CoT error on the true target (m = inf, per dimension):%n");
        System.out.printf("  %4s %14s %14s %10s%n", "k", "true weights", "estimated", "rel. diff");
        for (Map<String, Object> pt : curve) {
            System.out.printf("  %4d %14.6g %14.6g %+9.3f%%%n", pt.get("k"), pt.get("errorTrueWeights"),
                    pt.get("errorEstimatedWeights"), 100 * (double) pt.get("relativeDifference"));
        }

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("samplesPerTask", samples);
        out.put("dimension", truth.dim());
        out.put("l1Distance", l1);
        out.put("totalVariation", l1 / 2);
        out.put("maxAbsDifference", maxAbs);
        out.put("maxDifferenceTask", maxTask);
        out.put("sameTasksLeftOut", outTrue.equals(outEst));
        out.put("leftOutTrue", outTrue);
        out.put("leftOutEstimated", outEst);
        out.put("trueObjectiveAtTrueWeights", fTrue);
        out.put("trueObjectiveAtEstimatedWeights", fEst);
        out.put("regret", regret);
        out.put("relativeRegret", regret / fTrue);
        out.put("maxRelativeCotErrorDifference", maxRelCot);
        out.put("cotError", curve);
        Map<String, Object> weights = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            Map<String, Double> pair = new LinkedHashMap<>();  // Map.of's order changes from run to run
            pair.put("true", wTrue[i]);
            pair.put("estimated", wEst[i]);
            weights.put(names.get(i), pair);
        }
        out.put("weights", weights);
        Files.writeString(Path.of(args[6]), Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(out) + "\n");
    }
}
