package org.taskmix.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import org.taskmix.catalog.Problem;
import org.taskmix.io.AtomicFiles;
import org.taskmix.io.ProblemReader;
import org.taskmix.io.WeightsFile;
import org.taskmix.report.TextTable;
import org.taskmix.theory.ErrorSummary;
import org.taskmix.theory.Overthinking;
import org.taskmix.theory.Prediction;
import org.taskmix.io.Provenance;
import org.taskmix.selection.Mixture;
import org.taskmix.study.Study;
import org.taskmix.study.TestLength;
import org.taskmix.validation.ProgressListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code predict PROBLEM --weights FILE}: the theory's error-versus-CoT-length curve for a given
 * mixture, the best CoT length {@code k*}, and overthinking diagnostics (docs/theory.md §4–§5).
 */
@Command(name = "predict", mixinStandardHelpOptions = true, resourceBundle = "org.taskmix.cli.OptionHelp",
        description = {"Predicted test error after k chain-of-thought steps for given mixture weights,"
                + " before any training: the m = infinity closed form, the finite-m prediction (exact at k = 1,"
                + " Monte Carlo for k > 1: mean with a 95%% BCa bootstrap interval, median, 10%%/90%% quantiles over test prompts), the best CoT length k*, and overthinking"
                + " diagnostics (eigenvalues mu of P*Sigma: directions that grow or stall).",
                "Errors are per dimension: E||w_k - w*||^2 / d with w* ~ N(0, I_d)."})
