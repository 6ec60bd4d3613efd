import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.Problem;
import org.taskmix.catalog.Task;
import org.taskmix.io.Json;
import org.taskmix.io.ProblemReader;
import org.taskmix.selection.ScoredMixture;
import org.taskmix.selection.Selection;
import org.taskmix.selection.SelectionOptions;
import org.taskmix.selection.Status;
import org.taskmix.theory.Prediction;

/**
 * A curation decision scripted through the taskmix Java API, without the command line: which of
 * my training tasks can I stop curating, at a loss I can accept?
 *
 * <pre>
 * java -cp target/taskmix.jar examples/api-curation/CurationDecision.java \
 *      [--problem problems/paper-task-selection.json] [--shares 0.9,0.95,0.99,0.999,1] \
 *      [--max-loss 0.01] [--samples 400] [--seed 1] [--out DIR]
 * </pre>
 *
 * <ol>
 *   <li>load the problem and solve the surrogate program (certified optimum);</li>
 *   <li>score every baseline mixture on the same objective and predict each one's chain-of-thought
 *       error (m = infinity closed form: best CoT length k* and its error);</li>
 *   <li>predict error vs k for the optimum at the problem's finite test length m (exact at k = 1,
 *       seeded Monte Carlo with a 95% interval for k > 1);</li>
 *   <li>for each share s (ascending): keep the fewest tasks carrying at least s of the weight
 *       (s = 1: every task with positive weight), re-solve on those tasks alone, and measure the
 *       loss of the surrogate objective and of the best predicted CoT error against the full
 *       catalog;</li>
 *   <li>decide: the smallest catalog whose losses are both within --max-loss; print a summary and
 *       write decision.json (to --out, if given).</li>
 * </ol>
 *
 * Both loss criteria matter: a task with a small weight can still hold a direction of the target
 * in check, and without it the CoT iteration can overshoot there although the surrogate loses
 * little (see examples/what-if-curation).
 */
public class CurationDecision {

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>(Map.of(
                "--problem", "problems/paper-task-selection.json",
                "--shares", "0.9,0.95,0.99,0.999,1",
                "--max-loss", "0.01",
                "--samples", "400",
                "--seed", "1"));
        for (int a = 0; a < args.length; a += 2) {
            if (!args[a].startsWith("--") || a + 1 >= args.length || (!opt.containsKey(args[a]) && !args[a].equals("--out"))) {
                System.err.println("usage: CurationDecision [--problem FILE] [--shares S,...] [--max-loss L] [--samples N]"
                        + " [--seed S] [--out DIR]   (bad argument: " + args[a] + ")");
                System.exit(2);
            }
            opt.put(args[a], args[a + 1]);
        }
        double[] shares = Arrays.stream(opt.get("--shares").split(",")).mapToDouble(Double::parseDouble).sorted().toArray();
        double maxLoss = Double.parseDouble(opt.get("--max-loss"));
        int samples = Integer.parseInt(opt.get("--samples"));
        long seed = Long.parseLong(opt.get("--seed"));

        // 1. Load and solve.
        Problem problem = ProblemReader.read(Path.of(opt.get("--problem")));
        Catalog catalog = problem.catalog();
        int kMax = problem.settings().kMax();
        int n = problem.settings().n();
        Selection.Solution full = Selection.solve(problem, SelectionOptions.DEFAULT, null);
        if (full.result().status() != Status.OPTIMAL) {
            throw new IllegalStateException("full catalog not solved to optimality: " + full.result().message());
        }
        double[] w = full.result().weights().toArray();
        double fFull = full.result().objective();
        System.out.printf("problem %s: %d tasks, d = %d, %d target(s), n = %d, m = %d%n", problem.name(), catalog.size(),
                problem.dim(), problem.targets().size(), n, problem.settings().m());
        System.out.printf("optimum: surrogate objective %.6g, certified gap %.2g (%s, %s)%n%n", fFull,
                full.result().certificate().gap(), full.result().status(), full.result().solver());

