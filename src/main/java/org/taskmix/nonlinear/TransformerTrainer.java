package org.taskmix.nonlinear;

import java.util.Arrays;
import java.util.List;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import org.taskmix.validation.FastRandom;
import org.taskmix.validation.LossHistory;
import org.taskmix.validation.ProgressListener;
import org.taskmix.validation.TrainingMixture;

/**
 * Trains the {@link Gpt} on a task mixture with {@code K_train} unrolled chain-of-thought steps
 * (docs/theory.md §9).
 *
 * <p>Protocol: each prompt is drawn exactly as for the LSA ({@link TrainingMixture#draw}); the
 * model reads the examples, then the estimate {@code ŵ_0 = 0}, and outputs {@code ŵ_1}; for
 * {@code j < K_train} the model's own {@code ŵ_j} is read in as the next token (gradients flow
 * through it: the chain is unrolled, not teacher-forced). The loss is the mean over
 * {@code j = 1..K_train} of {@code ‖ŵ_j − w‖²/d}, averaged over the batch. With
 * {@code K_train = 1} this is the LSA's protocol (one forward pass from {@code ŵ_0 = 0}).
 *
 * <p>Adam (DJL's, PyTorch's fused update) with linear warm-up and cosine decay, gradients
 * clipped to global norm {@link #CLIP_NORM}. Prompts of step {@code t} come from
 * {@code FastRandom.stream(seed, TRAIN_DOMAIN, t, 0)} and initial parameters from the seed, so a
 * seed and a thread count give the same numbers.
 *
 * <p>Divergence: a non-finite loss, or one above {@link #DIVERGENCE_FACTOR} times the first
 * step's, stops the run with status DIVERGED.
 */
public final class TransformerTrainer {

    /** Global gradient-norm clip: GPT-2 training's customary 1.0, guards the early steps. */
    public static final double CLIP_NORM = 1.0;
    /**
     * A loss this many times the first step's stops the run. The initial model predicts about
     * 0 (loss ≈ 1 per dimension); a hundred times worse has left any useful basin.
     */
    public static final double DIVERGENCE_FACTOR = 100;
    /** At most this many loss points are kept. */
    public static final int MAX_HISTORY = 1000;
    /** Stream domain of training prompts (measurement uses another). */
    static final long TRAIN_DOMAIN = 21;

    private TransformerTrainer() {
    }

    /**
     * Steps left out of the throughput figure: the first tenth of a run (rounded up; none for a
     * single step). They carry the JVM's JIT compilation and the engine's first allocations; the
     * Python peer ({@code src/bench/transformer/peer.py}, run by {@code compare.sh}) leaves out
     * the same number of first steps.
     */
    public static int warmupSteps(int steps) {
        return steps < 2 ? 0 : (steps + 9) / 10;
    }

    /** A trained model with its run summary; close it to free the engine's memory. */
    public record Trained(Gpt model, TransformerTraining training) implements AutoCloseable {
        @Override
        public void close() {
            model.close();
        }
    }

    /** The device DJL picks: the first GPU if the engine finds one, else the CPU. */
    static Device device() {
        return Engine.getInstance().defaultDevice();
    }

