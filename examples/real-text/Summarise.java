import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.taskmix.catalog.Problem;
import org.taskmix.linalg.SymmetricMatrix;
import org.taskmix.io.ProblemReader;

/**
 * Two steps of the real-text example.
 *
 * <pre>
 * java -cp taskmix.jar Summarise.java nearest CATALOG OUT.csv OUT.json
 * java -cp taskmix.jar Summarise.java summary WORKDIR OUT.json
 * </pre>
 *
 * <p>{@code nearest}: the nearest-category heuristic, the single task whose covariance is closest
 * to the target's in shape: the smallest Frobenius distance between the trace-normalised matrices
 * {@code ‖Λ_ℓ / tr Λ_ℓ − Σ / tr Σ‖_F}. Trace normalisation removes the overall scale, which for
 * mean-pooled word vectors mostly reflects text length, not topic. Writes a weights CSV (1 on
 * that task) and every task's distance.
 *
 * <p>{@code summary}: collects compare.json, predict-nearest.json and the validate-*.json of a
 * run into one document: per mixture the predicted error per k (Gaussian theory, 95% interval),
 * the measured error with empirical and, where run, Gaussian features (95% BCa interval), and
 * the gap measured − predicted per k with its interval.
 */
public class Summarise {

    public static void main(String[] args) throws Exception {
        if (args.length == 4 && args[0].equals("nearest")) {
            nearest(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]));
        } else if (args.length == 3 && args[0].equals("summary")) {
            summary(Path.of(args[1]), Path.of(args[2]));
        } else {
            System.err.println("usage: Summarise.java nearest CATALOG OUT.csv OUT.json | summary WORKDIR OUT.json");
            System.exit(2);
        }
    }

    static void nearest(Path catalog, Path csv, Path json) throws Exception {
        Problem p = ProblemReader.read(catalog);
        SymmetricMatrix sigma = p.target().covariance();
        Map<String, Object> distances = new LinkedHashMap<>();
        String best = null;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int i = 0; i < p.catalog().size(); i++) {
            SymmetricMatrix lambda = p.catalog().task(i).covariance();
            double dist = shapeDistance(lambda, sigma);
            distances.put(p.catalog().task(i).name(), dist);
            if (dist < bestDistance) {
                bestDistance = dist;
                best = p.catalog().task(i).name();
            }
        }
        StringBuilder sb = new StringBuilder("task,weight\n");
        for (int i = 0; i < p.catalog().size(); i++) {
            String name = p.catalog().task(i).name();
            sb.append(name).append(',').append(name.equals(best) ? "1" : "0").append('\n');
        }
        Files.writeString(csv, sb.toString());
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("rule", "argmin over tasks of ||Lambda/tr(Lambda) - Sigma/tr(Sigma)||_F");
        doc.put("nearest", best);
        doc.put("distances", distances);
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), doc);
        System.out.printf(Locale.ROOT, "nearest category to %s: %s (distance %.4f)%n", p.target().name(), best,
                bestDistance);
    }

    static double shapeDistance(SymmetricMatrix a, SymmetricMatrix b) {
        double ta = a.trace();
        double tb = b.trace();
        double sum = 0;
        for (int i = 0; i < a.dim(); i++) {
            for (int j = 0; j < a.dim(); j++) {
                double diff = a.get(i, j) / ta - b.get(i, j) / tb;
                sum += diff * diff;
            }
        }
        return Math.sqrt(sum);
    }

    static void summary(Path work, Path out) throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode compare = json.readTree(work.resolve("compare.json").toFile());
        Map<String, JsonNode> predicted = new LinkedHashMap<>();
        for (JsonNode m : compare.get("mixtures")) {
            predicted.put(m.get("name").asText(), m.get("predicted"));
        }
        predicted.put("nearest", json.readTree(work.resolve("predict-nearest.json").toFile()).get("curve"));
        Map<String, Object> mixtures = new LinkedHashMap<>();
        List<String> names = List.of("surrogate", "uniform", "nearest");
        for (String name : names) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("predicted", points(predicted.get(name), "error", "ciLow", "ciHigh"));
            for (String features : List.of("empirical", "gaussian")) {
                Path f = work.resolve("validate-" + name + "-" + features + ".json");
                if (Files.exists(f)) {
                    JsonNode v = json.readTree(f.toFile());
                    m.put("measured" + capital(features), points(v.get("measured"), "error", "ciLow", "ciHigh"));
                    m.put("gap" + capital(features), points(v.get("gap"), "gap", "gapLow", "gapHigh"));
                    m.put("distanceToOptimum" + capital(features), v.get("distanceToOptimum"));
                }
            }
            mixtures.put(name, m);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("target", compare.get("mixtures").get(0).get("targetObjectives").fieldNames().next());
        doc.put("nearest", json.readTree(work.resolve("nearest.json").toFile()).get("nearest"));
        doc.put("texts", json.readTree(work.resolve("texts.json").toFile()));
        doc.put("optimalWeights", compare.get("mixtures").get(0).get("weights"));
        doc.put("mixtures", mixtures);
        doc.put("verdicts", verdicts(mixtures));
        json.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), doc);
        System.out.println(table(mixtures));
    }

    /**
     * At the longest k measured: how much lower the selected mixture's error is than uniform's and
     * the nearest category's (positive: the selection wins), predicted and trained with empirical
     * features, and whether the trained 95% intervals are disjoint; and each mixture's gap.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> verdicts(Map<String, Object> mixtures) {
        Map<String, Object> opt = (Map<String, Object>) mixtures.get("surrogate");
        List<double[]> optMeasured = (List<double[]>) opt.get("measuredEmpirical");
        List<double[]> optPredicted = (List<double[]>) opt.get("predicted");
        int k = (int) optMeasured.get(optMeasured.size() - 1)[0];
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("k", k);
        for (String other : List.of("uniform", "nearest")) {
            Map<String, Object> m = (Map<String, Object>) mixtures.get(other);
            double[] a = at(optMeasured, k);
            double[] b = at((List<double[]>) m.get("measuredEmpirical"), k);
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("predictedMargin", at((List<double[]>) m.get("predicted"), k)[1] - at(optPredicted, k)[1]);
            v.put("trainedMargin", b[1] - a[1]);
            v.put("trainedSeparated", a[3] < b[2]);
            out.put("selectedVs" + capital(other), v);
        }
        for (String name : List.of("surrogate", "uniform")) {
            List<double[]> gap = (List<double[]>) ((Map<String, Object>) mixtures.get(name)).get("gapEmpirical");
            out.put("gapAtK" + capital(name), at(gap, k)[1]);
            out.put("gapSignificant" + capital(name), at(gap, k)[2] > 0 || at(gap, k)[3] < 0);
        }
        return out;
    }

    private static double[] at(List<double[]> points, int k) {
        for (double[] p : points) {
            if ((int) p[0] == k) {
                return p;
            }
        }
        throw new IllegalArgumentException("no point at k = " + k);
    }

    private static String capital(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Per k: [k, value, low, high]. */
    private static List<double[]> points(JsonNode list, String value, String low, String high) {
        List<double[]> out = new ArrayList<>();
        for (JsonNode p : list) {
            out.add(new double[] {p.get("k").asDouble(), p.get(value).asDouble(), p.get(low).asDouble(),
                p.get(high).asDouble()});
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static String table(Map<String, Object> mixtures) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-8s %3s  %-25s %-25s %-25s %-25s%n",
                "mixture", "k", "predicted (Gaussian)", "trained, empirical x", "gap (empirical)",
                "trained, Gaussian x"));
        for (var e : mixtures.entrySet()) {
            Map<String, Object> m = (Map<String, Object>) e.getValue();
            List<double[]> pred = (List<double[]>) m.get("predicted");
            for (int i = 0; i < pred.size(); i++) {
                int k = (int) pred.get(i)[0];
                sb.append(String.format(Locale.ROOT, "%-8s %3d  %-25s %-25s %-25s %-25s%n", e.getKey(), k,
                        cell(pred, k), cell((List<double[]>) m.get("measuredEmpirical"), k),
                        cell((List<double[]>) m.get("gapEmpirical"), k),
                        cell((List<double[]>) m.get("measuredGaussian"), k)));
            }
        }
        return sb.toString();
    }

    private static String cell(List<double[]> points, int k) {
        if (points == null) {
            return "-";
        }
        for (double[] p : points) {
            if ((int) p[0] == k) {
                return String.format(Locale.ROOT, "%.4f [%.4f, %.4f]", p[1], p[2], p[3]);
            }
        }
        return "-";
    }
}
