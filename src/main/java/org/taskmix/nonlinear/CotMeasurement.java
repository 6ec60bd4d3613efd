package org.taskmix.nonlinear;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.taskmix.linalg.SymmetricMatrix;
import org.taskmix.validation.FastRandom;
import org.taskmix.validation.ProgressListener;
import org.taskmix.validation.TrainingMixture;

/**
 * Test-time chain of thought of a trained transformer (docs/theory.md §9): target prompts of
 * {@code m} examples {@code x ~ N(0, Σ)}, {@code w* ~ N(0, I)}; the model runs {@code k} steps
 * from {@code ŵ_0 = 0}, each reading its previous estimate; error {@code ‖ŵ_k − w*‖²/d} per
 * prompt, summarised by {@link Stats} for every {@code k ≤ kMax}.
 */
public final class CotMeasurement {

    /** Prompts per forward batch (memory bound, not a statistical choice). */
    static final int BATCH = 256;
    /** Stream domain of test prompts (training uses another). */
    static final long TEST_DOMAIN = 22;

    private CotMeasurement() {
    }

    /**
     * Measures {@code model} on the target.
     *
     * @param model   a trained model whose example positions fit {@code m}
     * @param sigma   target covariance
     * @param m       examples per test prompt
     * @param kMax    longest CoT (at most the model's estimate positions)
     * @param prompts test prompts
     * @param seed    seed of the test prompts (the same for every model, so mixtures are compared
     *                on the same prompts)
     */
    public static TransformerCurve measure(Gpt model, SymmetricMatrix sigma, int m, int kMax, int prompts, long seed,
                                           ProgressListener progress) {
        progress = progress == null ? ProgressListener.NONE : progress;
        if (m > model.exampleSlots) {
            throw new IllegalArgumentException("m: value " + m + " exceeds the model's " + model.exampleSlots
                    + " example positions");
        }
        if (kMax > model.estimateSlots) {
            throw new IllegalArgumentException("k: value " + kMax + " exceeds the model's " + model.estimateSlots
                    + " estimate positions");
        }
        long t0 = System.nanoTime();
        int d = model.d;
        TrainingMixture target = TrainingMixture.single(sigma, m);
        double[][] errors = new double[kMax][prompts];
        int batches = (prompts + BATCH - 1) / BATCH;
        progress.start("measure transformer", prompts);
        try {
            for (int c = 0; c < batches; c++) {
                int size = Math.min(BATCH, prompts - c * BATCH);
                TransformerTrainer.Batch data = new TransformerTrainer.Batch(target, size, model.exampleSlots);
                data.fill(FastRandom.stream(seed, TEST_DOMAIN, c, 0));
                try (NDManager sub = model.manager.newSubManager()) {
                    Gpt.Context ctx = model.encode(sub, size, data.examples, data.lengths);
                    NDArray estimate = sub.zeros(new Shape(size, d));
                    for (int k = 0; k < kMax; k++) {
                        estimate = model.step(ctx, estimate);
                        float[] est = estimate.toFloatArray();
                        for (int b = 0; b < size; b++) {
                            double s = 0;
                            for (int i = 0; i < d; i++) {
                                double e = est[b * d + i] - (double) data.w[b * d + i];
                                s += e * e;
                            }
                            errors[k][c * BATCH + b] = s / d;
                        }
                    }
                }
                progress.advance(Math.min(prompts, (long) (c + 1) * BATCH));
            }
        } finally {
            progress.finish();
        }
        List<Stats> points = new ArrayList<>();
        for (int k = 0; k < kMax; k++) {
            points.add(Stats.of(errors[k]));
        }
        return new TransformerCurve(points, m, prompts, (System.nanoTime() - t0) * 1e-9);
    }
}
