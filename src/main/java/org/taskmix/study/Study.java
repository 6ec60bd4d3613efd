package org.taskmix.study;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.taskmix.catalog.Problem;
import org.taskmix.catalog.TrainingSettings;
import org.taskmix.catalog.Workers;
import org.taskmix.linalg.SymmetricMatrix;
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
 * measured error. {@code compare}, {@code demo}, {@code validate}, {@code predict} and every
 * {@code reproduce} experiment ({@code org.taskmix.study.experiments}) put mixtures side by side
 * through it; mixtures come from {@link MixtureResolver}.
 *
 * <p>Measured errors are on the problem's first target (the model is evaluated on one
 * distribution); predictions are the target-weighted sum, which is the same for a single target.
 */
public final class Study {

    /**
     * What to compute.
     *
     * @param ks       CoT lengths predicted (ascending, distinct, each {@code >= 1}; at most
     *                 {@code ChainOfThought.MAX_K} when validating): a trained model is measured at
     *                 {@code k = 1..max(ks)}
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
     * @param n        training prompt length of the prediction and of the training (tasks with
     *                 their own n keep it), empty for the problem's {@code settings.n}
     */
    public record Options(int[] ks, TestLength m, int samples, long seed, boolean validate, TrainingSettings train,
                          int threads, MixtureSpec.Exact exact, Validation.Features features, OptionalInt n) {

        /** Options for {@code k = 1..kMax} at the problem's n. */
        public Options(int kMax, TestLength m, int samples, long seed, boolean validate, TrainingSettings train,
                       int threads, MixtureSpec.Exact exact, Validation.Features features) {
            this(range(kMax), m, samples, seed, validate, train, threads, exact, features, OptionalInt.empty());
        }

        /** Options for {@code k = 1..kMax} with Gaussian prompts at the problem's n. */
        public Options(int kMax, TestLength m, int samples, long seed, boolean validate, TrainingSettings train,
                       int threads, MixtureSpec.Exact exact) {
            this(kMax, m, samples, seed, validate, train, threads, exact, null);
        }

        public Options {
            // Only a trained model's CoT is bounded (ChainOfThought.MAX_K); the theory takes any k.
            ks = checkKs("ks", ks, validate ? ChainOfThought.MAX_K : Integer.MAX_VALUE);
            Objects.requireNonNull(m, "m");
            Objects.requireNonNull(n, "n");
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
            if (n.isPresent() && n.getAsInt() < 1) {
                throw new IllegalArgumentException("n: value " + n.getAsInt() + " must be >= 1");
            }
            Objects.requireNonNull(train, "train");
        }

        /** Defaults from the problem's settings: its largest k, its m, 400 samples, no training. */
        public static Options of(Problem problem) {
            return new Options(problem.settings().kMax(), TestLength.of(problem.settings().m()), 400,
                    problem.settings().train().seed(), false, problem.settings().train(),
                    Runtime.getRuntime().availableProcessors(), null);
        }

        @Override
        public int[] ks() {
            return ks.clone();
        }

        /** Longest CoT predicted and measured. */
        public int kMax() {
            return ks[ks.length - 1];
        }

        /** A copy that also trains and measures. */
        public Options withValidation(boolean on) {
            return new Options(ks, m, samples, seed, on, train, threads, exact, features, n);
        }

        /** A copy that also evaluates {@code J_K} at {@code spec}'s budget and test length. */
        public Options withExact(MixtureSpec.Exact spec) {
            return new Options(ks, m, samples, seed, validate, train, threads, spec, features, n);
        }

        /** A copy whose training and measurement draw prompts from {@code rows} (null: Gaussian). */
        public Options withFeatures(Validation.Features rows) {
            return new Options(ks, m, samples, seed, validate, train, threads, exact, rows, n);
        }

        /** A copy predicting (and, if validating, measuring up to) the CoT lengths {@code list}. */
        public Options withKs(int... list) {
            return new Options(list, m, samples, seed, validate, train, threads, exact, features, n);
        }

        /** A copy at training prompt length {@code length} instead of the problem's. */
        public Options withN(int length) {
            return new Options(ks, m, samples, seed, validate, train, threads, exact, features, OptionalInt.of(length));
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
     * @param predictionSeconds  wall-clock time of the prediction
     */
    public record Entry(Mixture mixture, double surrogateObjective, double exactObjective, Prediction prediction,
                        String predictionProblem, ValidationResult validation, double predictionSeconds) {

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
                                  Set<String> validateOnly, ProgressListener progress) {
        int n = options.n().orElse(problem.settings().n());
        Prediction.Settings ps = new Prediction.Settings(options.ks(), options.m().value(), options.samples(),
                options.seed(), n, true);
        ProgressListener bar = progress == null ? ProgressListener.NONE : progress;
        List<Entry> out = new ArrayList<>();
        Validation validation = new Validation(options.threads());
        ExactObjective exact = options.exact() == null ? null : ExactObjective.of(problem,
                options.exact().k().getAsInt(), options.exact().m().asInt("exact objective m"));
        ValidationResult[] measured = new ValidationResult[mixtures.size()];
        for (int i = 0; i < mixtures.size(); i++) {
            Mixture mx = mixtures.get(i);
            if (options.validate() && (validateOnly == null || validateOnly.contains(mx.name()))) {
                measured[i] = validation.run(problem.catalog(), mx.weights(), n, problem.target().covariance(),
                        options.m().asInt("m").getAsInt(), options.kMax(), options.train(), bar, options.features());
            }
        }
        Predicted[] predicted = predictAll(problem, mixtures, ps, bar);
        for (int i = 0; i < mixtures.size(); i++) {
            double[] w = mixtures.get(i).weights();
            out.add(new Entry(mixtures.get(i), program == null ? Double.NaN : program.objective(w),
                    exact == null ? Double.NaN : exact.value(w), predicted[i].prediction(), predicted[i].problem(),
                    measured[i], predicted[i].seconds()));
        }
        return out;
    }

    /**
     * One mixture's prediction, or why there is none, and its wall-clock time.
     *
     * @param prediction the prediction, or null
     * @param problem    why there is none (e.g. a singular second moment), or null
     * @param seconds    wall-clock time of the prediction
     */
    record Predicted(Prediction prediction, String problem, double seconds) {
    }

    // Below d = 1024 the predictions run several mixtures at a time (docs/theory.md §8): each
    // prediction spreads its d³ products over all cores, but some of its steps run on one (EJML's
    // eigensolvers and Cholesky factorisation, the summary statistics), so two mixtures side by
    // side keep both cores of a small machine busy; from d = 1024 on one at a time (§8.2). Each prediction depends only on its own
    // mixture and the seed, and results are gathered in mixture order, so the output is the same
    // however many run at once.
    /**
     * Mixtures predicted at once: two overlap one mixture's single-threaded steps with the other's
     * parallel ones; more would add memory (a dozen {@code d × d} matrices each) without adding
     * cores to the products, which already use all of them.
     */
    static final int CONCURRENT_PREDICTIONS = 2;

    /**
     * Doubles held by one prediction, per {@code d²}: the preconditioner, {@code Λ̄}, its
     * Cholesky factor, {@code M̄}, the residual, its power, a product's scratch and packed copy,
     * and the spectrum's two work matrices, with margin (16).
     */
    static final int MATRICES_PER_PREDICTION = 16;

    /** Predicts every mixture; element {@code i} belongs to {@code mixtures.get(i)}. */
    private static Predicted[] predictAll(Problem problem, List<Mixture> mixtures, Prediction.Settings ps,
                                 ProgressListener bar) {
        Predicted[] out = new Predicted[mixtures.size()];
        if (mixtures.isEmpty()) {
            return out;
        }
        int threads = concurrency(problem.catalog().dim(), mixtures.size());
        bar.start("predict", mixtures.size());
        ExecutorService pool = Workers.daemonPool(threads, "taskmix-predict");
        try {
            @SuppressWarnings("unchecked")
            Future<Predicted>[] futures = new Future[mixtures.size()];
            int[] same = firstWithSameWeights(mixtures);
            for (int i = 0; i < mixtures.size(); i++) {
                double[] w = mixtures.get(i).weights();
                futures[i] = same[i] < i ? null : pool.submit(() -> predict(problem, w, ps));
            }
            // Progress from this thread, in order (ProgressListener's contract): mixture i is
            // reported when it and every one before it are done.
            for (int i = 0; i < out.length; i++) {
                if (futures[i] == null) {
                    // The same weights and the same seed give the same prediction, bit for bit.
                    Predicted first = out[same[i]];
                    out[i] = new Predicted(first.prediction(), first.problem(), 0.0);
                } else {
                    out[i] = Workers.await(futures[i], "interrupted while predicting");
                }
                bar.advance(i + 1);
            }
        } finally {
            pool.shutdownNow();
        }
        bar.finish();
        return out;
    }

    /**
     * Element {@code i}: the first mixture whose weights equal mixture {@code i}'s entry for entry
     * ({@code i} itself if none before it does). Baselines often coincide (uniform and size on tasks
     * of equal size); a prediction costs minutes at d = 4096 (docs/theory.md §8.2).
     */
    static int[] firstWithSameWeights(List<Mixture> mixtures) {
        int[] same = new int[mixtures.size()];
        for (int i = 0; i < same.length; i++) {
            same[i] = i;
            for (int j = 0; j < i; j++) {
                if (same[j] == j && java.util.Arrays.equals(mixtures.get(i).weights(), mixtures.get(j).weights())) {
                    same[i] = j;
                    break;
                }
            }
        }
        return same;
    }

    /**
     * At most {@link #CONCURRENT_PREDICTIONS}, and only as many as half the heap holds; one at a time
     * from d = 1024 on, where every step of a prediction runs on all cores (docs/theory.md §8.2):
     * a second one beside it would only add threads competing for the same cores and memory.
     */
    static int concurrency(int d, int mixtures) {
        if (d >= SymmetricMatrix.EXTREMES_MIN_DIMENSION) {
            return 1;
        }
        long perPrediction = 8L * MATRICES_PER_PREDICTION * d * d;
        long fit = Runtime.getRuntime().maxMemory() / 2 / Math.max(1, perPrediction);
        return (int) Math.max(1, Math.min(Math.min(CONCURRENT_PREDICTIONS, mixtures), fit));
    }

    private static Predicted predict(Problem problem, double[] w, Prediction.Settings ps) {
        long t0 = System.nanoTime();
        Prediction p = null;
        String why = null;
        try {
            p = Prediction.of(problem, w, ps);
        } catch (IllegalArgumentException e) {
            why = e.getMessage();
        }
        return new Predicted(p, why, (System.nanoTime() - t0) / 1e9);
    }

    /** {@code 1..kMax}. */
    public static int[] range(int kMax) {
        if (kMax < 1 || kMax > ChainOfThought.MAX_K) {
            throw new IllegalArgumentException("kMax: value " + kMax + " must lie in [1, " + ChainOfThought.MAX_K + "]");
        }
        return IntStream.rangeClosed(1, kMax).toArray();
    }

    /**
     * Checks a list of lengths (CoT lengths, prompt lengths): non-empty, ascending, each in
     * {@code [1, max]}; returns a copy.
     */
    public static int[] checkKs(String what, int[] ks, int max) {
        Objects.requireNonNull(ks, what);
        if (ks.length == 0) {
            throw new IllegalArgumentException(what + ": at least one CoT length is required");
        }
        for (int i = 0; i < ks.length; i++) {
            if (ks[i] < 1 || ks[i] > max) {
                throw new IllegalArgumentException(what + "[" + i + "]: value " + ks[i] + " must lie in [1, " + max + "]");
            }
            if (i > 0 && ks[i] <= ks[i - 1]) {
                throw new IllegalArgumentException(what + "[" + i + "]: value " + ks[i] + " must exceed the previous entry "
                        + ks[i - 1] + " (ascending)");
            }
        }
        return ks.clone();
    }

    /**
     * Progress with every phase name prefixed by {@code label} ("n=10 train"), so the phases of
     * several studies in a row say which one they belong to.
     */
    public static ProgressListener labelled(ProgressListener inner, String label) {
        if (inner == null || inner == ProgressListener.NONE) {
            return ProgressListener.NONE;
        }
        return new ProgressListener() {
            @Override
            public void start(String phase, long total) {
                inner.start(label + " " + phase, total);
            }

            @Override
            public void advance(long done) {
                inner.advance(done);
            }

            @Override
            public void finish() {
                inner.finish();
            }
        };
    }
}
