package org.taskmix.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.Problem;
import org.taskmix.catalog.Settings;
import org.taskmix.catalog.Target;
import org.taskmix.catalog.TrainingSettings;
import org.taskmix.io.AtomicFiles;
import org.taskmix.io.ProblemReader;
import org.taskmix.io.WeightsFile;
import org.taskmix.report.Charts;
import org.taskmix.report.Curve;
import org.taskmix.report.TextTable;
import org.taskmix.theory.ErrorSummary;
import org.taskmix.theory.Prediction;
import org.taskmix.validation.ChainOfThought;
import org.taskmix.validation.CotCurve;
import org.taskmix.validation.FeatureGap;
import org.taskmix.validation.LossHistory;
import org.taskmix.validation.TrainingResult;
import org.taskmix.validation.Validation;
import org.taskmix.validation.ValidationResult;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code validate PROBLEM --weights FILE | --mixture NAME}: trains the LSA model on the mixture,
 * runs test-time chain of thought on the target and prints the measured error beside the
 * theory's prediction.
 *
 * <p>Named mixtures (a small set until the selection layer's baselines are connected):
 * {@code uniform} (equal weight on every task) and {@code task:NAME} (all weight on one task).
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Train the linear self-attention model on a mixture, run test-time chain of thought on the"
                + " target and show the measured error vs k beside the predicted one.")
public final class ValidateCommand implements Callable<Integer> {

    /** Where the predicted curve comes from, stated in the output. */
    static final String PREDICTED_SOURCE = "theory at the same m: E||(I - P(pi) S_m)^k||_F^2 / d, exact for k = 1,"
            + " Monte Carlo with a 95% interval for k > 1 (docs/theory.md §4)";

    /** Monte Carlo test prompts for the predicted curve at finite m. */
    @Option(names = "--samples", paramLabel = "N", defaultValue = "1000",
            description = "Monte Carlo test prompts for the predicted curve at k > 1 (default: ${DEFAULT-VALUE}).")
    int samples;

    @Parameters(index = "0", paramLabel = "PROBLEM", description = "Problem file (taskmix/problem-1 JSON).")
    Path problemFile;

    @ArgGroup(exclusive = true, multiplicity = "1")
    MixtureChoice mixture;

    static final class MixtureChoice {
        @Option(names = "--weights", paramLabel = "FILE", required = true,
                description = "Weights file: JSON with a \"weights\" object (e.g. solve --json output) or CSV task,weight.")
        Path weights;

        @Option(names = "--mixture", paramLabel = "NAME", required = true,
                description = "Named mixture: uniform, or task:NAME for all weight on one task.")
        String name;
    }

    @Option(names = "--missing-as-zero",
            description = "With --weights: give catalog tasks the file does not name weight 0 (default: an error).")
    boolean missingAsZero;

    @Option(names = "--target", paramLabel = "NAME", description = "Target to measure on (default: the first).")
    String target;

    @Option(names = "--steps", description = "Optimiser steps (default: settings.train.steps).")
    Integer steps;

    @Option(names = "--batch", description = "Prompts per step (default: settings.train.batch).")
    Integer batch;

    @Option(names = "--lr", paramLabel = "RATE", description = "Initial learning rate (default: settings.train.learningRate).")
    Double learningRate;

    @Option(names = "--optimizer", paramLabel = "adam|sgd", description = "Optimiser (default: settings.train.optimizer).")
    String optimizer;

    @Option(names = "--schedule", paramLabel = "constant|cosine", description = "Learning-rate schedule (default: settings.train.schedule).")
    String schedule;

    @Option(names = "--gauge", paramLabel = "free|fixed",
            description = "free: train every entry and re-gauge to W_24 = -1 afterwards; fixed: keep W_24 = -1 during"
                    + " training, so the model does chain of thought as trained (default: settings.train.gauge).")
    String gauge;

