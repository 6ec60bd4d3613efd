package org.taskmix.validation;

import java.util.Arrays;

/**
 * {@link DenseProducts} in double, the default: {@link Kernels#matVec} for {@code V h} and
 * {@code Vᵀ r}, {@link Kernels#rankUpdate} for {@code Σ r hᵀ} (the same bits as the per-prompt
 * axpy passes these replace).
 */
final class Dense64 implements DenseProducts {

    private final int packed;
    private int active;
    private double[][] va = new double[0][];
    private double[][] vaT = new double[0][];

    Dense64(int packed) {
        this.packed = packed;
    }

    @Override
    public void load(double[][] sets, double[][] setsT, int activeRows) {
        active = activeRows;
        va = sets;
        vaT = setsT;
    }

    @Override
    public DenseProducts.Chunk newChunk(int sets, int depth) {
        return new Chunk(sets, depth);
    }

    private final class Chunk implements DenseProducts.Chunk {
        private final double[] o;
        private final double[] r;
        private final int depth;
        /** Per set: up to {@link #depth} prompts' residuals and {@code h}, prompt after prompt. */
        private final double[][] pendingRes;
        private final double[][] pendingH;
        private final int[] pending;

        Chunk(int sets, int depth) {
            this.depth = depth;
            o = new double[active];
            r = new double[active];
            pendingRes = new double[sets][depth * active];
            pendingH = new double[sets][depth * packed];
            pending = new int[sets];
        }

        @Override
        public double add(int set, double[] hp, double[] w, int[] targetSlot, double[] qOut, double[] gv) {
            Kernels.matVec(va[set], vaT[set], active, packed, hp, o);
            double l = 0;
            for (int i = 0; i < active; i++) {
                double ri = targetSlot[i] >= 0 ? o[i] - w[targetSlot[i]] : o[i];
                r[i] = ri;
                l += ri * ri;
            }
            Kernels.matVec(vaT[set], va[set], packed, active, r, qOut);
            if (pending[set] == depth) {
                flush(set, gv);
            }
            System.arraycopy(r, 0, pendingRes[set], pending[set] * active, active);
            System.arraycopy(hp, 0, pendingH[set], pending[set] * packed, packed);
            pending[set]++;
            return l;
        }

        @Override
        public void flush(int set, double[] gv) {
            Kernels.rankUpdate(pendingRes[set], active, pendingH[set], packed, pending[set], gv);
            pending[set] = 0;
        }

        @Override
        public void clear() {
            Arrays.fill(pending, 0);
        }
    }
}