    /**
     * Trains a fresh model.
     *
     * @param mixture       training prompts
     * @param config        architecture
     * @param settings      steps, batch, learning rate, {@code K_train}, seed
     * @param exampleSlots  example positions ({@code ≥} the longest training prompt; the longest
     *                      test prompt must fit too)
     * @param estimateSlots estimate positions ({@code ≥ K_train} and the longest CoT measured)
     * @param progress      one unit per step
     */
    public static Trained train(TrainingMixture mixture, TransformerConfig config, TransformerSettings settings,
                                int exampleSlots, int estimateSlots, ProgressListener progress) {
        progress = progress == null ? ProgressListener.NONE : progress;
        checkSlots(mixture, settings, exampleSlots, estimateSlots);
        int d = mixture.d();
        Gpt model = new Gpt(config, d, exampleSlots, estimateSlots, settings.seed(), device());
        ClippedAdam adam = new ClippedAdam(model, t -> (float) settings.learningRateAt(t));
        int steps = settings.steps();
        int batch = settings.batch();
        LossHistory.Recorder history = new LossHistory.Recorder(steps, MAX_HISTORY);
        double first = Double.NaN;
        double tailSum = 0;
        int tailCount = 0;
        int tailFrom = steps - Math.max(1, steps / 10);
        int done = 0;
        String message = "";
        TransformerTraining.Status status = TransformerTraining.Status.COMPLETED;
        Batch data = new Batch(mixture, batch, exampleSlots);
        long t0 = System.nanoTime();
        int warmup = warmupSteps(steps);
        long tWarm = t0;
        progress.start("train transformer", steps);
        try {
            for (int step = 0; step < steps; step++) {
                data.fill(FastRandom.stream(settings.seed(), TRAIN_DOMAIN, step, 0));
                double loss = lossAndGradients(model, data, settings.kTrain(), batch, d);
                if (step == 0) {
                    first = loss;
                }
                if (!Double.isFinite(loss) || loss > DIVERGENCE_FACTOR * first) {
                    status = TransformerTraining.Status.DIVERGED;
                    message = String.format(java.util.Locale.ROOT,
                            "training diverged at step %d of %d: loss %.4g (first step %.4g); lower the learning rate (now %s)",
                            step + 1, steps, loss, first, settings.learningRate());
                    break;
                }
                adam.step();
                if (step >= tailFrom) {
                    tailSum += loss;
                    tailCount++;
                }
                history.record(step, loss);
                done = step + 1;
                if (done == warmup) {
                    tWarm = System.nanoTime();
                }
                progress.advance(done);
            }
        } finally {
            progress.finish();
        }
        long t1 = System.nanoTime();
        double seconds = (t1 - t0) * 1e-9;
        double ppsAll = done * (double) batch / seconds;
        // Throughput over the steps after the warm-up; a run that stopped within its warm-up is
        // timed over all its steps.
        int timed = done > warmup ? done - warmup : done;
        double pps = done > warmup ? timed * (double) batch / ((t1 - tWarm) * 1e-9) : ppsAll;
        double tps = pps * (exampleSlots + settings.kTrain());
        TransformerTraining training = new TransformerTraining(status, message, done, first,
                tailCount > 0 ? tailSum / tailCount : Double.NaN, history.history(), seconds, pps, tps,
                model.parameterCount(), model.manager.getDevice().toString(), done > warmup ? warmup : 0, ppsAll);
        return new Trained(model, training);
    }

    /** The example and estimate positions must hold the longest training prompt and K_train steps. */
    private static void checkSlots(TrainingMixture mixture, TransformerSettings settings, int exampleSlots,
                                   int estimateSlots) {
        if (exampleSlots < mixture.longestPrompt()) {
            throw new IllegalArgumentException("exampleSlots: value " + exampleSlots + " must be >= the longest prompt "
                    + mixture.longestPrompt());
        }
        if (estimateSlots < settings.kTrain()) {
            throw new IllegalArgumentException("estimateSlots: value " + estimateSlots + " must be >= kTrain "
                    + settings.kTrain());
        }
    }

    /**
     * One forward pass over the batch (K_train CoT steps, the loss the mean over steps of the mean
     * squared error of each step's estimate) and its backward pass; returns the loss.
     */
    private static double lossAndGradients(Gpt model, Batch data, int kTrain, int batch, int d) {
        try (NDManager sub = model.manager.newSubManager();
             GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray target = Tensors.upload(sub, data.w, new Shape(batch, d));
            Gpt.Context ctx = model.encode(sub, batch, data.examples, data.lengths);
            NDArray estimate = sub.zeros(new Shape(batch, d));
            NDArray total = null;
            for (int j = 0; j < kTrain; j++) {
                estimate = model.step(ctx, estimate);
                NDArray l = estimate.sub(target).square().mean();
                total = total == null ? l : total.add(l);
            }
            NDArray mean = total.div(Tensors.scalar(sub, kTrain));
            gc.backward(mean);
            return mean.getFloat();
        }
    }