    @Option(names = "--offset", paramLabel = "train|freeze|average|anneal",
            description = "The offset block W_14 (0 in the theory): train it, freeze it at 0, average it over the"
                    + " second half of training, or anneal its learning rate (default: settings.train.offset).")
    String offset;

    @Option(names = "--seed", description = "Seed of training and test prompts (default: settings.train.seed).")
    Long seed;

    @Option(names = "--n", description = "Training prompt length for tasks without their own (default: settings.n).")
    Integer n;

    @Option(names = "--m", description = "Test prompt length on the target (default: settings.m).")
    Integer m;

    @Option(names = "--k-max", paramLabel = "K", description = "Longest chain of thought measured, k = 1..K (default: the largest of settings.k).")
    Integer kMax;

    @Option(names = "--test-prompts", paramLabel = "N", description = "Test prompts averaged (default: settings.train.testPrompts).")
    Integer testPrompts;

    @Option(names = "--threads", description = "Worker threads (default: all processors); results do not depend on it.")
    Integer threads;

    @Option(names = "--model", paramLabel = "lsa|transformer[:PRESET]", defaultValue = "lsa",
            description = "Model to train: lsa (default), or the GPT-2-style transformer on DJL + PyTorch with preset"
                    + " small (default), paper or LAYERSxHEADSxWIDTH (settings.transformer; docs/theory.md section 9).")
    String model;

    @Option(names = "--k-train", paramLabel = "K", description = "Transformer only: unrolled CoT steps in training (default: settings.transformer.kTrain).")
    Integer kTrain;

    @Option(names = "--out", paramLabel = "DIR", description = "Also write validate.json, curves.csv and loss.csv into this folder.")
    Path out;

    @Mixin
    CommonOptions common;

    @Mixin
    FeatureOptions features;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (TransformerCommands.isTransformer(model)) {
            features.requireGaussian("--model " + model);
            return TransformerCommands.validate(this);
        }
        if (kTrain != null) {
            throw new IllegalArgumentException("--k-train: only used with --model transformer");
        }
        Problem problem = ProblemReader.read(problemFile);
        Catalog catalog = problem.catalog();
        Settings settings = problem.settings();
        double[] weights;
        String mixtureLabel;
        if (mixture.weights != null) {
            weights = WeightsFile.read(mixture.weights, catalog, missingAsZero);
            mixtureLabel = "weights from " + mixture.weights;
        } else {
            weights = namedMixture(mixture.name, catalog);
            mixtureLabel = mixture.name;
        }
        Target tgt = chooseTarget(problem, target);
        TrainingSettings train = trainingSettings(settings.train());
        int trainN = OptionChecks.positive("--n", n, settings.n());
        int testM = OptionChecks.positive("--m", m, settings.m());
        int k = kMax == null ? settings.kMax() : kMax;
        if (k < 1 || k > ChainOfThought.MAX_K) {
            throw new IllegalArgumentException("--k-max: value " + k + " must lie in [1, " + ChainOfThought.MAX_K + "]");
        }
        if (train.testPrompts() < 2) {
            throw new IllegalArgumentException("--test-prompts: value " + train.testPrompts()
                    + " must be >= 2 (the interval needs a standard deviation)");
        }
        int workers = OptionChecks.positive("--threads", threads, Runtime.getRuntime().availableProcessors());

