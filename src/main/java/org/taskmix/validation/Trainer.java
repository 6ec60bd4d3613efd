package org.taskmix.validation;

import java.util.Arrays;
import java.util.Objects;

import org.taskmix.catalog.TrainingSettings;

/**
 * Minibatch training of the {@link LsaModel} on a {@link TrainingMixture} (docs/theory.md §3): loss
 * {@code ½‖f(E)[:, last] − (0, 0, w, 1)‖²} averaged over the batch, SGD or Adam, constant or
 * cosine learning rate, every entry of {@code V} and {@code W} a trainable parameter.
 *
 * <p>Reproducibility: a batch is cut into chunks of {@link TrainingKernel#CHUNK} prompts (a
 * partition fixed by the batch size alone); chunk {@code c} of step {@code t} draws from its own
 * stream {@code FastRandom.stream(seed, 1, t, c)} and accumulates into its own buffers, and the
 * buffers are summed in chunk order. So the parameters after a run depend on the seed and the
 * settings only, bit for bit, whatever the number of threads.
 *
 * <p>Divergence: if a step's batch loss is not finite or exceeds {@link #DIVERGENCE_FACTOR}
 * times the first step's, the run stops and reports {@link TrainingResult.Status#DIVERGED}
 * with the step; the loss history ends before the non-finite value.
 *
 * <p>After a completed run the model is returned in the gauge {@code W_24 = −1}
 * ({@link LsaModel#gaugeNormalised()}, our choice, explained there); the raw model as trained is
 * kept too. {@link TrainingSettings#gauge()} "fixed" keeps {@code W_24 = −1} during training
 * (its gradient is dropped), so both are the same model; {@link TrainingSettings#offset()}
 * selects how the block {@code W_14} is trained (docs/theory.md §7).
 */
public final class Trainer {

    /**
     * A batch loss this many times the first step's stops the run. The first step's loss is
     * that of the documented initialisation ({@code V = 0} predicts {@code ŵ = 0}, loss
     * {@code E‖w‖²/2 = d/2}); a model a thousand times worse than predicting zero has left the
     * basin of any useful solution, and letting it run only fills the history with overflow.
     */
    public static final double DIVERGENCE_FACTOR = 1e3;

    /** Adam's first-moment decay (Kingma and Ba's default). */
    public static final double ADAM_BETA1 = 0.9;
    /** Adam's second-moment decay (Kingma and Ba's default). */
    public static final double ADAM_BETA2 = 0.999;
    /** Adam's denominator guard (Kingma and Ba's default). */
    public static final double ADAM_EPSILON = 1e-8;

    /** At most this many loss points are kept; longer runs are averaged in blocks. */
    public static final int MAX_HISTORY = 10_000;

    /** Stream domain of training draws (evaluation uses another), see {@link FastRandom#stream}. */
    static final long TRAIN_DOMAIN = 1;

    private final int threads;

    /** A trainer using every available processor. */
    public Trainer() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /**
     * A trainer on {@code threads} threads; the result does not depend on the number.
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public Trainer(int threads) {
        this.threads = ChunkRunner.checkThreads(threads);
    }

    /**
     * Trains from the documented initialisation {@link LsaModel#initial(int)}.
     */
    public TrainingResult train(TrainingMixture mixture, TrainingSettings settings, ProgressListener progress) {
        return train(mixture, LsaModel.initial(mixture.d()), settings, progress);
    }

    /**
     * Trains from {@code start}.
     *
     * @param mixture  the prompt distribution
     * @param start    initial parameters (dimension must match the mixture)
     * @param settings optimizer, steps, batch, learning rate, schedule, seed ({@code testPrompts}
     *                 is not used here)
     * @param progress receives one unit per step
     */
    public TrainingResult train(TrainingMixture mixture, LsaModel start, TrainingSettings settings,
                                ProgressListener progress) {
        Objects.requireNonNull(settings, "settings");
        progress = progress == null ? ProgressListener.NONE : progress;
        if (start.d() != mixture.d()) {
            throw new IllegalArgumentException("start model has d = " + start.d() + " but the mixture has d = " + mixture.d());
        }
        long t0 = System.nanoTime();
        Run run = new Run(mixture, start, settings);
        progress.start("train", settings.steps());
        try (ChunkRunner runner = new ChunkRunner(threads)) {
            run.steps(runner, progress);
        } finally {
            progress.finish();
        }
        run.finish();
        LsaModel raw = run.rawModel();
        double seconds = (System.nanoTime() - t0) * 1e-9;
        return run.result(raw, seconds);
    }