        // 2. Baselines on the same objective, and what each does to test-time scaling.
        Prediction.Settings closedForm = new Prediction.Settings(IntStream.rangeClosed(1, kMax).toArray(),
                OptionalInt.empty(), 2, seed, n, false);
        Prediction pFull = Prediction.of(problem, w, closedForm);
        Map<String, Object> baselines = new LinkedHashMap<>();
        String betterForCot = null;
        double betterError = pFull.errorAtKStar();
        int betterK = 0;
        System.out.printf("%-12s %11s %10s %4s %12s %12s%n", "mixture", "objective", "x optimum", "k*", "error at k*",
                "error k=" + kMax);
        for (ScoredMixture sm : full.compare()) {
            Prediction p = Prediction.of(problem, sm.mixture().weights(), closedForm);
            System.out.printf("%-12s %11.5g %10.3f %4d %12.5g %12.5g%n", sm.mixture().name(), sm.objective(),
                    sm.objective() / fFull, p.kStar(), p.errorAtKStar(), p.mInfinity()[kMax - 1]);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("objective", sm.objective());
            row.put("ratioToOptimum", sm.objective() / fFull);
            row.put("kStar", p.kStar());
            row.put("errorAtKStar", p.errorAtKStar());
            row.put("errorAtKMax", p.mInfinity()[kMax - 1]);
            baselines.put(sm.mixture().name(), row);
            if (p.errorAtKStar() < betterError) {
                betterForCot = sm.mixture().name();
                betterError = p.errorAtKStar();
                betterK = p.kStar();
            }
        }
        System.out.println("(CoT errors: m = infinity closed form, per dimension, E||w_k - w*||^2 / d)");
        if (betterForCot != null) {
            // The surrogate is not the CoT error (docs/theory.md §6): say so when a baseline reaches a lower error.
            System.out.printf("note: baseline %s reaches a lower predicted CoT error (%.4g at k = %d) than the surrogate"
                    + " optimum at its best k* = %d (%.4g); for a long CoT budget K also try the exact objective"
                    + " (taskmix solve --objective exact --k K).%n", betterForCot, betterError, betterK, pFull.kStar(),
                    pFull.errorAtKStar());
        }

        // 3. Error vs k for the optimum at the problem's test length m.
        int[] ks = problem.settings().k().stream().mapToInt(Integer::intValue).toArray();
        Prediction.Settings finiteM = new Prediction.Settings(ks, OptionalInt.of(problem.settings().m()), samples, seed,
                n, true);
        Prediction pFinite = Prediction.of(problem, w, finiteM);
        System.out.printf("%noptimum, predicted error vs k at m = %d (k = 1 exact; k > 1 Monte Carlo, %d test prompts,"
                + " seed %d):%n", problem.settings().m(), samples, seed);
        System.out.printf("%4s %12s %22s %12s%n", "k", "m = " + problem.settings().m(), "95% interval", "m = inf");
        List<Map<String, Object>> curve = new ArrayList<>();
        for (Prediction.Point pt : pFinite.curve()) {
            System.out.printf("%4d %12.5g   [%8.5g, %8.5g] %12.5g%n", pt.k(), pt.error(), pt.ciLow(), pt.ciHigh(),
                    pFull.mInfinity()[pt.k() - 1]);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("k", pt.k());
            row.put("error", pt.error());
            row.put("ciLow", pt.ciLow());
            row.put("ciHigh", pt.ciHigh());
            row.put("method", pt.method().name());
            row.put("errorInfiniteM", pFull.mInfinity()[pt.k() - 1]);
            curve.add(row);
        }
        for (String warning : pFinite.warnings()) {
            System.out.println("warning: " + warning);
        }

