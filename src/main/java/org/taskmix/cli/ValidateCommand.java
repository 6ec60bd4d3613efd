package org.taskmix.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.Problem;
import org.taskmix.catalog.Settings;
import org.taskmix.catalog.Target;
import org.taskmix.catalog.TrainingSettings;
import org.taskmix.io.AtomicFiles;
import org.taskmix.io.ProblemReader;
import org.taskmix.report.Charts;
import org.taskmix.selection.Mixture;
import org.taskmix.study.MixtureSpec;
import org.taskmix.study.Study;
import org.taskmix.study.TestLength;
import org.taskmix.report.Curve;
import org.taskmix.theory.Prediction;
import org.taskmix.validation.ChainOfThought;
import org.taskmix.validation.CotCurve;
import org.taskmix.validation.FeatureGap;
import org.taskmix.validation.TrainingResult;
import org.taskmix.validation.Validation;
import org.taskmix.validation.ValidationResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code validate PROBLEM --weights FILE | --mixture NAME}: trains the LSA model on the mixture,
 * runs test-time chain of thought on the target and prints the measured error beside the
 * theory's prediction.
 *
 * <p>Mixtures are named in the one vocabulary of {@link MixtureSpec} (docs/theory.md §12).
 */
@Command(name = "validate", mixinStandardHelpOptions = true, resourceBundle = "org.taskmix.cli.OptionHelp",
        description = "Train the linear self-attention model on a mixture, run test-time chain of thought on the"
                + " target and show the measured error vs k beside the predicted one.")
public final class ValidateCommand implements Callable<Integer> {

    /** Where the predicted curve comes from, stated in the output. */
    static final String PREDICTED_SOURCE = "theory at the same m: E||(I - P(pi) S_m)^k||_F^2 / d, exact for k = 1,"
            + " Monte Carlo with a 95% interval for k > 1 (docs/theory.md §4)";

    /** Monte Carlo test prompts for the predicted curve at finite m. */
    @Mixin
    PredictionSamples samples;

    @Mixin
    ProblemFile input;

    @Mixin
    MixtureOptions mixture;

    @Option(names = "--target", paramLabel = "NAME", description = "Target to measure on (default: the first).")
    String target;

    @Mixin
    TrainingOptions training;

    @Mixin
    TrainSeed seed;

    @Option(names = "--n", description = "Training prompt length for tasks without their own (default: settings.n).")
    Integer n;

    @Option(names = "--m", paramLabel = "M", converter = Converters.Length.class,
            description = "Test prompt length on the target (default: settings.m); a whole number (1e4 allowed),"
                    + " not inf: the model is measured on real prompts.")
    TestLength m;

    @Option(names = "--k-max", paramLabel = "K", description = "Longest chain of thought measured, k = 1..K (default: the largest of settings.k).")
    Integer kMax;

    @Option(names = "--threads", description = "Worker threads (default: all processors); results do not depend on it.")
    Integer threads;

    @Mixin
    ModelOption model;

    @Option(names = "--k-train", paramLabel = "K", description = "Transformer only: unrolled CoT steps in training (default: settings.transformer.kTrain).")
    Integer kTrain;

    @Mixin
    OutputDir out;

    @Mixin
    CommonOptions common;

    @Mixin
    FilterOptions filters;