    /**
     * One training run: the parameters {@code theta = (V, W)} flattened, the optimizer's moments,
     * the chunk buffers and how the loop ended. A class rather than locals of {@code train} because
     * the loop, the end-of-run checks and the result all read the same dozen values.
     */
    private static final class Run {
        private final TrainingSettings settings;
        private final int d;
        private final int dim;
        private final int dd;
        private final int steps;
        private final int batch;
        private final int chunks;
        private final double[] theta;
        private final double[] grad;
        private final boolean adam;
        /** Adam's first and second moments (null for SGD). */
        private final double[] m1;
        private final double[] m2;
        private final LossHistory.Recorder recorder;
        private final LastColumn lastColumn;
        private final TrainingKernel kernel;
        /** The parameters the current step is evaluated at, and the previous step's. */
        private final double[] v;
        private final double[] w;
        private final double[] prevV;
        private final double[] prevW;
        private final int reportEvery;
        /** Chunk buffers live across steps (cleared, not reallocated, while their shape holds). */
        private final TrainingKernel.Chunk[] parts;
        private double firstLoss = Double.NaN;
        private int done;
        /** 1-based step at which the run diverged, 0 while it has not. */
        private int divergedAt;
        private String message = "";

        Run(TrainingMixture mixture, LsaModel start, TrainingSettings settings) {
            this.settings = settings;
            d = mixture.d();
            dim = 2 * d + 2;
            dd = dim * dim;
            theta = new double[2 * dd];
            System.arraycopy(start.v(), 0, theta, 0, dd);
            System.arraycopy(start.w(), 0, theta, dd, dd);
            grad = new double[2 * dd];
            adam = settings.optimizer() == TrainingSettings.Optimizer.ADAM;
            m1 = adam ? new double[2 * dd] : null;
            m2 = adam ? new double[2 * dd] : null;
            steps = settings.steps();
            batch = settings.batch();
            chunks = (batch + TrainingKernel.CHUNK - 1) / TrainingKernel.CHUNK;
            recorder = new LossHistory.Recorder(steps, MAX_HISTORY);
            lastColumn = new LastColumn(settings, d, dim);
            kernel = new TrainingKernel(mixture, batch, settings.precision() == TrainingSettings.Precision.FLOAT32);
            v = new double[dd];
            w = new double[dd];
            prevV = start.v();
            prevW = start.w();
            reportEvery = Math.max(1, steps / 1000);
            parts = new TrainingKernel.Chunk[chunks];
        }

        /** Runs the steps in order until the last or the first diverging one. */
        void steps(ChunkRunner runner, ProgressListener progress) {
            for (int step = 0; step < steps; step++) {
                double loss = lossAndGradient(runner, step);
                if (step == 0) {
                    firstLoss = loss;
                }
                if (!Double.isFinite(loss) || loss > DIVERGENCE_FACTOR * firstLoss) {
                    divergedAt = step + 1;
                    message = divergence(step + 1, steps, loss, firstLoss, settings);
                    if (Double.isFinite(loss)) {
                        recorder.add(loss);
                    }
                    return;
                }
                recorder.record(step, loss);
                lastColumn.constrain(grad, step, steps);
                descend(learningRate(settings, step), step);
                lastColumn.accumulate(theta, step);
                done = step + 1;
                if (done % reportEvery == 0 || done == steps) {
                    progress.advance(done);
                }
            }
        }

        /**
         * The batch loss at the current {@code theta}, leaving its gradient in {@code grad}. The
         * previous step's parameters are kept first: if this step diverges, they are the last
         * finite model to report.
         */
        private double lossAndGradient(ChunkRunner runner, int step) {
            if (step > 0) {
                System.arraycopy(v, 0, prevV, 0, dd);
                System.arraycopy(w, 0, prevW, 0, dd);
            }
            System.arraycopy(theta, 0, v, 0, dd);
            System.arraycopy(theta, dd, w, 0, dd);
            kernel.load(v, w);
            runner.run(chunks, c -> {
                TrainingKernel.Chunk part = kernel.reuse(parts[c]);
                int count = Math.min(TrainingKernel.CHUNK, batch - c * TrainingKernel.CHUNK);
                part.accumulate(FastRandom.stream(settings.seed(), TRAIN_DOMAIN, step, c), count);
                parts[c] = part;
            });
            return reduce(kernel, parts, batch, d, dim, grad);
        }

