package org.taskmix.validation;

/**
 * The float32 option of the training kernel ({@code --precision float32}, docs/theory.md §9.2):
 * the three {@code O(d²)} products of a prompt, {@code o = V h}, {@code q = Vᵀ r} and
 * {@code ∂L/∂V += r hᵀ}, with the step's parameters stored as floats and float arithmetic; the
 * loss is accumulated in double, and a gradient sum over prompts in float over at most 16 prompts
 * (one pending block of the rank update), then in double (the sum over a batch is where float
 * rounding would add up), and the rest of the kernel (draws, the Gram products
 * {@code O(d)} per prompt, the optimiser) stays in double. The model itself is stored in double.
 *
 * <p>What it costs in accuracy and what it gains in speed is measured in docs/benchmarks.md §9.
 * Results are bit-identical for any thread count, like the double kernel (same chunks, same order).
 */
final class Dense32 implements DenseProducts {

    private final int packed;
    private int active;
    /** Per parameter set (own coordinates, then each frame): {@code V} (active rows of packed) and {@code Vᵀ}. */
    private float[][] va = new float[0][];
    private float[][] vaT = new float[0][];

    Dense32(int packed) {
        this.packed = packed;
    }

    /** Rounds the step's parameter sets to float. */
    @Override
    public void load(double[][] sets, double[][] setsT, int activeRows) {
        active = activeRows;
        if (va.length != sets.length || va[0].length != sets[0].length) {
            va = new float[sets.length][sets[0].length];
            vaT = new float[sets.length][sets[0].length];
        }
        for (int s = 0; s < sets.length; s++) {
            for (int i = 0; i < sets[s].length; i++) {
                va[s][i] = (float) sets[s][i];
                vaT[s][i] = (float) setsT[s][i];
            }
        }
    }

    @Override
    public DenseProducts.Chunk newChunk(int sets, int depth) {
        return new Chunk(sets, depth);
    }

    /** Per-chunk scratch and pending rank updates. */
    private final class Chunk implements DenseProducts.Chunk {
        private final float[] h = new float[packed];
        private final float[] o;
        private final float[] r;
        private final float[] q = new float[packed];
        private final float[] row = new float[packed];
        private final int depth;
        private final float[][] pendingRes;
        private final float[][] pendingH;
        private final int[] pending;

        /** Scratch for {@code sets} parameter sets, up to {@code depth} prompts waiting per set. */
        Chunk(int sets, int depth) {
            this.depth = depth;
            o = new float[active];
            r = new float[active];
            pendingRes = new float[sets][depth * active];
            pendingH = new float[sets][depth * packed];
            pending = new int[sets];
        }

        /** As specified; {@code h} rounded to float, {@code qOut} widened, {@code ‖r‖²} summed in double. */
        @Override
        public double add(int set, double[] hp, double[] w, int[] targetSlot, double[] qOut, double[] gv) {
            for (int i = 0; i < packed; i++) {
                h[i] = (float) hp[i];
            }
            Kernels32.matVec(va[set], vaT[set], active, packed, h, o);
            double l = 0;
            for (int i = 0; i < active; i++) {
                float ri = targetSlot[i] >= 0 ? o[i] - (float) w[targetSlot[i]] : o[i];
                r[i] = ri;
                l += (double) ri * ri;
            }
            Kernels32.matVec(vaT[set], va[set], packed, active, r, q);
            for (int i = 0; i < packed; i++) {
                qOut[i] = q[i];
            }
            if (pending[set] == depth) {
                flush(set, gv);
            }
            System.arraycopy(r, 0, pendingRes[set], pending[set] * active, active);
            System.arraycopy(h, 0, pendingH[set], pending[set] * packed, packed);
            pending[set]++;
            return l;
        }

        @Override
        public void flush(int set, double[] gv) {
            Kernels32.rankUpdate(pendingRes[set], active, pendingH[set], packed, pending[set], gv, row);
            pending[set] = 0;
        }

        @Override
        public void clear() {
            java.util.Arrays.fill(pending, 0);
        }
    }
}
