package org.taskmix.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.taskmix.selection.Certificate;
import org.taskmix.selection.Explanation;
import org.taskmix.selection.Mixture;
import org.taskmix.selection.Prior;
import org.taskmix.selection.ScoredMixture;
import org.taskmix.selection.Selection;
import org.taskmix.selection.SelectionProblem;
import org.taskmix.selection.SelectionResult;
import org.taskmix.theory.ExactSelection;

/**
 * JSON documents and CSV files of the selection layer ({@code solve}, {@code compare}). The maps
 * keep insertion order so the documents read top-down: verdict first, details after.
 */
public final class SelectionJson {

    /** The paper's convex surrogate (docs/theory.md §6). */
    public static final String SURROGATE = "surrogate";
    /** The exact CoT objective {@code J_K} (docs/theory.md §6, theory layer). */
    public static final String EXACT = "exact";

    private SelectionJson() {
    }

    /**
     * The {@code solve --json} document: at least status, objective, weights, certificate (gap,
     * primalResidual), solver, seconds (docs/formats.md), then iterations, the KKT residual, the
     * explanation per task and the coverage per target. It is also a weights file
     * ({@link WeightsFile} reads its "weights").
     */
    public static Map<String, Object> solution(Selection.Solution s, String objectiveKind) {
        SelectionResult r = s.result();
        SelectionProblem program = s.program();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("status", r.status().name());
        doc.put("objective", r.objective());
        doc.put("weights", weights(program.names(), r.weights().toArray()));
        doc.put("certificate", certificate(r.certificate()));
        doc.put("solver", r.solver());
        doc.put("seconds", r.seconds());
        doc.put("iterations", r.iterations());
        doc.put("backendStatus", r.backendStatus());
        if (!r.message().isEmpty()) {
            doc.put("message", r.message());
        }
        doc.put("problem", s.problem().name());
        doc.put("objectiveKind", objectiveKind);
        doc.put("mode", program.isRobust() ? "robust" : "weighted-sum");
        Prior prior = program.prior();
        if (prior != null) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("name", prior.name());
            p.put("strength", prior.strength());
            doc.put("prior", p);
        }
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (Explanation.TaskExplanation t : s.explanation().tasks()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", t.name());
            if (t.group() != null) {
                m.put("group", t.group());
            }
            m.put("weight", t.weight());
            m.put("hardness", t.hardness());
            m.put("relevance", t.relevance());
            m.put("reducedGradient", t.reducedGradient());
            tasks.add(m);
        }
        doc.put("tasks", tasks);
        double[] perTarget = r.targetObjectives().toArray();
        List<Map<String, Object>> targets = new ArrayList<>();
        List<Explanation.TargetCoverage> cov = s.explanation().targets();
        for (int k = 0; k < cov.size(); k++) {
            Explanation.TargetCoverage c = cov.get(k);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("weight", program.blocks().get(k).weight());
            m.put("objective", perTarget[k]);
            m.put("coverageMissing", c.coverageMissing());
            m.put("eigenvalues", c.eigenvalues());
            List<Map<String, Object>> dirs = new ArrayList<>();
            for (Explanation.Direction d : c.uncovered()) {
                Map<String, Object> dm = new LinkedHashMap<>();
                dm.put("eigenvalue", d.eigenvalue());
                dm.put("kind", d.kind());
                dm.put("direction", d.direction());
                dirs.add(dm);
            }
            m.put("uncovered", dirs);
            targets.add(m);
        }
        doc.put("targets", targets);
        doc.put("coverageTolerance", Explanation.COVERAGE_TOLERANCE);
        doc.put("missingBelow", Explanation.MISSING_BELOW);
        return doc;
    }

    /**
     * The {@code solve --objective exact --json} document. Same contract fields as
     * {@link #solution}: status is {@code STATIONARY} when the Frank–Wolfe gap of {@code J_K} met
     * its tolerance ({@code J_K} is not convex, so a stationary point is what can be certified),
     * otherwise the optimiser's status; {@code objective} is {@code J_K} per dimension at the
     * returned weights; both objectives at both solutions are under {@code comparison}, and the
     * surrogate's full solution under {@code surrogate}.
     */
    public static Map<String, Object> exactSolution(Selection.Solution s, ExactSelection.Result r, double seconds) {
        List<String> names = s.program().names();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("status", r.status() == ExactSelection.Status.CONVERGED ? "STATIONARY" : r.status().name());
        doc.put("objective", r.atResult().exact());
        doc.put("weights", weights(names, r.weights().toArray()));
        Map<String, Object> cert = new LinkedHashMap<>();
        cert.put("gap", r.frankWolfeGap());
        double sum = 0;
        for (double w : r.weights().toArray()) {
            sum += w;
        }
        cert.put("primalResidual", Math.abs(sum - 1));
        cert.put("projectedGradientNorm", r.projectedGradientNorm());
        cert.put("kind", "stationarity: Frank-Wolfe gap of J_K over the feasible set (J_K is not convex)");
        doc.put("certificate", cert);
        doc.put("solver", "exact-" + r.method());
        doc.put("seconds", seconds);
        doc.put("iterations", r.iterations());
        doc.put("evaluations", r.evaluations());
        if (r.optimizer() != null) {
            Map<String, Object> opt = new LinkedHashMap<>();
            opt.put("method", r.optimizer().name());
            opt.put("evaluations", r.optimizer().evaluations());
            opt.put("quasiNewtonSteps", r.optimizer().quasiNewtonSteps());
            opt.put("fallbackSteps", r.optimizer().fallbackSteps());
            doc.put("optimizer", opt);
        }
        doc.put("problem", s.problem().name());
        doc.put("objectiveKind", EXACT);
        doc.put("normalization", "per-dimension");
        doc.put("k", r.k());
        doc.put("m", r.m().isPresent() ? (Object) r.m().getAsInt() : (Object) Double.POSITIVE_INFINITY);
        Map<String, Object> cmp = new LinkedHashMap<>();
        cmp.put("surrogateSolution", objectives(r.atStart()));
        cmp.put("exactSolution", objectives(r.atResult()));
        cmp.put("exactImprovement", r.improvement());
        if (r.holdoutStart() != null && r.holdoutResult() != null) {
            cmp.put("holdoutSurrogateSolution", r.holdoutStart());
            cmp.put("holdoutExactSolution", r.holdoutResult());
        }
        doc.put("comparison", cmp);
        if (r.saa() != null) {
            doc.put("saa", saa(r.saa()));
        }
        doc.put("warnings", r.warnings());
        doc.put("surrogate", solution(s, SURROGATE));
        return doc;
    }

    /** The SAA certificate: what the finite-m exact objective's stopping rule certified. */
    public static Map<String, Object> saa(org.taskmix.theory.SaaSelection.Certificate c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("certified", c.certified());
        m.put("statement", c.statement());
        m.put("statistic", c.statistic());
        m.put("samples", c.samples());
        m.put("replications", c.replications());
        m.put("relativeTolerance", c.relativeTolerance());
        Map<String, Object> gap = new LinkedHashMap<>();
        gap.put("mean", c.gapMean());
        gap.put("ciLow", c.gapLow());
        gap.put("ciHigh", c.gapHigh());
        gap.put("method", "Mak-Morton-Wood multiple replications on fresh prompts; ciHigh is the one-sided 95% upper"
                + " bound");
        m.put("gap", gap);
        m.put("controlVariate", c.controlVariate());
        m.put("evaluations", c.evaluations());
        List<Map<String, Object>> rounds = new ArrayList<>();
        for (org.taskmix.theory.SaaSelection.Round r : c.rounds()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("samples", r.samples());
            e.put("inSample", r.value());
            e.put("gapMean", r.gapMean());
            e.put("gapHigh", r.gapHigh());
            e.put("fresh", r.fresh());
            e.put("freshCiLow", r.freshLow());
            e.put("freshCiHigh", r.freshHigh());
            e.put("evaluations", r.evaluations());
            rounds.add(e);
        }
        m.put("rounds", rounds);
        if (c.choice() != null) {
            m.put("finalStage", finalStage(c.choice()));
        }
        return m;
    }

    /** The SAA procedure's final stage (selection on fresh prompts and polish; docs/theory.md §7.3). */
    private static Map<String, Object> finalStage(org.taskmix.theory.SaaChoice ch) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("candidates", ch.candidates() + 1);
        m.put("selectionSamples", ch.selectionSamples());
        m.put("polishedFrom", ch.polishedFrom());
        m.put("polishSamples", ch.polishSamples());
        m.put("polishedReturned", ch.polishedChosen());
        m.put("selectionScoreReturned", ch.scoreReturned());
        m.put("selectionScoreRuleSolution", ch.scoreSolution());
        Map<String, Object> diff = new LinkedHashMap<>();
        diff.put("samples", ch.checkSamples());
        diff.put("mean", ch.differenceMean());
        diff.put("ciLow", ch.differenceLow());
        diff.put("ciHigh", ch.differenceHigh());
        diff.put("method", "J(returned) - J(rule's solution), paired on independent fresh prompts, 95% interval");
        m.put("difference", diff);
        return m;
    }

    private static Map<String, Object> objectives(ExactSelection.Objectives o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("surrogate", o.surrogate());
        m.put("exact", o.exact());
        return m;
    }

    /** The certificate object. */
    public static Map<String, Object> certificate(Certificate c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("gap", c.gap());
        m.put("primalResidual", c.primalResidual());
        m.put("boundViolation", c.boundViolation());
        m.put("kktResidual", c.kktResidual());
        m.put("lowerBound", c.lowerBound());
        m.put("multiplier", c.multiplier());
        return m;
    }

    /** Name → weight, in catalog order. */
    public static Map<String, Object> weights(List<String> names, double[] w) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < w.length; i++) {
            m.put(names.get(i), w[i]);
        }
        return m;
    }

    /**
     * The {@code compare --json} document: one entry per mixture (the optimum first, then the
     * baselines) with its name, note, objective, per-target objectives and weights. Other layers
     * add their own fields to each entry (e.g. predicted error vs k, k*, measured error).
     */
    public static Map<String, Object> compare(Selection.Solution s, List<ScoredMixture> mixtures, String objectiveKind) {
        SelectionProblem program = s.program();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("problem", s.problem().name());
        doc.put("objectiveKind", objectiveKind);
        doc.put("mode", program.isRobust() ? "robust" : "weighted-sum");
        Map<String, Object> opt = new LinkedHashMap<>();
        opt.put("status", s.result().status().name());
        opt.put("solver", s.result().solver());
        opt.put("certificate", certificate(s.result().certificate()));
        opt.put("seconds", s.result().seconds());
        doc.put("optimal", opt);
        doc.put("tasks", program.names());
        List<Map<String, Object>> list = new ArrayList<>();
        for (ScoredMixture sm : mixtures) {
            list.add(mixture(program, sm));
        }
        doc.put("mixtures", list);
        return doc;
    }

    /** One scored mixture as a JSON object. */
    public static Map<String, Object> mixture(SelectionProblem program, ScoredMixture sm) {
        Mixture mx = sm.mixture();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", mx.name());
        m.put("note", mx.note());
        m.put("objective", sm.objective());
        Map<String, Object> per = new LinkedHashMap<>();
        double[] v = sm.targetObjectives().toArray();
        for (int k = 0; k < v.length; k++) {
            per.put(program.blocks().get(k).name(), v[k]);
        }
        m.put("targetObjectives", per);
        m.put("weights", weights(program.names(), mx.weights()));
        return m;
    }

    /** {@code task,weight} CSV (full precision, readable by {@link WeightsFile}). */
    public static String weightsCsv(List<String> names, double[] w) {
        StringBuilder sb = new StringBuilder("task,weight\n");
        for (int i = 0; i < w.length; i++) {
            sb.append(csv(names.get(i))).append(',').append(w[i]).append('\n');
        }
        return sb.toString();
    }

    /** {@code task,<mixture>,<mixture>,…} CSV of every mixture's weights. */
    public static String mixturesCsv(List<String> names, List<ScoredMixture> mixtures) {
        StringBuilder sb = new StringBuilder("task");
        for (ScoredMixture m : mixtures) {
            sb.append(',').append(csv(m.mixture().name()));
        }
        sb.append('\n');
        List<double[]> ws = new ArrayList<>();
        for (ScoredMixture m : mixtures) {
            ws.add(m.mixture().weights());
        }
        for (int i = 0; i < names.size(); i++) {
            sb.append(csv(names.get(i)));
            for (double[] w : ws) {
                sb.append(',').append(w[i]);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String csv(String s) {
        // Quote whatever a reader would otherwise change: separators, quotes, line breaks, and
        // leading/trailing blanks (an unquoted cell is trimmed on reading).
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r") || !s.equals(s.strip())
                || s.isEmpty() || s.startsWith("#")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
