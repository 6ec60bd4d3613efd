package org.taskmix.nonlinear;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import org.ejml.data.DMatrixRMaj;
import org.taskmix.catalog.TrainingSettings;
import org.taskmix.validation.FastRandom;
import org.taskmix.validation.TrainingMixture;

/**
 * The engine cross-check (docs/theory.md §9): the theory's one-layer linear self-attention,
 * {@code f(E) = E + V E (Eᵀ W E)/ρ} with the LSA's embedding (columns {@code (x_i, y_i, 0, 0)}
 * and the query {@code (0, 0, ŵ_0 = 0, 1)}, math in docs/theory.md §2), written with DJL
 * NDArrays and trained by DJL's autograd and Adam on the same prompts as the Java LSA. Its
 * {@code V_31} must land near {@code −P(π)} as the Java model's does; that is the oracle that the
 * DJL path (sampling hand-off, float32 tensors, autograd, optimiser) computes what we think.
 *
 * <p>Same initialisation as the Java LSA ({@code W_13 = I}, {@code W_24 = −1}, {@code V = 0}),
 * same loss {@code ½‖f(E)[:, last] − (0, 0, w, 1)‖²}, same cosine schedule. Parameters are
 * stored transposed ({@code Vᵀ}, {@code Wᵀ}) so the activation is always the left operand.
 */
public final class DjlLinearAttention {

    private DjlLinearAttention() {
    }

    /**
     * Trains on {@code mixture} and returns {@code V_31} ({@code d × d}, rows: weight slot,
     * columns: features), in the gauge {@code W_24 = −1} like the Java trainer's result.
     * Only Adam with a cosine or constant schedule is supported (what the check uses).
     */
    public static DMatrixRMaj trainV31(TrainingMixture mixture, TrainingSettings settings) {
        int d = mixture.d();
        int dim = 2 * d + 2;
        int last = dim - 1;
        int slots = mixture.longestPrompt() + 1;
        float[] wt = new float[dim * dim];
        for (int i = 0; i < d; i++) {
            wt[(d + 1 + i) * dim + i] = 1f; // W_13 = I  ->  Wᵀ[weight slot i][feature i]
        }
        wt[last * dim + d] = -1f;            // W_24 = −1 ->  Wᵀ[constant][label]
        try (NDManager manager = NDManager.newBaseManager(TransformerTrainer.device())) {
            NDArray vT = manager.zeros(new Shape(dim, dim));
            NDArray wT = Tensors.upload(manager, wt, new Shape(dim, dim));
            vT.setRequiresGradient(true);
            wT.setRequiresGradient(true);
            Optimizer adam = Optimizer.adam()
                    .optLearningRateTracker((id, t) -> (float) rate(settings, t - 1))
                    .build();
            int batch = settings.batch();
            PromptBatch prompts = new PromptBatch(mixture, batch, slots);
            float[] tokens = prompts.tokens;
            float[] targets = prompts.targets;
            float[] query = prompts.query;
            float[] invRho = prompts.invRho;
            for (int step = 0; step < settings.steps(); step++) {
                prompts.fill(FastRandom.stream(settings.seed(), TransformerTrainer.TRAIN_DOMAIN, step, 1));
                try (NDManager sub = manager.newSubManager();
                     GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray e = Tensors.upload(sub, tokens, new Shape(batch, slots, dim));
                    NDArray q = Tensors.upload(sub, query, new Shape(batch, dim));
                    NDArray u = q.matMul(wT);                                   // (W e_last)ᵀ
                    NDArray s = e.matMul(u.reshape(batch, dim, 1));             // Eᵀ W e_last
                    NDArray h = e.transpose(0, 2, 1).matMul(s).reshape(batch, dim)
                            .mul(Tensors.upload(sub, invRho, new Shape(batch, 1)));      // E Eᵀ W e / ρ
                    NDArray out = q.add(h.matMul(vT));                          // e + V h
                    NDArray loss = out.sub(Tensors.upload(sub, targets, new Shape(batch, dim))).square()
                            .sum(new int[] {1}).mean().mul(Tensors.scalar(sub, 0.5f));
                    gc.backward(loss);
                }
                for (String name : new String[] {"V", "W"}) {
                    NDArray p = name.equals("V") ? vT : wT;
                    try (NDArray g = p.getGradient()) {
                        adam.update(name, p, g);
                        g.subi(g);
                    }
                }
            }
            return v31InGauge(vT.toFloatArray(), wT.toFloatArray(), d);
        }
    }

    /**
     * {@code V_31} from the trained Vᵀ and Wᵀ (flat, (2d+2)²), rescaled to the gauge W_24 = −1
     * (f at ŵ_0 = 0 is invariant under V → cV, W e → W e / c; docs/theory.md §7.5).
     */
    private static DMatrixRMaj v31InGauge(float[] v, float[] wFinal, int d) {
        int dim = 2 * d + 2;
        int last = dim - 1;
        double c = -wFinal[last * dim + d];
        DMatrixRMaj v31 = new DMatrixRMaj(d, d);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                v31.set(i, j, v[j * dim + d + 1 + i] * c);   // V[d+1+i][j] = Vᵀ[j][d+1+i]
            }
        }
        return v31;
    }

    /**
     * One training batch as token columns: per prompt, the examples (x, y) in the first slots and
     * the query column (0, 0, ŵ_0 = 0, 1) in the last; the target column (0, 0, w, 1); 1/ρ with ρ
     * the prompt's example count. The arrays are reused from step to step.
     */
    private static final class PromptBatch {
        final float[] tokens;
        final float[] targets;
        final float[] query;
        final float[] invRho;
        private final TrainingMixture mixture;
        private final int batch;
        private final int slots;
        private final double[] w;
        private final double[] x;
        private final double[] y;

        PromptBatch(TrainingMixture mixture, int batch, int slots) {
            int d = mixture.d();
            int dim = 2 * d + 2;
            this.mixture = mixture;
            this.batch = batch;
            this.slots = slots;
            tokens = new float[batch * slots * dim];
            targets = new float[batch * dim];
            query = new float[batch * dim];
            invRho = new float[batch];
            w = new double[d];
            x = new double[mixture.longestPrompt() * d];
            y = new double[mixture.longestPrompt()];
        }

        /** Draws the batch's prompts from {@code rng}. */
        void fill(FastRandom rng) {
            int d = mixture.d();
            int dim = 2 * d + 2;
            int last = dim - 1;
            java.util.Arrays.fill(tokens, 0f);
            java.util.Arrays.fill(targets, 0f);
            for (int b = 0; b < batch; b++) {
                int n = mixture.draw(rng, w, x, y);
                for (int e = 0; e < n; e++) {
                    int base = (b * slots + e) * dim;
                    for (int i = 0; i < d; i++) {
                        tokens[base + i] = (float) x[e * d + i];
                    }
                    tokens[base + d] = (float) y[e];
                }
                // The query column (0, 0, ŵ_0 = 0, 1) in the last slot; padding columns are
                // zero and add nothing to E·s or Eᵀ·u.
                tokens[(b * slots + slots - 1) * dim + last] = 1f;
                query[b * dim + last] = 1f;
                for (int i = 0; i < d; i++) {
                    targets[b * dim + d + 1 + i] = (float) w[i];
                }
                targets[b * dim + last] = 1f;
                invRho[b] = 1f / n;
            }
        }
    }

    private static double rate(TrainingSettings s, int step) {
        if (s.schedule() == TrainingSettings.Schedule.COSINE) {
            return s.learningRate() * 0.5 * (1 + StrictMath.cos(Math.PI * step / s.steps()));
        }
        return s.learningRate();
    }
}