    @Mixin
    FeatureOptions features;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (model.transformer()) {
            features.requireGaussian("--model " + model.spelling());
            return TransformerCommands.validate(this);
        }
        if (kTrain != null) {
            throw new IllegalArgumentException("--k-train: only used with --model transformer");
        }
        Problem problem = filters.apply(ProblemReader.read(input.path()));
        Catalog catalog = problem.catalog();
        Settings settings = problem.settings();
        Mixture chosen = chosenMixture(problem);
        double[] weights = chosen.weights();
        String mixtureLabel = chosen.name();
        Target tgt = chooseTarget(problem, target);
        TrainingSettings train = training.apply(settings.train(), seed.given());
        int trainN = OptionChecks.positive("--n", n, settings.n());
        int testM = OptionChecks.positive("--m", finiteM(), settings.m());
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
        if (samples.samples < 2) {
            throw new IllegalArgumentException("--samples: value " + samples.samples + " must be >= 2");
        }
        // The study engine on the measured target with the training n asked for: train, measure,
        // and predict at the same m (no surrogate objective: validate scores one mixture).
        Problem measuredOn = new Problem(problem.name(), problem.description(), catalog, List.of(tgt),
                new Settings(trainN, testM, settings.k(), train), problem.source());
        Study.Entry entry = Study.run(measuredOn, null, List.of(chosen), new Study.Options(k, TestLength.of(testM),
                samples.samples, train.seed(), true, train, workers, null, rows), ProgressBars.on(stderr, common.progress())).get(0);
        ValidationResult result = entry.validation();
        TrainingResult tr = result.training();
        if (!tr.completed()) {
            if (out.dir() != null) {
                AtomicFiles.writeString(out.dir().resolve("loss.csv"), ValidateOutput.lossCsv(tr.loss()));
            }
            stderr.println("taskmix: error: " + tr.message());
            stderr.flush();
            return Main.EXIT_INPUT;
        }
        Prediction predicted = entry.prediction();
        Map<String, Object> doc = ValidateOutput.toJson(problem, catalog, weights, mixtureLabel, tgt, train, trainN, result, predicted);
        List<FeatureGap> gaps = FeatureGap.of(result.measured(), predicted);
        features.addJson(doc, gaps);
        if (out.dir() != null) {
            Path dir = out.dir();
            Output.write(dir.resolve("validate.json"), "validate", doc);
            AtomicFiles.writeString(dir.resolve("curves.csv"), ValidateOutput.curvesCsv(result.measured(), predicted,
                    result.measuredAsTrained()));
            AtomicFiles.writeString(dir.resolve("loss.csv"), ValidateOutput.lossCsv(tr.loss()));
            Charts.errorVsK("CoT error on " + tgt.name() + " (m = " + testM + "): " + mixtureLabel,
                    curves(result.measured(), predicted, mixtureLabel, result.measuredAsTrained()),
                    dir.resolve("curves.png"));
        }
        common.print(stdout, "validate", doc, () -> ValidateOutput.human(problem, mixtureLabel, catalog, weights, tgt,
                train, trainN, result, predicted) + features.text(gaps));
        return 0;
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
                c.points().stream().mapToDouble(CotCurve.Point::medianHigh).toArray()).withStatistic(Curve.Statistic.MEDIAN));
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
                    predicted.curve().stream().mapToDouble(Prediction.Point::median).toArray())
                    .withStatistic(Curve.Statistic.MEDIAN));
            out.add(Curve.theory("theory (m = inf)", "m = inf", ks, java.util.Arrays.copyOf(predicted.mInfinity(), ks.length)));
        }
        return out;
    }

    /**
     * The mixture to train: {@code --weights FILE} or {@code --mixture SPEC} resolved on
     * {@code problem} (docs/theory.md §12), with its label for the output.
     */
    Mixture chosenMixture(Problem problem) {
        Mixture mx = mixture.resolve(problem, filters, spec.commandLine().getErr());
        return mixture.weightsFile() != null ? new Mixture("weights from " + mixture.weightsFile(), mx.weights(), mx.note()) : mx;
    }

    /** {@code --m} as a finite length, or null if not given; inf is refused (see the option). */
    Integer finiteM() {
        if (m == null) {
            return null;
        }
        if (m.infinite()) {
            throw new IllegalArgumentException("--m: value inf cannot be measured: the trained model is tested on prompts"
                    + " of m examples (the m = inf theory curve is reported beside every measurement)");
        }
        return m.asInt("--m").getAsInt();
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
}