        Validation.Features rows = features.load(catalog);
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        ValidationResult result = new Validation(workers).run(catalog, weights, trainN, tgt.covariance(), testM, k,
                train, ProgressBars.on(stderr, common.progress()), rows);
        TrainingResult tr = result.training();
        if (!tr.completed()) {
            if (out != null) {
                AtomicFiles.writeString(out.resolve("loss.csv"), lossCsv(tr.loss()));
            }
            stderr.println("taskmix: error: " + tr.message());
            stderr.flush();
            return Main.EXIT_INPUT;
        }
        Prediction predicted = predictedCurve(problem, tgt, weights, trainN, testM, k, train.seed());
        Map<String, Object> doc = toJson(problem, catalog, weights, mixtureLabel, tgt, train, trainN, result, predicted);
        List<FeatureGap> gaps = FeatureGap.of(result.measured(), predicted);
        features.addJson(doc, gaps);
        if (out != null) {
            AtomicFiles.writeString(out.resolve("validate.json"), Output.toJson(doc) + "\n");
            AtomicFiles.writeString(out.resolve("curves.csv"), curvesCsv(result.measured(), predicted,
                    result.measuredAsTrained()));
            AtomicFiles.writeString(out.resolve("loss.csv"), lossCsv(tr.loss()));
            Charts.errorVsK("CoT error on " + tgt.name() + " (m = " + testM + "): " + mixtureLabel,
                    curves(result.measured(), predicted, mixtureLabel, result.measuredAsTrained()),
                    out.resolve("curves.png"));
        }
        if (common.json()) {
            Output.json(stdout, doc);
        } else {
            stdout.print(human(problem, mixtureLabel, catalog, weights, tgt, train, trainN, result, predicted));
            stdout.print(features.text(gaps));
            stdout.flush();
        }
        return 0;
    }

    /**
     * The theory's prediction on the measured target at the same {@code m}, or null if
     * {@code P(π)} does not exist (the mixture leaves a feature direction without variance).
     */
    private Prediction predictedCurve(Problem problem, Target tgt, double[] weights, int trainN, int testM, int kMax,
                                      long seed) {
        if (samples < 2) {
            throw new IllegalArgumentException("--samples: value " + samples + " must be >= 2");
        }
        Problem single = new Problem(problem.name(), problem.description(), problem.catalog(), List.of(tgt),
                problem.settings(), problem.source());
        int[] ks = java.util.stream.IntStream.rangeClosed(1, kMax).toArray();
        try {
            return Prediction.of(single, weights, new Prediction.Settings(ks, OptionalInt.of(testM), samples, seed,
                    trainN, true));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Measured (solid, with interval) and predicted (dashed) curves for the plot. */
    static List<Curve> curves(CotCurve c, Prediction predicted, String label) {
        return curves(c, predicted, label, null);
    }

    /**
     * Measured mean (with interval) and median, the as-trained mean if the model was re-gauged,
     * and the theory's mean and median at the same m and at m = inf.
     */
    static List<Curve> curves(CotCurve c, Prediction predicted, String label, CotCurve raw) {
        int[] ks = c.points().stream().mapToInt(CotCurve.Point::k).toArray();
        List<Curve> out = new ArrayList<>();
        out.add(Curve.measured("measured mean (re-gauged)", label, ks,
                c.points().stream().mapToDouble(CotCurve.Point::mean).toArray(),
                c.points().stream().mapToDouble(CotCurve.Point::ciLow).toArray(),
                c.points().stream().mapToDouble(CotCurve.Point::ciHigh).toArray()));
        out.add(Curve.measured("measured median (re-gauged)", label, ks,
                c.points().stream().mapToDouble(CotCurve.Point::median).toArray(),
                c.points().stream().mapToDouble(CotCurve.Point::medianLow).toArray(),
                c.points().stream().mapToDouble(CotCurve.Point::medianHigh).toArray()));
        if (raw != null && raw != c) {
            out.add(Curve.measured("measured mean (as trained)", label, ks,
                    raw.points().stream().mapToDouble(CotCurve.Point::mean).toArray(),
                    raw.points().stream().mapToDouble(CotCurve.Point::ciLow).toArray(),
                    raw.points().stream().mapToDouble(CotCurve.Point::ciHigh).toArray()));
        }
        if (predicted != null) {
            out.add(Curve.theory("theory mean (same m)", label, ks,
                    predicted.curve().stream().mapToDouble(Prediction.Point::error).toArray()));
            out.add(Curve.theory("theory median (same m)", label, ks,
                    predicted.curve().stream().mapToDouble(Prediction.Point::median).toArray()));
            out.add(Curve.theory("theory (m = inf)", "m = inf", ks, java.util.Arrays.copyOf(predicted.mInfinity(), ks.length)));
        }
        return out;
    }

    /** Weights of a named mixture: {@code uniform} or {@code task:NAME}. */
    static double[] namedMixture(String name, Catalog catalog) {
        double[] w = new double[catalog.size()];
        if (name.equals("uniform")) {
            java.util.Arrays.fill(w, 1.0 / catalog.size());
            return w;
        }
        if (name.startsWith("task:")) {
            String task = name.substring("task:".length());
            int i = catalog.indexOf(task);
            if (i < 0) {
                throw new IllegalArgumentException("--mixture: task \"" + task + "\" is not in the catalog (tasks: "
                        + String.join(", ", catalog.names()) + ")");
            }
            w[i] = 1.0;
            return w;
        }
        throw new IllegalArgumentException("--mixture: value \"" + name
                + "\" is not a known mixture; use \"uniform\" or \"task:NAME\"");
    }

    private static Target chooseTarget(Problem problem, String name) {
        if (name == null) {
            return problem.target();
        }
        for (Target t : problem.targets()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        List<String> names = problem.targets().stream().map(Target::name).toList();
        throw new IllegalArgumentException("--target: \"" + name + "\" is not a target of the problem (targets: "
                + String.join(", ", names) + ")");
    }

    /** The problem's training settings with the command-line overrides, each checked. */
    private TrainingSettings trainingSettings(TrainingSettings base) {
        int s = OptionChecks.positive("--steps", steps, base.steps());
        int b = OptionChecks.positive("--batch", batch, base.batch());
        int t = OptionChecks.positive("--test-prompts", testPrompts, base.testPrompts());
        double lr = base.learningRate();
        if (learningRate != null) {
            if (!(learningRate > 0 && Double.isFinite(learningRate))) {
                throw new IllegalArgumentException("--lr: value " + learningRate + " must be finite and > 0");
            }
            lr = learningRate;
        }
        String opt = base.optimizer();
        if (optimizer != null) {
            opt = optimizer.toLowerCase(Locale.ROOT);
            if (!opt.equals("adam") && !opt.equals("sgd")) {
                throw new IllegalArgumentException("--optimizer: value \"" + optimizer + "\" must be \"adam\" or \"sgd\"");
            }
        }
        String sch = base.schedule();
        if (schedule != null) {
            sch = schedule.toLowerCase(Locale.ROOT);
            if (!sch.equals("constant") && !sch.equals("cosine")) {
                throw new IllegalArgumentException("--schedule: value \"" + schedule + "\" must be \"constant\" or \"cosine\"");
            }
        }
        String g = gauge == null ? base.gauge() : gauge.toLowerCase(Locale.ROOT);
        if (!TrainingSettings.GAUGES.contains(g)) {
            throw new IllegalArgumentException("--gauge: value \"" + gauge + "\" must be \"free\" or \"fixed\"");
        }
        String o = offset == null ? base.offset() : offset.toLowerCase(Locale.ROOT);
        if (!TrainingSettings.OFFSETS.contains(o)) {
            throw new IllegalArgumentException("--offset: value \"" + offset
                    + "\" must be one of \"train\", \"freeze\", \"average\", \"anneal\"");
        }
        return new TrainingSettings(opt, s, b, lr, sch, t, seed == null ? base.seed() : seed, g, o);
    }

    /** Points of a measured curve: mean (as {@code error}) with its interval, median, quantiles. */
    static List<Map<String, Object>> measuredJson(CotCurve c) {
        List<Map<String, Object>> measured = new ArrayList<>();
        for (CotCurve.Point p : c.points()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("k", p.k());
            e.put("error", p.mean());
            e.put("ciLow", p.ciLow());
            e.put("ciHigh", p.ciHigh());
            e.put("sd", p.sd());
            e.put("mean", p.mean());
            e.put("median", p.median());
            e.put("medianLow", p.medianLow());
            e.put("medianHigh", p.medianHigh());
            e.put("q10", p.q10());
            e.put("q90", p.q90());
            measured.add(e);
        }
        return measured;
    }

    /** The validate JSON document (docs/formats.md fields plus extras). */
    private static Map<String, Object> toJson(Problem problem, Catalog catalog, double[] weights, String mixtureLabel,
                                              Target tgt, TrainingSettings train, int trainN, ValidationResult r,
                                              Prediction predicted) {
        TrainingResult tr = r.training();
        CotCurve c = r.measured();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("problem", problem.name());
        doc.put("mixture", mixtureLabel);
        Map<String, Object> w = new LinkedHashMap<>();
        for (int i = 0; i < catalog.size(); i++) {
            w.put(catalog.task(i).name(), weights[i]);
        }
        doc.put("weights", w);
        doc.put("target", tgt.name());
        doc.put("normalization", "per-dimension");
        doc.put("statistic", "error = mean over test prompts (interval: " + ErrorSummary.INTERVAL_DESCRIPTION
                + "); median, q10, q90 = quantiles over test prompts");
        doc.put("intervalMethod", ErrorSummary.INTERVAL_METHOD);
        doc.put("measured", measuredJson(c));
        doc.put("measuredGauge", "re-gauged: V -> cV, W e_last -> W e_last / c with c = -W_24 (W_24 = -1)");
        doc.put("measuredAsTrained", r.measuredAsTrained() == null ? null : measuredJson(r.measuredAsTrained()));
        Map<String, Object> gaugeDoc = new LinkedHashMap<>();
        gaugeDoc.put("training", train.gauge());
        gaugeDoc.put("offset", train.offset());
        gaugeDoc.put("scaleAsTrained", tr.gaugeScale());
        gaugeDoc.put("offsetFloorAsTrained", tr.rawModel().cotOffsetFloor());
        gaugeDoc.put("sameModel", r.measuredAsTrained() == c);
        doc.put("gauge", gaugeDoc);
        doc.put("agreementAsTrained", r.measuredAsTrained() == null ? null : agreement(r.measuredAsTrained(), predicted));
        List<Map<String, Object>> pred = new ArrayList<>();
        List<Map<String, Object>> predInf = new ArrayList<>();
        if (predicted != null) {
            double[] inf = predicted.mInfinity();
            for (Prediction.Point p : predicted.curve()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("k", p.k());
                e.put("error", p.error());
                e.put("ciLow", p.ciLow());
                e.put("ciHigh", p.ciHigh());
                e.put("method", p.method().name());
                e.put("mean", p.error());
                e.put("median", p.median());
                e.put("medianLow", p.medianLow());
                e.put("medianHigh", p.medianHigh());
                e.put("q10", p.q10());
                e.put("q90", p.q90());
                pred.add(e);
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("k", p.k());
                f.put("error", inf[p.k() - 1]);
                predInf.add(f);
            }
            doc.put("kStar", predicted.kStar());
            doc.put("warnings", predicted.warnings());
        }
        doc.put("predicted", pred);
        doc.put("predictedInfiniteM", predInf);
        doc.put("agreement", agreement(c, predicted));
        doc.put("predictedSource", predicted == null
                ? "none: the mixture's second moment is singular, so P(pi) does not exist" : PREDICTED_SOURCE);
        doc.put("distanceToOptimum", Double.isNaN(r.distanceToOptimum()) ? null : r.distanceToOptimum());
        doc.put("offsetFloor", tr.model().cotOffsetFloor());
        doc.put("gaugeScale", tr.gaugeScale());
        doc.put("seed", train.seed());
        doc.put("promptsTrained", tr.promptsTrained());
        doc.put("trainingSeconds", tr.seconds());
        doc.put("promptStepsEvaluated", c.promptSteps());
        doc.put("evaluationSeconds", c.seconds());
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("optimizer", train.optimizer());
        t.put("steps", train.steps());
        t.put("batch", train.batch());
        t.put("learningRate", train.learningRate());
        t.put("schedule", train.schedule());
        t.put("n", trainN);
        t.put("finalLoss", tr.loss().last());
        doc.put("training", t);
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("m", c.m());
        e.put("testPrompts", c.prompts());
        e.put("kMax", c.kMax());
        e.put("rho", "m at every step (appended CoT columns are not examples)");
        doc.put("evaluation", e);
        return doc;
    }

    private static String human(Problem problem, String mixtureLabel, Catalog catalog, double[] weights, Target tgt,
                                TrainingSettings train, int trainN, ValidationResult r, Prediction predicted) {
        TrainingResult tr = r.training();
        CotCurve c = r.measured();
        StringBuilder sb = new StringBuilder();
        sb.append("validate ").append(problem.name()).append(": mixture ").append(mixtureLabel).append(" (");
        for (int i = 0; i < catalog.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(catalog.task(i).name()).append(' ').append(TextTable.num(weights[i]));
        }
        sb.append("), target ").append(tgt.name()).append('\n');
        sb.append(String.format(Locale.ROOT, "trained %d steps x %d prompts (%s, lr %s %s, n = %d, seed %d) in %.1f s;"
                        + " final loss %s%n", train.steps(), train.batch(), train.optimizer(),
                train.learningRate(), train.schedule(), trainN, train.seed(), tr.seconds(),
                TextTable.num(tr.loss().last())));
        if (Double.isNaN(r.distanceToOptimum())) {
            sb.append("distance of V_31 from -P(pi): undefined (the mixture leaves a feature direction without variance)\n");
        } else {
            sb.append(String.format(Locale.ROOT, "distance of V_31 from -P(pi): %.2f%% (relative Frobenius);"
                    + " gauge scale -W_24 = %s before normalisation%n", 100 * r.distanceToOptimum(),
                    TextTable.num(tr.gaugeScale())));
        }
        sb.append("CoT offset floor ||W_14||^2/d = ").append(TextTable.num(tr.model().cotOffsetFloor()))
                .append(": the trained model's error cannot fall below it (training noise; 0 in the theory)\n");
        sb.append(String.format(Locale.ROOT, "training gauge %s, offset block %s; as trained -W_24 = %s%n",
                train.gauge(), train.offset(), TextTable.num(tr.gaugeScale())));
        sb.append(String.format(Locale.ROOT, "CoT error on %s, m = %d, %d test prompts in %.1f s"
                        + " (per-dimension: ||w_k - w*||^2 / d; mean with 95%% BCa interval, and median)%n"
                        + "measured = re-gauged to W_24 = -1; as trained = the model as trained, no rescaling%n%n",
                tgt.name(), c.m(), c.prompts(), c.seconds()));
        CotCurve raw = r.measuredAsTrained();
        TextTable t = new TextTable("k", "measured", "ci low", "ci high", "median", "as trained", "as tr. median",
                "predicted", "pred. ci low", "pred. ci high", "pred. median", "predicted (m = inf)");
        for (CotCurve.Point p : c.points()) {
            Object rawMean = raw == null ? "-" : raw.at(p.k()).mean();
            Object rawMedian = raw == null ? "-" : raw.at(p.k()).median();
            if (predicted == null) {
                t.row(p.k(), p.mean(), p.ciLow(), p.ciHigh(), p.median(), rawMean, rawMedian, "-", "-", "-", "-", "-");
            } else {
                Prediction.Point q = predicted.curve().get(p.k() - 1);
                t.row(p.k(), p.mean(), p.ciLow(), p.ciHigh(), p.median(), rawMean, rawMedian, q.error(), q.ciLow(),
                        q.ciHigh(), q.median(), predicted.mInfinity()[p.k() - 1]);
            }
        }
        sb.append(t);
        Map<String, Object> agree = agreement(c, predicted);
        if (agree != null) {
            sb.append(String.format(Locale.ROOT, "%nagreement: measured within the combined 95%% intervals of the prediction"
                    + " at %s of %s k; largest |z| = %.2f%n", agree.get("withinCount"), agree.get("of"), agree.get("maxAbsZ")));
        }
        sb.append("\npredicted: ").append(predicted == null ? "none (P(pi) does not exist)" : PREDICTED_SOURCE)
                .append('\n');
        if (predicted != null) {
            for (String w : predicted.warnings()) {
                sb.append("warning: ").append(w).append('\n');
            }
        }
        return sb.toString();
    }

    private static String curvesCsv(CotCurve c, Prediction predicted, CotCurve raw) {
        StringBuilder sb = new StringBuilder("k,measured,ciLow,ciHigh,predicted,predictedCiLow,predictedCiHigh,"
                + "predictedInfiniteM,measuredMedian,measuredQ10,measuredQ90,predictedMedian,measuredAsTrained,"
                + "measuredAsTrainedMedian\n");
        for (CotCurve.Point p : c.points()) {
            sb.append(p.k()).append(',').append(p.mean()).append(',').append(p.ciLow()).append(',').append(p.ciHigh());
            Prediction.Point q = predicted == null ? null : predicted.curve().get(p.k() - 1);
            if (q == null) {
                sb.append(",,,,");
            } else {
                sb.append(',').append(q.error()).append(',').append(q.ciLow()).append(',').append(q.ciHigh()).append(',')
                        .append(predicted.mInfinity()[p.k() - 1]);
            }
            sb.append(',').append(p.median()).append(',').append(p.q10()).append(',').append(p.q90()).append(',')
                    .append(q == null ? "" : String.valueOf(q.median())).append(',')
                    .append(raw == null ? "" : String.valueOf(raw.at(p.k()).mean())).append(',')
                    .append(raw == null ? "" : String.valueOf(raw.at(p.k()).median()));
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * How well measurement and prediction agree: per k, {@code z = (measured − predicted) /
     * √(se_m² + se_p²)} with the standard errors recovered from the 95% half-widths; "within"
     * means {@code |z| ≤ 1.96}. Null without a prediction.
     */
    static Map<String, Object> agreement(CotCurve c, Prediction predicted) {
        if (predicted == null) {
            return null;
        }
        int within = 0;
        double maxZ = 0;
        for (CotCurve.Point p : c.points()) {
            Prediction.Point q = predicted.curve().get(p.k() - 1);
            double seM = (p.ciHigh() - p.ciLow()) / (2 * CotCurve.Z95);
            double seP = (q.ciHigh() - q.ciLow()) / (2 * CotCurve.Z95);
            double se = Math.sqrt(seM * seM + seP * seP);
            double diff = p.mean() - q.error();
            double z = se > 0 ? diff / se : (diff == 0 ? 0 : Double.POSITIVE_INFINITY);
            if (Math.abs(z) <= CotCurve.Z95) {
                within++;
            }
            maxZ = Math.max(maxZ, Math.abs(z));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("withinCount", within);
        m.put("of", c.points().size());
        m.put("maxAbsZ", maxZ);
        m.put("rule", "|measured - predicted| <= 1.96 * sqrt(se_measured^2 + se_predicted^2)");
        return m;
    }

    private static String lossCsv(LossHistory h) {
        StringBuilder sb = new StringBuilder("step,loss\n");
        int[] steps = h.steps();
        double[] values = h.values();
        for (int i = 0; i < values.length; i++) {
            sb.append(steps[i]).append(',').append(values[i]).append('\n');
        }
        return sb.toString();
    }
}
