package org.taskmix.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.Problem;
import org.taskmix.catalog.Target;
import org.taskmix.io.AtomicFiles;
import org.taskmix.io.ProblemReader;
import org.taskmix.io.TransformerSettingsReader;
import org.taskmix.nonlinear.EngineCheck;
import org.taskmix.nonlinear.ExperimentPlan;
import org.taskmix.nonlinear.NonlinearExperiments;
import org.taskmix.nonlinear.Stats;
import org.taskmix.nonlinear.TransformerConfig;
import org.taskmix.nonlinear.TransformerCurve;
import org.taskmix.nonlinear.TransformerSettings;
import org.taskmix.nonlinear.TransformerTraining;
import org.taskmix.nonlinear.TransformerValidation;
import org.taskmix.report.Charts;
import org.taskmix.report.Curve;
import org.taskmix.report.TextTable;
import org.taskmix.validation.ProgressListener;

/**
 * The command-line side of the transformer check (docs/theory.md §9): {@code validate --model
 * transformer[:PRESET]}, {@code compare --validate --model transformer[:PRESET]} and the
 * {@code reproduce nonlinear-*} experiments. Kept apart from the LSA commands so they only
 * dispatch here.
 */
final class TransformerCommands {

    /** Default intra-op threads of the engine: 1, because on a shared machine OpenMP threads that
     *  spin-wait for a busy core were measured 10× slower than one thread (docs/theory.md §9). */
    static final int DEFAULT_THREADS = 1;

    private TransformerCommands() {
    }

    /** True for {@code transformer} or {@code transformer:PRESET}, false for {@code lsa}; else an error. */
    static boolean isTransformer(String model) {
        if (model == null || model.equals("lsa")) {
            return false;
        }
        if (model.equals("transformer") || model.startsWith("transformer:")) {
            config(model, TransformerConfig.SMALL);
            return true;
        }
        throw new IllegalArgumentException("--model: value \"" + model + "\" must be lsa, transformer or transformer:PRESET"
                + " (PRESET: small, paper, tiny or LAYERSxHEADSxWIDTH)");
    }

