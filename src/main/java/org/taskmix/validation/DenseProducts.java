package org.taskmix.validation;

/**
 * The three {@code O(d²)} products of a training prompt in the current step's parameter sets
 * ({@link TrainingKernel}; docs/theory.md §9.2): {@code o = V h}, the residual
 * {@code r = o − target} and its loss, {@code q = Vᵀ r}, and {@code ∂L/∂V += r hᵀ} queued for one
 * rank update per {@code depth} prompts. {@link Dense64} in double, {@link Dense32} in float with
 * double accumulators ({@code --precision}).
 */
interface DenseProducts {

    /**
     * Takes the step's parameter sets (own coordinates, then each frame): {@code sets[s]} has
     * {@code activeRows} rows of {@code packed}, {@code setsT[s]} is its transpose.
     */
    void load(double[][] sets, double[][] setsT, int activeRows);

    /** Scratch and pending updates of one chunk for {@code sets} parameter sets, {@code depth} prompts each. */
    Chunk newChunk(int sets, int depth);

    /** The per-chunk part; not thread-safe (one per chunk). */
    interface Chunk {
        /**
         * One prompt with {@code h = hp} in set {@code set}: writes {@code qOut = Vᵀ r} (packed),
         * queues {@code r hᵀ} for {@code gv} (flushing it first if {@code depth} wait), returns
         * {@code ‖r‖²}. {@code targetSlot[i] ≥ 0}: row {@code i}'s target is {@code w[targetSlot[i]]}.
         */
        double add(int set, double[] hp, double[] w, int[] targetSlot, double[] qOut, double[] gv);

        /** Adds set {@code set}'s queued {@code r hᵀ} to {@code gv}. */
        void flush(int set, double[] gv);

        /** Forgets queued updates (a new step). */
        void clear();
    }
}