        /** One Adam or SGD update of {@code theta} from {@code grad} at 0-based {@code step}. */
        private void descend(double lr, int step) {
            double[] rate = lastColumn.rate;
            if (adam) {
                adamStep(theta, grad, m1, m2, lr, step + 1, rate);
            } else {
                for (int i = 0; i < theta.length; i++) {
                    theta[i] -= (rate == null ? lr : lr * rate[i]) * grad[i];
                }
            }
        }

        /**
         * Closes the loss history; a run whose last update made the parameters non-finite counts
         * as diverged at its last step, and a completed run gets its averaged offset block.
         */
        void finish() {
            recorder.flush(divergedAt > 0 ? divergedAt : done);
            if (divergedAt == 0 && !allFinite(theta)) {
                divergedAt = steps;
                message = "training diverged at step " + steps + " of " + steps
                        + ": the final update made the parameters non-finite; lower the learning rate (now "
                        + settings.learningRate() + ")";
            }
            if (divergedAt == 0) {
                lastColumn.average(theta);
            }
        }

        /** The model as trained, or after a divergence the last finite parameters evaluated. */
        LsaModel rawModel() {
            if (divergedAt == 0) {
                return LsaModel.of(d, Arrays.copyOfRange(theta, 0, dd), Arrays.copyOfRange(theta, dd, 2 * dd));
            } else if (allFinite(v) && allFinite(w)) {
                // The parameters the diverging step was evaluated at.
                return LsaModel.of(d, v, w);
            }
            return LsaModel.of(d, prevV, prevW);
        }

        /** The result around {@code raw}; a completed run whose gauge cannot be normalised counts as diverged. */
        TrainingResult result(LsaModel raw, double seconds) {
            LossHistory history = recorder.history();
            if (divergedAt > 0) {
                return new TrainingResult(TrainingResult.Status.DIVERGED, raw, raw, raw.gaugeScale(), history, done,
                        (long) done * batch, seconds, divergedAt, message);
            }
            LsaModel normalised;
            try {
                normalised = raw.gaugeNormalised();
            } catch (IllegalStateException e) {
                return new TrainingResult(TrainingResult.Status.DIVERGED, raw, raw, raw.gaugeScale(), history, done,
                        (long) done * batch, seconds, steps, "training ended with W_24 = " + raw.w(d, dim - 1)
                        + " (label row, constant column): the model no longer reads the labels; lower the learning rate");
            }
            return new TrainingResult(TrainingResult.Status.COMPLETED, normalised, raw, raw.gaugeScale(), history, done,
                    (long) done * batch, seconds, 0, "");
        }
    }

    /**
     * The gauge and offset-block options (docs/theory.md §7), which act on entries of W's last
     * column: {@link TrainingSettings#gauge()} "fixed" drops the gradient of {@code W_24};
     * {@link TrainingSettings#offset()} freezes the block {@code W_14}, anneals its update, or
     * replaces it by its average over the second half of the run.
     */
    private static final class LastColumn {
        private final int w24;
        private final boolean fixedGauge;
        private final TrainingSettings.Offset offsetMode;
        private final int[] offsetIdx;
        /** Per-parameter scale of the update when annealing (1 off the offset block), else null. */
        final double[] rate;
        private final double[] offsetSum;
        private final int averageFrom;
        private int averaged;

        LastColumn(TrainingSettings settings, int d, int dim) {
            int dd = dim * dim;
            int last = dim - 1;
            w24 = dd + d * dim + last;
            fixedGauge = settings.gauge() == TrainingSettings.Gauge.FIXED;
            offsetMode = settings.offset();
            offsetIdx = new int[d];
            for (int i = 0; i < d; i++) {
                offsetIdx[i] = dd + i * dim + last;
            }
            if (offsetMode == TrainingSettings.Offset.ANNEAL) {
                rate = new double[2 * dd];
                Arrays.fill(rate, 1.0);
            } else {
                rate = null;
            }
            offsetSum = offsetMode == TrainingSettings.Offset.AVERAGE ? new double[d] : null;
            averageFrom = settings.steps() / 2;
        }

        /** Applies the options to step {@code step}'s gradient and update scale. */
        void constrain(double[] grad, int step, int steps) {
            if (fixedGauge) {
                grad[w24] = 0;
            }
            if (offsetMode == TrainingSettings.Offset.FREEZE) {
                for (int idx : offsetIdx) {
                    grad[idx] = 0;
                }
            } else if (rate != null) {
                // The update, not the gradient, is scaled: Adam would undo a scaled gradient.
                double f = 1.0 - (double) step / steps;
                for (int idx : offsetIdx) {
                    rate[idx] = f;
                }
            }
        }

