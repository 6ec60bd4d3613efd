package org.taskmix.validation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.Task;
import org.taskmix.linalg.SymmetricMatrix;

/**
 * The trainer's structured kernel against the reference {@link LsaModel#gradient} on explicit
 * prompt matrices built from the same draws.
 */
class TrainingKernelTest {

    /** Same quantities summed in different orders: agreement to ~1e-13 of the gradient's scale. */
    private static final double ROUNDING = 1e-11;

    private static SymmetricMatrix randomCovariance(Random r, int d) {
        double[][] b = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                b[i][j] = r.nextGaussian();
            }
        }
        double[][] c = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < d; k++) {
                    c[i][j] += b[i][k] * b[j][k] / d;
                }
            }
        }
        return SymmetricMatrix.of(c);
    }

    @Test
    void fullParametersMatchReferenceGradient() {
        check(new Random(5), false, 3);
        check(new Random(6), true, 4);
    }

    @Test
    void initialParametersMatchReferenceGradient() {
        check(new Random(7), false, 0);
    }

    /** {@code mode}: 0 = documented initialisation plus a V_31 block; else random V and W. */
    private static void check(Random r, boolean alsoDiagonal, int mode) {
        int d = 4;
        int dim = 2 * d + 2;
        SymmetricMatrix full = randomCovariance(r, d);
        SymmetricMatrix diag = SymmetricMatrix.diagonal(0.5, 1, 2, 0.25);
        Catalog cat = new Catalog(List.of(new Task("a", null, null, 7, full, null),
                new Task("b", null, null, 3, diag, null)));
        TrainingMixture mix = TrainingMixture.of(cat, new double[] {0.5, 0.5}, 5);
        double[] v;
        double[] w;
        if (mode == 0) {
            LsaModel init = LsaModel.initial(d);
            v = init.v();
            w = init.w();
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    v[(d + 1 + i) * dim + j] = 0.3 * r.nextGaussian();
                }
            }
        } else {
            v = new double[dim * dim];
            w = new double[dim * dim];
            for (int i = 0; i < dim * dim; i++) {
                v[i] = 0.3 * r.nextGaussian();
                w[i] = 0.3 * r.nextGaussian();
            }
        }
        LsaModel model = LsaModel.of(d, v, w);
        TrainingKernel kernel = new TrainingKernel(mix);
        kernel.load(v, w);
        assertEquals(mode == 0 ? d : dim, kernel.activeRows());
        for (int j = 0; j < mix.components(); j++) {
            if (j == 1 && !alsoDiagonal) {
                continue;
            }
            int n = mix.promptLength(j);
            for (boolean lazy : n >= TrainingKernel.LAZY_MIN_N ? new boolean[] {false, true} : new boolean[] {false}) {
                compareOnePrompt(mix, cat, model, kernel, j, lazy, v.length);
            }
        }
    }

    /**
     * One prompt through the kernel and through {@link LsaModel#gradient} on explicit columns:
     * from {@code Z} ({@code x_e = A z_e}), or from the lazily drawn Bartlett columns {@code c_j}
     * ({@code x_e = A c_e} for the drawn {@code e}, zero columns after: the same products
     * {@code Σ x xᵀ A q} along the drawn directions, so the same loss and gradient).
     */
    private static void compareOnePrompt(TrainingMixture mix, Catalog cat, LsaModel model, TrainingKernel kernel,
                                         int j, boolean lazy, int dd) {
            int d = mix.d();
            int n = mix.promptLength(j);
            TrainingKernel.Chunk chunk = kernel.new Chunk();
            FastRandom rng = new FastRandom(100 + j);
            rng.fillGaussian(chunk.wBuffer(), 0, d);
            double[] z = new double[n * d];
            if (lazy) {
                chunk.startLazy(rng, n);
            } else {
                rng.fillGaussian(chunk.zBuffer(), 0, n * d);
                System.arraycopy(chunk.zBuffer(), 0, z, 0, n * d);
            }
            chunk.add(mix.root(j), mix.diagonal(j), n);
            chunk.flush();
            if (lazy) {
                z = chunk.lazyRows(n);
            }

            SymmetricMatrix lambda = cat.task(mix.taskIndex(j)).covariance();
            assertMatchesReference(model, kernel, TrainingMixture.squareRoot(lambda), z, chunk.wBuffer().clone(), n,
                    chunk.loss, chunk.gradV, chunk.gradU, "task " + j + " lazy " + lazy);
    }

    /**
     * The kernel's loss and packed gradients against {@link LsaModel#gradient} on the explicit
     * prompt {@code x_e = root · z_e} ({@code root} any {@code d×d} row-major matrix), weights {@code wt}.
     */
    private static void assertMatchesReference(LsaModel model, TrainingKernel kernel, double[] root, double[] z,
                                               double[] wt, int n, double loss, double[] packedV, double[] packedU,
                                               String what) {
            int d = model.d();
            int dim = 2 * d + 2;
            double[][] cols = new double[n + 1][dim];
            for (int e = 0; e < n; e++) {
                double y = 0;
                for (int a = 0; a < d; a++) {
                    double x = 0;
                    for (int b = 0; b < d; b++) {
                        x += root[a * d + b] * z[e * d + b];
                    }
                    cols[e][a] = x;
                    y += x * wt[a];
                }
                cols[e][d] = y;
            }
            cols[n][dim - 1] = 1;
            double[] target = new double[dim];
            for (int a = 0; a < d; a++) {
                target[d + 1 + a] = wt[a];
            }
            target[dim - 1] = 1;
            LsaModel.Gradient ref = model.gradient(cols, target, n);
            double[] gv = ref.gradientV().toArray();
            double[] gw = ref.gradientW().toArray();
            double scale = 0;
            for (int i = 0; i < gv.length; i++) {
                scale = Math.max(scale, Math.max(Math.abs(gv[i]), Math.abs(gw[i])));
            }
            assertEquals(ref.loss(), loss, ROUNDING * Math.max(1, ref.loss()), what);
            double[] fastV = new double[dim * dim];
            int packed = kernel.packedWidth();
            for (int rr = 0; rr < kernel.activeRows(); rr++) {
                int row = kernel.activeRow(rr);
                for (int c = 0; c < d; c++) {
                    fastV[row * dim + c] = packedV[rr * packed + c];
                }
                fastV[row * dim + d] = packedV[rr * packed + d];
                fastV[row * dim + dim - 1] = packedV[rr * packed + d + 1];
            }
            double[] fastW = new double[dim * dim];
            for (int a = 0; a < d; a++) {
                fastW[a * dim + dim - 1] = packedU[a];
            }
            fastW[d * dim + dim - 1] = packedU[d];
            fastW[(dim - 1) * dim + dim - 1] = packedU[d + 1];
            for (int i = 0; i < dim * dim; i++) {
                assertEquals(gv[i], fastV[i], ROUNDING * scale, "dL/dV[" + i + "] " + what);
                assertEquals(gw[i], fastW[i], ROUNDING * scale, "dL/dW[" + i + "] " + what);
            }
    }

    @Test
    void eigenFramePromptsMatchTheReferenceInOriginalCoordinates() {
        // A prompt drawn in Λ's eigenbasis (w', L) is the prompt x_e = Q L^{1/2} L[:, e],
        // w = Q w' in the task's coordinates; its gradient, rotated back, must be that prompt's.
        Random r = new Random(15);
        int d = 4;
        int dim = 2 * d + 2;
        for (int n : new int[] {2, 6}) { // Z rows (n < LAZY_MIN_N) and lazy Bartlett columns
            SymmetricMatrix lambda = randomCovariance(r, d);
            TrainingMixture mix = TrainingMixture.single(lambda, n);
            TrainingKernel kernel = new TrainingKernel(mix, 1000);
            LsaModel init = LsaModel.initial(d);
            double[] v = init.v();
            double[] w = init.w();
            for (int i = d; i < dim; i++) { // label, weight-slot and constant rows: all but features
                for (int j = 0; j < dim; j++) {
                    v[i * dim + j] = 0.3 * r.nextGaussian();
                }
            }
            for (int i = 0; i < dim; i++) {
                w[i * dim + dim - 1] += 0.3 * r.nextGaussian();
            }
            LsaModel model = LsaModel.of(d, v, w);
            kernel.load(v, w);
            assertEquals(1, kernel.framesInUse());
            TrainingKernel.Chunk chunk = kernel.new Chunk();
            chunk.accumulate(new FastRandom(5 + n), 1);
            int packed = kernel.packedWidth();
            double[] gv = chunk.gradV.clone();
            double[] gu = chunk.gradU.clone();
            assertEquals(0.0, java.util.Arrays.stream(gv).map(Math::abs).sum(), 0.0, "all in the frame");
            kernel.reduceFrames(new TrainingKernel.Chunk[] {chunk}, gv, gu);

            EigenFrame frame = new EigenFrame(mix.root(0), d);
            double[] qs = new double[d * d]; // Q diag(L^{1/2})
            double[] wOrig = new double[d];
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    qs[a * d + b] = frame.basis(a, b) * frame.root[b];
                    wOrig[a] += frame.basis(a, b) * chunk.wBuffer()[b];
                }
            }
            double[] z = new double[n * d];
            if (n >= TrainingKernel.LAZY_MIN_N) {
                z = chunk.lazyRows(n);
            } else {
                System.arraycopy(chunk.zBuffer(), 0, z, 0, n * d);
            }
            assertMatchesReference(model, kernel, qs, z, wOrig, n, chunk.loss, gv, gu, "frame, n = " + n);
            assertTrue(packed == d + 2);
        }
    }

    @Test
    void accumulateDrawsEachPromptInTheDocumentedOrder() {
        // Per prompt: the component (only if there are several), then w (d), then Z (n rows of d)
        // or, for n >= LAZY_MIN_N, nothing until add() draws the two lazy Bartlett columns.
        Random r = new Random(8);
        int d = 3;
        // Task a: n = 2 draws Z; task b: n = 6 draws lazy Bartlett columns.
        Catalog cat = new Catalog(List.of(new Task("a", null, null, 2, randomCovariance(r, d), null),
                new Task("b", null, null, 6, SymmetricMatrix.diagonal(1, 2, 3), null)));
        TrainingMixture mix = TrainingMixture.of(cat, new double[] {0.4, 0.6}, 5);
        LsaModel init = LsaModel.initial(d);
        double[] v = init.v();
        for (int i = 0; i < v.length; i++) {
            v[i] = 0.1 * r.nextGaussian();
        }
        TrainingKernel kernel = new TrainingKernel(mix);
        kernel.load(v, init.w());
        int count = 29;
        TrainingKernel.Chunk viaAccumulate = kernel.new Chunk();
        viaAccumulate.accumulate(new FastRandom(77), count);

        TrainingKernel.Chunk byHand = kernel.new Chunk();
        FastRandom rng = new FastRandom(77);
        int[] seen = new int[2];
        for (int i = 0; i < count; i++) {
            int j = mix.component(rng.nextDouble());
            seen[j]++;
            int n = mix.promptLength(j);
            for (int a = 0; a < d; a++) {
                byHand.wBuffer()[a] = rng.nextGaussian();
            }
            if (n >= TrainingKernel.LAZY_MIN_N) {
                byHand.startLazy(rng, n);
            } else {
                byHand.useRows();
                for (int k = 0; k < n * d; k++) {
                    byHand.zBuffer()[k] = rng.nextGaussian();
                }
            }
            byHand.add(mix.root(j), mix.diagonal(j), n);
        }
        byHand.flush();
        assertTrue(seen[0] > 0 && seen[1] > 0);
        assertEquals(byHand.loss, viaAccumulate.loss, 0.0);
        assertArrayEquals(byHand.gradV, viaAccumulate.gradV, 0.0);
        assertArrayEquals(byHand.gradU, viaAccumulate.gradU, 0.0);
    }

    @Test
    void componentsAreDrawnByWeight() {
        SymmetricMatrix id = SymmetricMatrix.identity(2);
        Catalog cat = new Catalog(List.of(Task.of("a", id), Task.of("b", id), Task.of("c", id)));
        TrainingMixture mix = TrainingMixture.of(cat, new double[] {0.25, 0, 0.75}, 4);
        assertEquals(2, mix.components());
        assertEquals(0, mix.taskIndex(mix.component(0.0)));
        assertEquals(0, mix.taskIndex(mix.component(0.2499)));
        assertEquals(2, mix.taskIndex(mix.component(0.25)));
        assertEquals(2, mix.taskIndex(mix.component(0.9999999)));
    }
}
