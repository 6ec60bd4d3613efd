package org.taskmix.validation;

import java.util.Objects;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.TrainingSettings;
import org.taskmix.linalg.SymmetricMatrix;
import org.taskmix.theory.Preconditioner;

/**
 * The whole validation of one mixture: train the LSA model on it, run test-time CoT on the
 * target, and compare the trained {@code V_31} with the theory's {@code −P(π)}.
 */
public final class Validation {

    private final int threads;

    /** Validation on every available processor. */
    public Validation() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /** Validation on {@code threads} threads (results do not depend on the number). */
    public Validation(int threads) {
        this.threads = ChunkRunner.checkThreads(threads);
    }

    /**
     * Trains on {@code π}, then (if training completed) measures CoT error for {@code k ≤ kMax}.
     *
     * @param catalog   training tasks
     * @param weights   {@code π} in catalog order
     * @param n         training prompt length for tasks without their own
     * @param sigma     target covariance
     * @param m         test prompt length
     * @param kMax      longest CoT measured
     * @param settings  training and evaluation settings (seed, steps, testPrompts, ...)
     * @param progress  progress of both phases
     */
    public ValidationResult run(Catalog catalog, double[] weights, int n, SymmetricMatrix sigma, int m, int kMax,
                                TrainingSettings settings, ProgressListener progress) {
        return run(catalog, weights, n, sigma, m, kMax, settings, progress, null);
    }

    /**
     * Empirical features (docs/theory.md §9): training examples drawn from each task's own rows,
     * test examples from the target's rows, instead of {@code N(0, Λ_ℓ)} and {@code N(0, Σ)}.
     *
     * @param tasks  one component per catalog task, in catalog order
     * @param target one component: the target's rows
     */
    public record Features(PromptSource.Empirical tasks, PromptSource.Empirical target) {
        /** Checks the component counts. */
        public Features {
            Objects.requireNonNull(tasks, "tasks");
            Objects.requireNonNull(target, "target");
            if (target.components() != 1) {
                throw new IllegalArgumentException("target: " + target.components() + " components; need 1");
            }
        }
    }

    /**
     * As {@link #run(Catalog, double[], int, SymmetricMatrix, int, int, TrainingSettings,
     * ProgressListener)}, with {@code features} null for Gaussian features or the rows to draw from.
     */
    public ValidationResult run(Catalog catalog, double[] weights, int n, SymmetricMatrix sigma, int m, int kMax,
                                TrainingSettings settings, ProgressListener progress, Features features) {
        Objects.requireNonNull(settings, "settings");
        if (m < 1) {
            throw new IllegalArgumentException("m: value " + m + " must be >= 1");
        }
        if (features != null && features.tasks().components() != catalog.size()) {
            throw new IllegalArgumentException("features: rows for " + features.tasks().components()
                    + " tasks but the catalog has " + catalog.size());
        }
        TrainingMixture gaussian = TrainingMixture.of(catalog, weights, n);
        TrainingMixture mixture = features == null ? gaussian : gaussian.withFeatures(features.tasks());
        PromptSource test = features == null ? PromptSource.Gaussian.of(sigma) : features.target();
        DMatrixRMaj optimum = optimumOrNull(catalog, weights, n);
        TrainingResult training = new Trainer(threads).train(mixture, settings, progress);
        if (!training.completed()) {
            return new ValidationResult(training, null, distance(training.model(), optimum), optimum);
        }
        CotCurve curve = new ChainOfThought(threads).evaluate(training.model(), test, m, kMax,
                settings.testPrompts(), settings.seed(), progress);
        // The model as trained, on the same test prompts (same seed): chain of thought is not
        // invariant under the gauge symmetry, so a drifted model's curve differs.
        CotCurve asTrained = training.rawModel().equals(training.model()) ? curve
                : new ChainOfThought(threads).evaluate(training.rawModel(), test, m, kMax, settings.testPrompts(),
                        settings.seed(), progress);
        return new ValidationResult(training, curve, distance(training.model(), optimum), optimum, asTrained);
    }

    /**
     * {@code P(π)}, or null when the mixture leaves a feature direction without variance
     * ({@code M̄} singular): the model can still be trained and measured, but the theory has no
     * unique optimum to compare with.
     */
    static DMatrixRMaj optimumOrNull(Catalog catalog, double[] weights, int n) {
        try {
            return Preconditioner.of(catalog, weights, n);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Relative Frobenius distance {@code ‖V_31 + P‖ / ‖P‖} of a model's {@code V_31} from the
     * population optimum {@code −P}.
     */
    public static double distance(LsaModel model, DMatrixRMaj p) {
        if (p == null) {
            return Double.NaN;
        }
        DMatrixRMaj diff = model.v31();
        CommonOps_DDRM.addEquals(diff, p);
        return NormOps_DDRM.normF(diff) / NormOps_DDRM.normF(p);
    }
}
