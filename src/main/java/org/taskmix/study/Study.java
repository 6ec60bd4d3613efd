package org.taskmix.study;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

import org.taskmix.catalog.Problem;
import org.taskmix.catalog.TrainingSettings;
import org.taskmix.selection.Mixture;
import org.taskmix.selection.SelectionProblem;
import org.taskmix.theory.ExactObjective;
import org.taskmix.theory.Prediction;
import org.taskmix.validation.ChainOfThought;
import org.taskmix.validation.ProgressListener;
import org.taskmix.validation.Validation;
import org.taskmix.validation.ValidationResult;

/**
 * The study engine (docs/theory.md §12): scores named mixtures of one problem on every
 * evaluation asked for: the surrogate selection objective, the exact CoT objective {@code J_K}
 * at a stated {@code m}, the theory's predicted CoT error for {@code k = 1..kMax} (at test length
 * {@code m}, with the {@code m = ∞} curve and {@code k*} beside it), and the trained model's
 * measured error. {@code compare}, {@code demo}, {@code validate} and {@code predict} put mixtures
 * side by side through it; mixtures come from {@link MixtureResolver}.
 *
 * <p>Measured errors are on the problem's first target (the model is evaluated on one
 * distribution); predictions are the target-weighted sum, which is the same for a single target.
 */
public final class Study {

    /**
     * What to compute.
     *
     * @param kMax     longest CoT predicted and measured ({@code k = 1..kMax})
     * @param m        test prompt length of the prediction and of the measurement (the measurement
     *                 needs a finite m)
     * @param samples  Monte Carlo test prompts per mixture for the finite-{@code m} prediction
     * @param seed     seed of the Monte Carlo draws (training uses {@code train.seed()})
     * @param validate train and measure each mixture
     * @param train    training and evaluation settings
     * @param threads  worker threads for training and evaluation (results do not depend on it)
     * @param exact    the exact objective {@code J_K} to evaluate at every mixture, or null for none
     * @param features the sample rows training and measurement draw prompts from (docs/theory.md
     *                 §9.1), or null for Gaussian prompts
     */
    public record Options(int kMax, TestLength m, int samples, long seed, boolean validate, TrainingSettings train,
                          int threads, MixtureSpec.Exact exact, Validation.Features features) {

        /** Options with Gaussian prompts. */
        public Options(int kMax, TestLength m, int samples, long seed, boolean validate, TrainingSettings train,
                       int threads, MixtureSpec.Exact exact) {
            this(kMax, m, samples, seed, validate, train, threads, exact, null);
        }

        public Options {
            if (kMax < 1 || kMax > ChainOfThought.MAX_K) {
                throw new IllegalArgumentException("kMax: value " + kMax + " must lie in [1, " + ChainOfThought.MAX_K + "]");
            }
            Objects.requireNonNull(m, "m");
            if (validate) {
                m.asInt("m");
                if (m.infinite()) {
                    throw new IllegalArgumentException("m: value inf cannot be measured: a trained model is tested on"
                            + " finite prompts (give a finite m or do not train)");
                }
            }
            if (exact != null && exact.k().isEmpty()) {
                throw new IllegalArgumentException("exact: the budget K must be given");
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
            return new Options(problem.settings().kMax(), TestLength.of(problem.settings().m()), 400,
                    problem.settings().train().seed(), false, problem.settings().train(),
                    Runtime.getRuntime().availableProcessors(), null);
        }

        /** A copy that also trains and measures. */
        public Options withValidation(boolean on) {
            return new Options(kMax, m, samples, seed, on, train, threads, exact, features);
        }

        /** A copy that also evaluates {@code J_K} at {@code spec}'s budget and test length. */
        public Options withExact(MixtureSpec.Exact spec) {
            return new Options(kMax, m, samples, seed, validate, train, threads, spec, features);
        }

        /** A copy whose training and measurement draw prompts from {@code rows} (null: Gaussian). */
        public Options withFeatures(Validation.Features rows) {
            return new Options(kMax, m, samples, seed, validate, train, threads, exact, rows);
        }
    }

    /**
     * One mixture, scored.
     *
     * @param mixture            name, weights, note
     * @param surrogateObjective the selection program's objective at these weights
     * @param exactObjective     {@code J_K} at the options' exact budget and m, or NaN if not asked for
     * @param prediction         predicted error vs k at finite m (with the m = ∞ curve and k*), or null
     * @param predictionProblem  why there is no prediction (e.g. the mixture's second moment is singular), or null
     * @param validation         the trained model's result, or null if not validated
     */
    public record Entry(Mixture mixture, double surrogateObjective, double exactObjective, Prediction prediction,
                        String predictionProblem, ValidationResult validation) {

        /** Measured error at {@code k}, or NaN if not validated or training did not complete. */
        public double measured(int k) {
            return validation == null || validation.measured() == null ? Double.NaN : validation.measured().at(k).mean();
        }

        /** Predicted error at {@code k} (finite m), or NaN. */
        public double predicted(int k) {
            return prediction == null ? Double.NaN : prediction.curve().get(k - 1).error();
        }
    }

    private Study() {
    }

    /**
     * Scores every mixture. Mixtures are trained one after another, each on all threads, so the
     * progress bars read naturally; each gets the same training seed (common random numbers make
     * differences between mixtures less noisy). {@code program} may be null when no surrogate
     * objective is wanted (its entries are then NaN). Measurements and predictions are on the
     * problem's first target, with the problem's {@code n}.
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
        Prediction.Settings ps = new Prediction.Settings(ks, options.m().value(), options.samples(),
                options.seed(), problem.settings().n(), true);
        List<Entry> out = new ArrayList<>();
        Validation validation = new Validation(options.threads());
        ExactObjective exact = options.exact() == null ? null : ExactObjective.of(problem,
                options.exact().k().getAsInt(), options.exact().m().asInt("exact objective m"));
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
                        options.m().asInt("m").getAsInt(), options.kMax(), options.train(), progress, options.features());
            }
            out.add(new Entry(mx, program == null ? Double.NaN : program.objective(w), exact == null ? Double.NaN : exact.value(w), p, why, v));
        }
        return out;
    }
}