        /** Adds the updated offset block to the running sum once {@code step} is in the second half. */
        void accumulate(double[] theta, int step) {
            if (offsetSum != null && step >= averageFrom) {
                for (int i = 0; i < offsetIdx.length; i++) {
                    offsetSum[i] += theta[offsetIdx[i]];
                }
                averaged++;
            }
        }

        /** Polyak-Ruppert average of the offset block over the second half of the run, if asked. */
        void average(double[] theta) {
            if (offsetSum != null && averaged > 0) {
                for (int i = 0; i < offsetIdx.length; i++) {
                    theta[offsetIdx[i]] = offsetSum[i] / averaged;
                }
            }
        }
    }

    /** Sums the chunks in order into {@code grad} (mean over the batch); returns the mean loss. */
    private static double reduce(TrainingKernel kernel, TrainingKernel.Chunk[] parts, int batch, int d, int dim,
                                 double[] grad) {
        int packed = kernel.packedWidth();
        int active = kernel.activeRows();
        double[] gv = new double[active * packed];
        double[] gu = new double[packed];
        double loss = 0;
        for (TrainingKernel.Chunk part : parts) {
            loss += part.loss;
            for (int i = 0; i < gv.length; i++) {
                gv[i] += part.gradV[i];
            }
            for (int i = 0; i < packed; i++) {
                gu[i] += part.gradU[i];
            }
        }
        kernel.reduceFrames(parts, gv, gu);
        double inv = 1.0 / batch;
        Arrays.fill(grad, 0.0);
        int last = dim - 1;
        for (int r = 0; r < active; r++) {
            int row = kernel.activeRow(r);
            for (int j = 0; j < d; j++) {
                grad[row * dim + j] = gv[r * packed + j] * inv;
            }
            grad[row * dim + d] = gv[r * packed + d] * inv;
            grad[row * dim + last] = gv[r * packed + d + 1] * inv;
        }
        int off = dim * dim;
        for (int i = 0; i < d; i++) {
            grad[off + i * dim + last] = gu[i] * inv;
        }
        grad[off + d * dim + last] = gu[d] * inv;
        grad[off + last * dim + last] = gu[d + 1] * inv;
        return loss * inv;
    }

    /** The learning rate of 0-based step {@code step}: constant, or cosine decay towards 0. */
    static double learningRate(TrainingSettings s, int step) {
        if (s.schedule() == TrainingSettings.Schedule.COSINE) {
            return s.learningRate() * 0.5 * (1 + StrictMath.cos(Math.PI * step / s.steps()));
        }
        return s.learningRate();
    }

    private static void adamStep(double[] theta, double[] g, double[] m1, double[] m2, double lr, int t,
                                 double[] rate) {
        double c1 = 1 - StrictMath.pow(ADAM_BETA1, t);
        double c2 = 1 - StrictMath.pow(ADAM_BETA2, t);
        double a = lr / c1;
        double rc2 = 1 / c2;
        for (int i = 0; i < theta.length; i++) {
            double gi = g[i];
            double mi = ADAM_BETA1 * m1[i] + (1 - ADAM_BETA1) * gi;
            double vi = ADAM_BETA2 * m2[i] + (1 - ADAM_BETA2) * gi * gi;
            m1[i] = mi;
            m2[i] = vi;
            if (mi != 0) {
                theta[i] -= (rate == null ? a : a * rate[i]) * mi / (Math.sqrt(vi * rc2) + ADAM_EPSILON);
            }
        }
    }

    private static String divergence(int step, int steps, double loss, double first, TrainingSettings s) {
        String what = Double.isFinite(loss)
                ? "loss " + String.format(java.util.Locale.ROOT, "%.4g", loss) + " exceeds " + (long) DIVERGENCE_FACTOR
                + " x the first step's loss " + String.format(java.util.Locale.ROOT, "%.4g", first)
                : "loss is " + loss;
        return "training diverged at step " + step + " of " + steps + ": " + what + "; lower the learning rate (now "
                + s.learningRate() + ", optimizer " + s.optimizer() + ")";
    }

    private static boolean allFinite(double[] a) {
        for (double x : a) {
            if (!Double.isFinite(x)) {
                return false;
            }
        }
        return true;
    }
}