    /**
     * Adam with global-norm clipping, in few engine calls. The update is DJL's {@code Adam} (its
     * formula and defaults β₁ = 0.9, β₂ = 0.999, ε = 1e-8, no weight decay: PyTorch's fused
     * {@code NDArrayEx.adamUpdate}), applied once to the model's flat parameter buffer
     * ({@link Gpt#flat}) with the gradients laid out the same way. Adam is elementwise, so this
     * gives the same numbers as one update per parameter. The clip factor rides along as the
     * update's {@code rescaleGrad} (PyTorch multiplies a copy of the gradient by it: the same
     * numbers as scaling the gradients in place first). The squared norms of the gradients are
     * fetched in one transfer and added in {@code double} in parameter order, as before.
     */
    static final class ClippedAdam {
        static final float BETA1 = 0.9f;
        static final float BETA2 = 0.999f;
        static final float EPSILON = 1e-8f;

        private final NDArray flat;
        private final List<NDArray> params;
        private final NDManager parent;
        private final java.util.function.IntToDoubleFunction learningRate;
        private final NDArray mean;
        private final NDArray variance;
        private int t;

        ClippedAdam(Gpt model, java.util.function.IntToDoubleFunction learningRate) {
            this.flat = model.flat;
            this.params = model.parameters;
            this.parent = model.manager;
            this.learningRate = learningRate;
            this.mean = flat.zerosLike();
            this.variance = flat.zerosLike();
        }

        /** Clips the gradients to global norm {@link #CLIP_NORM}, applies Adam, zeroes them. */
        void step() {
            int n = params.size();
            try (NDManager scratch = parent.newSubManager()) {
                NDList sums = new NDList(n);
                NDList flatGrads = new NDList(n);
                for (int i = 0; i < n; i++) {
                    NDArray g = params.get(i).getGradient();
                    g.attach(scratch);
                    sums.add(g.square().sum());
                    flatGrads.add(g.reshape(-1));
                }
                float[] squares = NDArrays.stack(sums).toFloatArray();
                double sq = 0;
                for (float f : squares) {
                    sq += f;
                }
                double norm = Math.sqrt(sq);
                float rescale = norm > CLIP_NORM ? (float) (CLIP_NORM / norm) : 1f;
                t++;
                double coef1 = 1.0 - Math.pow(BETA1, t);
                double coef2 = 1.0 - Math.pow(BETA2, t);
                float lr = (float) learningRate.applyAsDouble(t);
                float lrCorrected = (float) (lr * Math.sqrt(coef2) / coef1);
                if (!Float.isFinite(lr) || !Float.isFinite(lrCorrected)) {
                    throw new IllegalArgumentException("learning rate is nan or infinite");
                }
                NDArray grad = NDArrays.concat(flatGrads);
                flat.getNDArrayInternal().adamUpdate(new NDList(flat, grad, mean, variance), new NDList(flat),
                        lr, lrCorrected, 0f, rescale, -1f, BETA1, BETA2, EPSILON, true, false);
                for (NDArray p : params) {
                    JniUtils.zeroGrad((PtNDArray) p);
                }
            }
        }
    }

    /** A batch of prompts in the model's layout (float, examples right-aligned). */
    static final class Batch {
        final TrainingMixture mixture;
        final int size;
        final int slots;
        final int d;
        final float[] examples;
        final float[] w;
        final int[] lengths;
        private final double[] wd;
        private final double[] x;
        private final double[] y;

        Batch(TrainingMixture mixture, int size, int slots) {
            this.mixture = mixture;
            this.size = size;
            this.slots = slots;
            this.d = mixture.d();
            this.examples = new float[size * slots * (d + 1)];
            this.w = new float[size * d];
            this.lengths = new int[size];
            this.wd = new double[d];
            this.x = new double[mixture.longestPrompt() * d];
            this.y = new double[mixture.longestPrompt()];
        }

        /** Draws every prompt of the batch from {@code rng}, in order. */
        void fill(FastRandom rng) {
            Arrays.fill(examples, 0f);
            int width = d + 1;
            for (int b = 0; b < size; b++) {
                int n = mixture.draw(rng, wd, x, y);
                if (n > slots) {
                    throw new IllegalArgumentException("a prompt of " + n + " examples does not fit the model's "
                            + slots + " example positions");
                }
                lengths[b] = n;
                for (int i = 0; i < d; i++) {
                    w[b * d + i] = (float) wd[i];
                }
                int base = (b * slots + slots - n) * width;
                for (int e = 0; e < n; e++) {
                    for (int i = 0; i < d; i++) {
                        examples[base + e * width + i] = (float) x[e * d + i];
                    }
                    examples[base + e * width + d] = (float) y[e];
                }
            }
        }
    }
}