    /** The preset named after {@code transformer:}, or {@code fallback}. */
    static TransformerConfig config(String model, TransformerConfig fallback) {
        if (!model.startsWith("transformer:")) {
            return fallback;
        }
        try {
            return TransformerConfig.preset(model.substring("transformer:".length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--model: " + e.getMessage());
        }
    }

    /** Loads the engine's settings or fails with one line naming what to build. */
    static void engine(Integer threads) {
        int t = OptionChecks.positive("--threads", threads, DEFAULT_THREADS);
        if (!EngineCheck.available()) {
            throw new IllegalArgumentException("--model transformer: " + EngineCheck.MISSING);
        }
        EngineCheck.prepare(t);
    }

    /** {@code validate --model transformer[:PRESET]}. */
    static int validate(ValidateCommand c) {
        Problem problem = c.filters.apply(ProblemReader.read(c.input.path()));
        TransformerSettingsReader.Plans plans = TransformerSettingsReader.read(c.input.path(), problem);
        ExperimentPlan plan = plans.full();
        TransformerConfig config = config(c.model.spelling(), plan.config());
        Catalog catalog = problem.catalog();
        org.taskmix.selection.Mixture chosen = c.chosenMixture(problem);
        double[] weights = chosen.weights();
        String label = chosen.name();
        Target tgt = target(problem, c.target);
        TransformerSettings base = plan.settings();
        TransformerSettings s = validateSettings(c, base);
        int n = OptionChecks.positive("--n", c.n, problem.settings().n());
        int m = OptionChecks.positive("--m", c.finiteM(), plan.mEqualsN() ? n : problem.settings().m());
        int kMax = OptionChecks.positive("--k-max", c.kMax, plan.kMax());
        engine(c.threads);
        PrintWriter stdout = c.spec.commandLine().getOut();
        PrintWriter stderr = c.spec.commandLine().getErr();
        ProgressListener progress = ProgressBars.on(stderr, c.common.progress());
        TransformerValidation.Run run = TransformerValidation.run(catalog, weights, n, tgt.covariance(), m, kMax, config,
                s, progress);
        if (!run.training().completed()) {
            stderr.println("taskmix: error: " + run.training().message());
            stderr.flush();
            return Main.EXIT_INPUT;
        }
        NonlinearExperiments.Condition cond = new NonlinearExperiments.Condition(label, weights, n, tgt, m);
        double[] predicted = predicted(problem, cond, plan, kMax);
        Map<String, Object> doc = Output.fields("format", "taskmix/validate-1", "problem", problem.name(),
                "model", "transformer:" + config.name(), "architecture", architecture(config), "mixture", label,
                "weights", weightsJson(catalog, weights), "target", tgt.name(), "normalization", "per-dimension",
                "measured", curveJson(run.curve()), "predicted", predictedJson(predicted, kMax));
        doc.put("predictedSource", "the linear (LSA) theory at the same n and m, mean over test prompts (docs/theory.md §4):"
                + " a reference, not a prediction for the transformer");
        doc.put("seed", s.seed());
        doc.put("kTrain", s.kTrain());
        doc.put("training", trainingJson(run.training(), s, n));
        doc.put("promptsTrained", (long) run.training().steps() * s.batch());
        doc.put("trainingSeconds", run.training().seconds());
        doc.put("evaluationSeconds", run.curve().seconds());
        doc.put("m", m);
        doc.put("testPrompts", run.curve().prompts());
        if (c.out.dir() != null) {
            writeValidateFiles(c.out.dir(), doc, run, predicted, kMax, label, tgt, m);
        }
        if (c.common.json()) {
            Output.json(stdout, "validate", doc);
        } else {
            printValidate(stdout, problem, config, label, tgt, run, s, n, m, predicted);
        }
        return 0;
    }

    /** The training settings for validate: settings.transformer with the command-line overrides. */
    private static TransformerSettings validateSettings(ValidateCommand c, TransformerSettings base) {
        TrainingOptions t = c.training;
        if (t.optimizerOption() != null) {
            throw new IllegalArgumentException(t.optimizerOption()
                    + ": the transformer always trains with Adam, linear warm-up and cosine decay (settings.transformer)");
        }
        if (t.precision != null) {
            // Refused, not ignored: a user asking for float32 must not believe they got it.
            throw new IllegalArgumentException("--precision: the transformer trains in the engine's float32 always;"
                    + " the option is for the LSA model's kernel (docs/theory.md section 9.2)");
        }
        double lr = t.learningRate(base.learningRate());
        int steps = OptionChecks.positive("--steps", t.steps, base.steps());
        return new TransformerSettings(steps, OptionChecks.positive("--batch", t.batch, base.batch()), lr,
                Math.min(base.warmup(), steps), OptionChecks.positive("--k-train", c.kTrain, base.kTrain()),
                OptionChecks.positive("--test-prompts", t.testPrompts, base.testPrompts()),
                c.seed.or(base.seed()));
    }

    private static Map<String, Object> weightsJson(Catalog catalog, double[] weights) {
        Map<String, Object> w = new LinkedHashMap<>();
        for (int i = 0; i < catalog.size(); i++) {
            w.put(catalog.task(i).name(), weights[i]);
        }
        return w;
    }

    private static List<Map<String, Object>> predictedJson(double[] predicted, int kMax) {
        List<Map<String, Object>> pred = new ArrayList<>();
        for (int k = 1; k <= kMax; k++) {
            Map<String, Object> e = Output.fields("k", k,
                    "error", Double.isFinite(predicted[k - 1]) ? predicted[k - 1] : null);
            pred.add(e);
        }
        return pred;
    }

    /** validate.json, curves.csv and curves.png into --out. */
    private static void writeValidateFiles(Path out, Map<String, Object> doc, TransformerValidation.Run run,
                                           double[] predicted, int kMax, String label, Target tgt, int m) {
        Output.write(out.resolve("validate.json"), "validate", doc);
        AtomicFiles.writeString(out.resolve("curves.csv"), curvesCsv(run.curve(), predicted));
        int[] ks = java.util.stream.IntStream.rangeClosed(1, kMax).toArray();
        List<Curve> curves = new ArrayList<>();
        curves.add(measuredCurve("transformer (mean)", label, run.curve()));
        if (Double.isFinite(predicted[0])) {
            curves.add(Curve.theory("linear theory (same m)", label, ks, predicted));
        }
        Charts.errorVsK("Transformer CoT error on " + tgt.name() + " (m = " + m + "): " + label, curves,
                out.resolve("curves.png"));
    }

    private static void printValidate(PrintWriter stdout, Problem problem, TransformerConfig config, String label, Target tgt,
                                      TransformerValidation.Run run, TransformerSettings s, int n, int m, double[] predicted) {
        TransformerTraining tr = run.training();
        stdout.printf(Locale.ROOT, "validate %s: transformer %s (%s), mixture %s, target %s%n", problem.name(),
                config.name(), architecture(config), label, tgt.name());
        stdout.printf(Locale.ROOT, "trained %d steps x %d prompts (Adam, lr %s, K_train = %d, n = %d, seed %d) in %.1f s"
                        + " on %s: %.0f prompts/s, %.0f tokens/s; loss %s -> %s%n", tr.steps(), s.batch(),
                s.learningRate(), s.kTrain(), n, s.seed(), tr.seconds(), tr.device(), tr.promptsPerSecond(),
                tr.tokensPerSecond(), TextTable.num(tr.firstLoss()), TextTable.num(tr.finalLoss()));
        stdout.printf(Locale.ROOT, "CoT error on %s, m = %d, %d test prompts (per dimension ||w_k - w*||^2 / d)%n%n",
                tgt.name(), m, run.curve().prompts());
        stdout.print(table(run.curve(), predicted));
        stdout.flush();
    }

    /** {@code compare --validate --model transformer}: one training run per mixture, added to the JSON and printed. */
    static String compare(Path problemFile, Problem problem, String model, List<String> names, List<double[]> weights,
                          List<Map<String, Object>> docs, Integer steps, Long seed, int kMax, CommonOptions common,
                          PrintWriter stderr) {
        ExperimentPlan plan = TransformerSettingsReader.read(problemFile, problem).full();
        TransformerConfig config = config(model, plan.config());
        TransformerSettings base = plan.settings();
        int st = OptionChecks.positive("--steps", steps, base.steps());
        TransformerSettings s = new TransformerSettings(st, base.batch(), base.learningRate(), Math.min(base.warmup(), st),
                base.kTrain(), base.testPrompts(), seed == null ? base.seed() : seed);
        int n = problem.settings().n();
        int m = plan.mEqualsN() ? n : problem.settings().m();
        int k = Math.min(kMax, plan.kMax());
        engine(null);
        ProgressListener progress = ProgressBars.on(stderr, common.progress());
        TextTable t = new TextTable("mixture", "k", "transformer mean", "ci low", "ci high", "median", "status");
        for (int i = 0; i < names.size(); i++) {
            TransformerValidation.Run r = TransformerValidation.run(problem.catalog(), weights.get(i), n,
                    problem.target().covariance(), m, k, config, s, progress);
            Map<String, Object> e = Output.fields("model", "transformer:" + config.name(), "m", m,
                    "training", trainingJson(r.training(), s, n),
                    "measured", r.curve() == null ? List.of() : curveJson(r.curve()));
            docs.get(i).put("transformer", e);
            if (r.curve() == null) {
                t.row(names.get(i), "-", "-", "-", "-", "-", r.training().message());
            } else {
                for (int kk : new int[] {1, k}) {
                    Stats p = r.curve().at(kk);
                    t.row(names.get(i), kk, p.mean(), p.meanLow(), p.meanHigh(), p.median(), "completed");
                }
            }
        }
        return String.format(Locale.ROOT, "%nTransformer %s (K_train = %d, %d steps x %d, seed %d) on %s at m = %d"
                        + " (per dimension; mean with 95%% interval over test prompts, and median):%n",
                config.name(), s.kTrain(), s.steps(), s.batch(), s.seed(), problem.target().name(), m) + t;
    }

    static Target target(Problem problem, String name) {
        if (name == null) {
            return problem.target();
        }
        for (Target t : problem.targets()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("--target: \"" + name + "\" is not a target of the problem (targets: "
                + String.join(", ", problem.targets().stream().map(Target::name).toList()) + ")");
    }

    static double[] predicted(Problem problem, NonlinearExperiments.Condition c, ExperimentPlan plan, int kMax) {
        ExperimentPlan p = new ExperimentPlan(plan.config(), plan.settings(), plan.kTrains(), plan.seeds(), kMax, plan.ns(),
                plan.mEqualsN());
        return NonlinearExperiments.predict(problem, c, p);
    }

    static String architecture(TransformerConfig c) {
        return c.layers() + " layers, " + c.heads() + " heads, width " + c.width()
                + ", pre-LN, causal softmax attention, GELU MLP, learned positions";
    }

    static Map<String, Object> trainingJson(TransformerTraining tr, TransformerSettings s, int n) {
        return Output.fields("status", tr.status().name(), "message", tr.message(), "optimizer", "adam",
                "steps", tr.steps(), "batch", s.batch(), "learningRate", s.learningRate(), "warmup", s.warmup(),
                "schedule", "linear warm-up, cosine decay", "kTrain", s.kTrain(), "n", n,
                "firstLoss", tr.firstLoss(), "finalLoss", tr.finalLoss(), "seconds", tr.seconds(),
                "promptsPerSecond", tr.promptsPerSecond(), "tokensPerSecond", tr.tokensPerSecond(),
                "throughputWarmupSteps", tr.warmupSteps(), "promptsPerSecondAllSteps", tr.promptsPerSecondAllSteps(),
                "parameters", tr.parameters(), "device", tr.device());
    }

    static List<Map<String, Object>> curveJson(TransformerCurve c) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int k = 1; k <= c.kMax(); k++) {
            Stats p = c.at(k);
            out.add(Output.fields("k", k, "error", p.mean(), "ciLow", p.meanLow(), "ciHigh", p.meanHigh(),
                    "sd", p.sd(), "median", p.median(), "medianLow", p.medianLow(), "medianHigh", p.medianHigh(),
                    "q10", p.q10(), "q90", p.q90()));
        }
        return out;
    }

    static Curve measuredCurve(String name, String group, TransformerCurve c) {
        int n = c.kMax();
        int[] ks = new int[n];
        double[] mean = new double[n];
        double[] lo = new double[n];
        double[] hi = new double[n];
        for (int k = 1; k <= n; k++) {
            Stats p = c.at(k);
            ks[k - 1] = k;
            mean[k - 1] = p.mean();
            lo[k - 1] = Math.max(p.meanLow(), Double.MIN_NORMAL);
            hi[k - 1] = p.meanHigh();
        }
        return Curve.measured(name, group, ks, mean, lo, hi);
    }

    private static String table(TransformerCurve c, double[] predicted) {
        TextTable t = new TextTable("k", "mean", "ci low", "ci high", "median", "median ci low", "median ci high", "q10",
                "q90", "linear theory (mean)");
        for (int k = 1; k <= c.kMax(); k++) {
            Stats p = c.at(k);
            t.row(k, p.mean(), p.meanLow(), p.meanHigh(), p.median(), p.medianLow(), p.medianHigh(), p.q10(), p.q90(),
                    Double.isFinite(predicted[k - 1]) ? (Object) predicted[k - 1] : "-");
        }
        return t.toString();
    }

    private static String curvesCsv(TransformerCurve c, double[] predicted) {
        StringBuilder sb = new StringBuilder("k,mean,ciLow,ciHigh,median,medianLow,medianHigh,q10,q90,linearTheory\n");
        for (int k = 1; k <= c.kMax(); k++) {
            Stats p = c.at(k);
            sb.append(k).append(',').append(p.mean()).append(',').append(p.meanLow()).append(',').append(p.meanHigh())
                    .append(',').append(p.median()).append(',').append(p.medianLow()).append(',').append(p.medianHigh())
                    .append(',').append(p.q10()).append(',').append(p.q90()).append(',')
                    .append(Double.isFinite(predicted[k - 1]) ? Double.toString(predicted[k - 1]) : "").append('\n');
        }
        return sb.toString();
    }
}