public final class PredictCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "PROBLEM", description = "Problem file (taskmix/problem-1 JSON).")
    Path problemFile;

    @Mixin
    MixtureOptions mixture;

    @Option(names = "--k", split = ",", paramLabel = "K",
            description = "CoT lengths, comma separated (default: the problem's settings.k).")
    List<Integer> ks;

    @Mixin
    TestLengthOption m;

    @Option(names = "--n", paramLabel = "N",
            description = "Default training prompt length (default: the problem's settings.n; tasks with their"
                    + " own n keep it).")
    Integer n;

    @Mixin
    PredictionSamples samples;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Seed of the Monte Carlo draws (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    CommonOptions common;

    @Mixin
    FilterOptions filters;

    @Mixin
    OutputDir out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Problem problem = filters.apply(ProblemReader.read(problemFile));
        int[] kList = parseKs(problem);
        TestLength mValue = m.or(problem.settings().m());
        int nValue = n != null ? n : problem.settings().n();
        if (nValue < 1) {
            throw new IllegalArgumentException("--n: value " + nValue + " must be >= 1");
        }
        if (samples.samples < 2) {
            throw new IllegalArgumentException("--samples: value " + samples.samples
                    + " must be >= 2 (a confidence interval needs a spread)");
        }
        Mixture mixed = mixture.resolve(problem, filters, spec.commandLine().getErr());
        double[] weights = mixed.weights();
        Provenance.noteSeed("monteCarlo", seed);
        Prediction prediction = predict(problem, mixed, kList, mValue, nValue);
        Map<String, Object> doc = toJson(problem, weights, prediction);
        doc.put("mixture", mixture.spec().label());
        if (out.dir() != null) {
            Output.write(out.dir().resolve("predict.json"), "predict", doc);
            AtomicFiles.writeString(out.dir().resolve("curve.csv"), csv(prediction));
        }
        PrintWriter stdout = spec.commandLine().getOut();
        if (common.json()) {
            Output.json(stdout, "predict", doc);
        } else {
            stdout.print(human(problem, prediction));
            stdout.flush();
        }
        return 0;
    }

    /**
     * The curve through the study engine (one mixture, no training): the same Prediction the
     * theory gives, with the engine's refusal (e.g. a singular second moment) as a bad-input error.
     */
    private Prediction predict(Problem problem, Mixture mixed, int[] kList, TestLength mValue, int nValue) {
        Study.Options options = new Study.Options(kList, mValue, samples.samples, seed, false, problem.settings().train(),
                Runtime.getRuntime().availableProcessors(), null, null, OptionalInt.of(nValue));
        Study.Entry entry = Study.run(problem, null, List.of(mixed), options, ProgressListener.NONE).get(0);
        if (entry.prediction() == null) {
            throw new IllegalArgumentException(entry.predictionProblem());
        }
        return entry.prediction();
    }

    private int[] parseKs(Problem problem) {
        if (ks == null || ks.isEmpty()) {
            return problem.settings().k().stream().mapToInt(Integer::intValue).toArray();
        }
        for (int k : ks) {
            if (k < 1) {
                throw new IllegalArgumentException("--k: value " + k + " must be >= 1");
            }
        }
        // Sorted and de-duplicated: the order a user types the list in carries no meaning.
        return new TreeSet<>(ks).stream().mapToInt(Integer::intValue).toArray();
    }

    /** The predict JSON document (docs/formats.md fields plus extras). */
    static Map<String, Object> toJson(Problem problem, double[] weights, Prediction p) {
        Prediction.Settings s = p.settings();
        Map<String, Object> doc = Output.fields("problem", problem.name(), "source", problem.source(),
                "normalization", Prediction.NORMALIZATION, "errorDefinition", "E||w_k - w*||^2 / d, w* ~ N(0, I_d)",
                "targetAggregate", org.taskmix.theory.TargetAggregate.DESCRIPTION);
        Map<String, Object> w = new LinkedHashMap<>();
        for (int i = 0; i < weights.length; i++) {
            w.put(problem.catalog().task(i).name(), weights[i]);
        }
        doc.put("weights", w);
        doc.put("n", s.n());
        doc.put("m", s.m().isPresent() ? (Object) s.m().getAsLong() : "Infinity");
        if (s.m().isPresent()) {
            doc.put("samples", s.samples());
            doc.put("seed", s.seed());
            doc.put("interval", "95%: " + ErrorSummary.INTERVAL_DESCRIPTION + "; k = 1 mean exact");
            doc.put("intervalMethod", ErrorSummary.INTERVAL_METHOD);
            doc.put("statistic", "error = mean over test prompts; median, q10, q90 = quantiles over test prompts");
            doc.put("sampler", "Wishart (Bartlett decomposition) for m >= d, rank-m product for m < d");
        }
        doc.put("curve", points(p.curve()));
        doc.put("kStar", p.kStar());
        doc.put("errorAtKStar", p.errorAtKStar());
        doc.put("kStarBasis", "m = Infinity closed form, k = 1.." + s.kMax());
        doc.put("overthinking", p.overthinking());
        if (p.kStarFiniteM().isPresent()) {
            doc.put("kStarFiniteM", p.kStarFiniteM().getAsInt());
            doc.put("overthinkingFiniteM", p.overthinkingFiniteM());
        }
        doc.put("overflow", p.overflow());
        doc.put("warnings", p.warnings());
        List<Map<String, Object>> inf = new ArrayList<>();
        double[] mInf = p.mInfinity();
        for (int k = 1; k <= mInf.length; k++) {
            inf.add(CurveJson.kError(k, mInf[k - 1]));
        }
        doc.put("mInfinityCurve", inf);
        List<Map<String, Object>> targets = new ArrayList<>();
        for (Prediction.TargetPrediction t : p.targets()) {
            targets.add(target(t));
        }
        doc.put("targets", targets);
        return doc;
    }

    private static List<Map<String, Object>> points(List<Prediction.Point> curve) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Prediction.Point pt : curve) {
            Map<String, Object> m = CurveJson.predicted(pt, method(pt.method()), true);
            if (pt.overflow()) {
                m.put("overflow", true);
            }
            out.add(m);
        }
        return out;
    }

    private static String method(Prediction.Method m) {
        return switch (m) {
            case CLOSED_FORM -> "closed-form";
            case EXACT -> "exact";
            case MONTE_CARLO -> "monte-carlo";
        };
    }

    private static Map<String, Object> target(Prediction.TargetPrediction t) {
        Map<String, Object> m = Output.fields("name", t.name(), "weight", t.weight(), "curve", points(t.curve()));
        Overthinking o = t.overthinking();
        m.put("kStar", o.kStar());
        m.put("errorAtKStar", o.errorAtKStar());
        m.put("overthinking", o.overthinking());
        m.put("growingDirections", o.growing());
        m.put("stalledDirections", o.stalled());
        m.put("maxGrowthPerStep", o.maxGrowth());
        List<Map<String, Object>> dirs = new ArrayList<>();
        for (Overthinking.Direction d : o.directions()) {
            Map<String, Object> dm = Output.fields("re", d.re(), "im", d.im(), "growthPerStep", d.growth(),
                    "kind", d.kind().name().toLowerCase(Locale.ROOT));
            dirs.add(dm);
        }
        m.put("eigenvalues", dirs);
        m.put("eigenvaluesOf", "P*Sigma; growthPerStep = |1 - mu|");
        if (o.directions().size() < o.dimension()) {
            // d >= 1024: the two extremes, of one kind, proved every direction is of it (docs/formats.md).
            m.put("eigenvalueCount", o.dimension());
            m.put("eigenvaluesListed", "extremes");
        }
        if (t.bounds() != null) {
            Prediction.BoundCheck b = t.bounds();
            Map<String, Object> bm = Output.fields("task", b.task(), "n", b.n(), "hardness", b.hardness(),
                    "normalization", Prediction.NORMALIZATION, "oneStep", b.oneStepPerDimension());
            List<Map<String, Object>> law = new ArrayList<>();
            double[] v = b.scalingLawPerDimension();
            int j = 0;
            for (Prediction.Point pt : t.curve()) {
                Map<String, Object> lm = Output.fields("k", pt.k(), "bound", v[j++]);
                law.add(lm);
            }
            bm.put("scalingLaw", law);
            bm.put("holds", b.holds());
            m.put("bounds", bm);
        }
        return m;
    }

    /** {@code k,error_m_inf,error,ci_low,ci_high,method,median,q10,q90}, one row per requested k (error = mean). */
    static String csv(Prediction p) {
        StringBuilder sb = new StringBuilder("k,error_m_inf,error,ci_low,ci_high,method,median,q10,q90\n");
        double[] mInf = p.mInfinity();
        for (Prediction.Point pt : p.curve()) {
            sb.append(pt.k()).append(',').append(mInf[pt.k() - 1]).append(',').append(pt.error()).append(',')
                    .append(pt.ciLow()).append(',').append(pt.ciHigh()).append(',').append(method(pt.method()))
                    .append(',').append(pt.median()).append(',').append(pt.q10()).append(',').append(pt.q90())
                    .append('\n');
        }
        return sb.toString();
    }

    private static String human(Problem problem, Prediction p) {
        Prediction.Settings s = p.settings();
        StringBuilder sb = new StringBuilder();
        String mText = s.m().isPresent() ? String.valueOf(s.m().getAsLong()) : "inf";
        sb.append("problem ").append(problem.name()).append(" (").append(problem.source()).append("): ")
                .append(problem.catalog().size()).append(" tasks, d = ").append(problem.dim())
                .append(", n = ").append(s.n()).append(", m = ").append(mText).append('\n');
        sb.append("errors per dimension: E||w_k - w*||^2 / d, w* ~ N(0, I)");
        if (s.m().isPresent()) {
            sb.append("; k = 1 exact, k > 1 Monte Carlo over ").append(s.samples())
                    .append(" test prompts (seed ").append(s.seed()).append(");\n").append(ErrorSummary.INTERVAL_DESCRIPTION)
                    .append("\nthe per-prompt error is heavy-tailed at finite m: the mean rests on rare prompts, the median"
                            + " describes a typical one");
        }
        sb.append("\n\n");
        sb.append(curveTable(p, mText));
        sb.append("\nk* = ").append(p.kStar()).append(" (best CoT length at m = inf over k = 1..").append(s.kMax())
                .append("), error ").append(TextTable.num(p.errorAtKStar())).append('\n');
        if (p.kStarFiniteM().isPresent()) {
            sb.append("best listed k at m = ").append(mText).append(": ").append(p.kStarFiniteM().getAsInt())
                    .append('\n');
        }
        for (Prediction.TargetPrediction t : p.targets()) {
            appendTarget(sb, t, s.kMax());
        }
        if (p.overflow()) {
            sb.append("note: some errors overflowed the double range and are shown as inf\n");
        }
        for (String w : p.warnings()) {
            sb.append("warning: ").append(w).append('\n');
        }
        if (!p.overthinking() && !p.overthinkingFiniteM() && p.warnings().isEmpty()) {
            sb.append("no overthinking: the error does not rise with more steps up to k = ").append(s.kMax())
                    .append('\n');
        }
        return sb.toString();
    }

    /** The curve as a table: with finite m, the m = inf column beside the finite-m statistics. */
    private static TextTable curveTable(Prediction p, String mText) {
        if (p.settings().m().isEmpty()) {
            TextTable t = new TextTable("k", "m=inf");
            for (Prediction.Point pt : p.curve()) {
                t.row(pt.k(), pt.error());
            }
            return t;
        }
        double[] mInf = p.mInfinity();
        TextTable t = new TextTable("k", "m=inf", "mean m=" + mText, "95% interval", "median", "q10 - q90");
        for (Prediction.Point pt : p.curve()) {
            String ci = pt.method() == Prediction.Method.MONTE_CARLO
                    ? "[" + TextTable.num(pt.ciLow()) + ", " + TextTable.num(pt.ciHigh()) + "]" : "(exact)";
            t.row(pt.k(), mInf[pt.k() - 1], pt.error(), ci, pt.median(),
                    TextTable.num(pt.q10()) + " - " + TextTable.num(pt.q90()));
        }
        return t;
    }

    /** Target {@code t}'s overthinking directions by kind and, when computed, the paper's bounds. */
    private static void appendTarget(StringBuilder sb, Prediction.TargetPrediction t, int kMax) {
        Overthinking o = t.overthinking();
        Map<Overthinking.Kind, Integer> counts = new java.util.EnumMap<>(Overthinking.Kind.class);
        for (Overthinking.Direction d : o.directions()) {
            counts.merge(d.kind(), 1, Integer::sum);
        }
        sb.append("target ").append(t.name()).append(": eigenvalues mu of P*Sigma: ");
        StringBuilder kinds = new StringBuilder();
        for (Map.Entry<Overthinking.Kind, Integer> e : counts.entrySet()) {
            kinds.append(kinds.length() == 0 ? "" : ", ").append(e.getValue()).append(' ').append(kindWord(e.getKey()));
        }
        if (o.directions().size() < o.dimension()) {
            kinds.setLength(0);
            kinds.append("all ").append(o.dimension()).append(' ').append(kindWord(o.directions().get(0).kind()))
                    .append(" (from the two extreme eigenvalues)");
        }
        sb.append(kinds).append("; max |1 - mu| = ").append(TextTable.num(o.maxGrowth())).append('\n');
        if (t.bounds() != null) {
            Prediction.BoundCheck b = t.bounds();
            sb.append("  paper's bounds (Sigma = Lambda of task ").append(b.task()).append(", hardness ")
                    .append(TextTable.num(b.hardness())).append(", per dimension): one step <= ")
                    .append(TextTable.num(b.oneStepPerDimension())).append(", scaling law at k = ")
                    .append(kMax).append(" <= ")
                    .append(TextTable.num(b.scalingLawPerDimension()[b.scalingLawPerDimension().length - 1]))
                    .append(b.holds() ? " (prediction within both)" : " (PREDICTION EXCEEDS A BOUND)").append('\n');
        }
    }

    private static String kindWord(Overthinking.Kind kind) {
        return switch (kind) {
            case GROWS -> "grow";
            case STALLS -> "stall";
            case HOLDS -> "hold";
            case SHRINKS -> "shrink";
        };
    }
}
