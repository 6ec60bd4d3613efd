package org.taskmix.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.stream.IntStream;

import org.taskmix.catalog.Problem;
import org.taskmix.catalog.TrainingSettings;
import org.taskmix.selection.Mixture;
import org.taskmix.selection.SelectionProblem;
import org.taskmix.theory.Prediction;

/**
 * Scores named mixtures of one problem on every layer: the selection objective, the theory's
 * predicted CoT error for {@code k = 1..kMax} (at the problem's test length {@code m}, with the
 * {@code m = ∞} curve and {@code k*} beside it), and optionally the trained model's measured
 * error. This is what {@code compare}, {@code demo} and scripts use to put mixtures side by side.
 *
 * <p>Measured errors are on the problem's first target (the model is evaluated on one
 * distribution); predictions are the target-weighted sum, which is the same for a single target.
 */
public final class MixtureStudy {

    /**
     * What to compute.
     *
     * @param kMax     longest CoT predicted and measured ({@code k = 1..kMax})
     * @param m        test prompt length of the finite-{@code m} prediction and of the measurement
     * @param samples  Monte Carlo test prompts per mixture for the finite-{@code m} prediction
     * @param seed     seed of the Monte Carlo draws (training uses {@code train.seed()})
     * @param validate train and measure each mixture
     * @param train    training and evaluation settings
     * @param threads  worker threads for training and evaluation (results do not depend on it)
     */
    public record Options(int kMax, int m, int samples, long seed, boolean validate, TrainingSettings train,
                          int threads) {
        public Options {
            if (kMax < 1 || kMax > ChainOfThought.MAX_K) {
                throw new IllegalArgumentException("kMax: value " + kMax + " must lie in [1, " + ChainOfThought.MAX_K + "]");
            }
            if (m < 1) {
                throw new IllegalArgumentException("m: value " + m + " must be >= 1");
            }
            if (samples < 2) {
                throw new IllegalArgumentException("samples: value " + samples + " must be >= 2");
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads: value " + threads + " must be >= 1");
            }
            Objects.requireNonNull(train, "train");
        }

        /** Defaults from the problem's settings: its largest k, its m, 400 samples, no training. */
        public static Options of(Problem problem) {
            return new Options(problem.settings().kMax(), problem.settings().m(), 400, problem.settings().train().seed(),
                    false, problem.settings().train(), Runtime.getRuntime().availableProcessors());
        }

        /** A copy that also trains and measures. */
        public Options withValidation(boolean on) {
            return new Options(kMax, m, samples, seed, on, train, threads);
        }
    }

    /**
     * One mixture, scored.
     *
     * @param mixture            name, weights, note
     * @param surrogateObjective the selection program's objective at these weights
     * @param prediction         predicted error vs k at finite m (with the m = ∞ curve and k*), or null
     * @param predictionProblem  why there is no prediction (e.g. the mixture's second moment is singular), or null
     * @param validation         the trained model's result, or null if not validated
     */
    public record Entry(Mixture mixture, double surrogateObjective, Prediction prediction, String predictionProblem,
                        ValidationResult validation) {

        /** Measured error at {@code k}, or NaN if not validated or training did not complete. */
        public double measured(int k) {
            return validation == null || validation.measured() == null ? Double.NaN : validation.measured().at(k).mean();
        }

        /** Predicted error at {@code k} (finite m), or NaN. */
        public double predicted(int k) {
            return prediction == null ? Double.NaN : prediction.curve().get(k - 1).error();
        }
    }

    private MixtureStudy() {
    }

    /**
     * Scores every mixture. Mixtures are trained one after another, each on all threads, so the
     * progress bars read naturally; each gets the same training seed (common random numbers make
     * differences between mixtures less noisy).
     */
    public static List<Entry> run(Problem problem, SelectionProblem program, List<Mixture> mixtures, Options options,
                                  ProgressListener progress) {
        return run(problem, program, mixtures, options, null, progress);
    }

    /**
     * As {@link #run(Problem, SelectionProblem, List, Options, ProgressListener)}, training only
     * the mixtures named in {@code validateOnly} (all of them if null) when validation is on.
     */
    public static List<Entry> run(Problem problem, SelectionProblem program, List<Mixture> mixtures, Options options,
                                  java.util.Set<String> validateOnly, ProgressListener progress) {
        int[] ks = IntStream.rangeClosed(1, options.kMax()).toArray();
        Prediction.Settings ps = new Prediction.Settings(ks, OptionalInt.of(options.m()), options.samples(),
                options.seed(), problem.settings().n(), true);
        List<Entry> out = new ArrayList<>();
        Validation validation = new Validation(options.threads());
        for (Mixture mx : mixtures) {
            double[] w = mx.weights();
            Prediction p = null;
            String why = null;
            try {
                p = Prediction.of(problem, w, ps);
            } catch (IllegalArgumentException e) {
                why = e.getMessage();
            }
            ValidationResult v = null;
            if (options.validate() && (validateOnly == null || validateOnly.contains(mx.name()))) {
                v = validation.run(problem.catalog(), w, problem.settings().n(), problem.target().covariance(),
                        options.m(), options.kMax(), options.train(), progress);
            }
            out.add(new Entry(mx, program.objective(w), p, why, v));
        }
        return out;
    }
}