        // 4. Candidate reduced catalogs: the heaviest tasks carrying each share of the weight.
        Integer[] order = IntStream.range(0, w.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -w[i]).thenComparingInt(i -> i));
        System.out.printf("%nreduced catalogs (loss = relative increase over the full catalog; budget %.3g):%n", maxLoss);
        System.out.printf("%6s %5s %11s %10s %4s %12s %10s  %s%n", "share", "tasks", "objective", "loss", "k*",
                "error at k*", "CoT loss", "verdict");
        List<Map<String, Object>> candidates = new ArrayList<>();
        Map<String, Object> chosen = null;
        for (double share : shares) {
            List<Integer> keep = new ArrayList<>();
            double carried = 0;
            for (int i : order) {
                boolean done = share >= 1 ? !(w[i] > 0) : carried >= share;
                if (done) {
                    break;
                }
                keep.add(i);
                carried += w[i];
            }
            keep.sort(Integer::compare);
            List<Task> kept = keep.stream().map(catalog::task).toList();
            Problem reduced = new Problem(problem.name() + "-top" + kept.size(),
                    "tasks carrying " + share + " of the optimal weight", new Catalog(kept), problem.targets(),
                    problem.settings(), "api");
            Selection.Solution rs = Selection.solve(reduced, SelectionOptions.DEFAULT, null);
            double[] padded = new double[catalog.size()];
            double[] rw = rs.result().weights().toArray();
            for (int j = 0; j < keep.size(); j++) {
                padded[keep.get(j)] = rw[j];
            }
            Prediction pr = Prediction.of(problem, padded, closedForm);
            double loss = (rs.result().objective() - fFull) / fFull;
            double cotLoss = (pr.errorAtKStar() - pFull.errorAtKStar()) / pFull.errorAtKStar();
            boolean optimal = rs.result().status() == Status.OPTIMAL;
            boolean pass = optimal && loss <= maxLoss && cotLoss <= maxLoss;
            String verdict = pass ? "within budget" : !optimal ? "not certified (" + rs.result().status() + ")"
                    : loss > maxLoss && cotLoss > maxLoss ? "both losses over budget"
                    : loss > maxLoss ? "surrogate loss over budget" : "CoT loss over budget";
            System.out.printf("%6.3f %5d %11.6g %9.3f%% %4d %12.5g %9.3f%%  %s%n", share, kept.size(),
                    rs.result().objective(), 100 * loss, pr.kStar(), pr.errorAtKStar(), 100 * cotLoss, verdict);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("share", share);
            row.put("tasks", kept.size());
            row.put("kept", kept.stream().map(Task::name).toList());
            row.put("dropped", IntStream.range(0, catalog.size()).filter(i -> !keep.contains(i))
                    .mapToObj(i -> catalog.task(i).name()).toList());
            row.put("status", rs.result().status().name());
            row.put("objective", rs.result().objective());
            row.put("gap", rs.result().certificate().gap());
            row.put("loss", loss);
            row.put("kStar", pr.kStar());
            row.put("errorAtKStar", pr.errorAtKStar());
            row.put("cotLoss", cotLoss);
            row.put("accepted", pass);
            row.put("weights", weightsMap(catalog, padded));
            candidates.add(row);
            if (pass && chosen == null) {
                chosen = row;
            }
        }

        // 5. The decision.
        System.out.println();
        Map<String, Object> decision = new LinkedHashMap<>();
        if (chosen == null) {
            System.out.printf("DECISION: keep all %d tasks; no reduced catalog stays within the %.3g loss budget.%n",
                    catalog.size(), maxLoss);
            decision.put("action", "keep-all");
            decision.put("tasks", catalog.size());
        } else {
            System.out.printf("DECISION: keep %d of %d tasks (share %.3g of the optimal weight): surrogate loss %.3g%%,"
                            + " best CoT error loss %.3g%%, both within %.3g%%.%n", chosen.get("tasks"), catalog.size(),
                    chosen.get("share"), 100 * (double) chosen.get("loss"), 100 * (double) chosen.get("cotLoss"),
                    100 * maxLoss);
            System.out.println("  stop curating: " + String.join(", ", castList(chosen.get("dropped"))));
            decision.put("action", "reduce");
            decision.putAll(chosen);
        }

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("problem", problem.name());
        out.put("maxLoss", maxLoss);
        Map<String, Object> fullRow = new LinkedHashMap<>();
        fullRow.put("tasks", catalog.size());
        fullRow.put("objective", fFull);
        fullRow.put("gap", full.result().certificate().gap());
        fullRow.put("status", full.result().status().name());
        fullRow.put("kStar", pFull.kStar());
        fullRow.put("errorAtKStar", pFull.errorAtKStar());
        fullRow.put("weights", weightsMap(catalog, w));
        out.put("full", fullRow);
        out.put("baselines", baselines);
        out.put("lowestCotErrorBaseline", betterForCot);
        Map<String, Object> prediction = new LinkedHashMap<>();
        prediction.put("m", problem.settings().m());
        prediction.put("samples", samples);
        prediction.put("seed", seed);
        prediction.put("normalization", Prediction.NORMALIZATION);
        prediction.put("curve", curve);
        out.put("prediction", prediction);
        out.put("candidates", candidates);
        out.put("decision", decision);
        if (opt.containsKey("--out")) {
            Path dir = Path.of(opt.get("--out"));
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("decision.json"),
                    Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(out) + "\n");
        }
    }

    private static Map<String, Double> weightsMap(Catalog catalog, double[] w) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < w.length; i++) {
            m.put(catalog.task(i).name(), w[i]);
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object o) {
        return (List<String>) o;
    }
}
