package org.taskmix.validation;

import java.util.ArrayList;
import java.util.List;

import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.Relevance;
import org.taskmix.catalog.Task;
import org.taskmix.linalg.Dots;
import org.taskmix.linalg.SymmetricMatrix;

/**
 * The training prompt distribution of a mixture (docs/theory.md §3): each prompt draws one task
 * {@code ℓ ~ π}, then {@code w ~ N(0, I_d)} and {@code n_ℓ} examples {@code x ~ N(0, Λ_ℓ)},
 * {@code y = ⟨w, x⟩}.
 *
 * <p>Examples are drawn as {@code x = Λ_ℓ^{1/2} z} with {@code z ~ N(0, I)}; the symmetric square
 * root comes from the eigendecomposition with negative rounding noise clamped to zero, so
 * singular (positive semidefinite) covariances work. Diagonal covariances keep a diagonal root,
 * which the sampler uses in {@code O(d)} instead of {@code O(d²)}.
 *
 * <p>Tasks of weight 0 are never drawn and need no square root.
 */
public final class TrainingMixture {

    private final int d;
    private final double[] cumulative;
    private final int[] taskIndex;
    private final int[] promptLength;
    private final double[][] root;
    private final boolean[] diagonal;
    private final PromptSource source;

    private TrainingMixture(int d, double[] cumulative, int[] taskIndex, int[] promptLength, double[][] root,
                            boolean[] diagonal, PromptSource source) {
        this.d = d;
        this.cumulative = cumulative;
        this.taskIndex = taskIndex;
        this.promptLength = promptLength;
        this.root = root;
        this.diagonal = diagonal;
        this.source = source == null ? new PromptSource.Gaussian(d, root, diagonal) : source;
    }

    /**
     * The same mixture (weights, prompt lengths) with examples drawn from the tasks' own rows
     * instead of {@code N(0, Λ_ℓ)} (docs/theory.md §9, "Empirical features").
     *
     * @param perTask one component per catalog task, in catalog order (tasks of weight 0 may
     *                hold any rows; they are never drawn)
     */
    public TrainingMixture withFeatures(PromptSource.Empirical perTask) {
        if (perTask.d() != d) {
            throw new IllegalArgumentException("feature rows have d = " + perTask.d() + " but the mixture has d = " + d);
        }
        return new TrainingMixture(d, cumulative, taskIndex, promptLength, root, diagonal, perTask.select(taskIndex));
    }

    /** Where the examples come from: Gaussian by default, or {@link #withFeatures}. */
    PromptSource source() {
        return source;
    }

    /**
     * The mixture of a catalog's tasks with weights {@code π}.
     *
     * @param catalog  tasks (each with its covariance and optional own prompt length)
     * @param weights  {@code π} in catalog order: finite, non-negative, positive sum; normalised
     *                 here, so a sum of {@code 1 ± 1e-6} from a weights file is fine
     * @param defaultN training prompt length for tasks without their own
     */
    public static TrainingMixture of(Catalog catalog, double[] weights, int defaultN) {
        if (weights.length != catalog.size()) {
            throw new IllegalArgumentException("weights: " + weights.length + " values for " + catalog.size() + " tasks");
        }
        if (defaultN < 1) {
            throw new IllegalArgumentException("n: value " + defaultN + " must be >= 1");
        }
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] >= 0 && Double.isFinite(weights[i]))) {
                throw new IllegalArgumentException("weights[" + i + "] (" + catalog.task(i).name() + "): value "
                        + weights[i] + " must be finite and >= 0");
            }
            sum += weights[i];
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException("weights: sum to " + sum + "; at least one task needs a positive weight");
        }
        List<Integer> used = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] > 0) {
                used.add(i);
            }
        }
        int k = used.size();
        double[] cum = new double[k];
        int[] idx = new int[k];
        int[] len = new int[k];
        double[][] roots = new double[k][];
        boolean[] diag = new boolean[k];
        double acc = 0;
        for (int j = 0; j < k; j++) {
            int i = used.get(j);
            Task t = catalog.task(i);
            acc += weights[i] / sum;
            cum[j] = acc;
            idx[j] = i;
            len[j] = t.promptLength(defaultN);
            diag[j] = Relevance.isDiagonal(t.covariance());
            roots[j] = diag[j] ? diagonalRoot(t.covariance()) : squareRoot(t.covariance());
        }
        cum[k - 1] = 1.0;
        return new TrainingMixture(catalog.dim(), cum, idx, len, roots, diag, null);
    }

    /** One task with covariance {@code Λ} and prompt length {@code n}. */
    public static TrainingMixture single(SymmetricMatrix lambda, int n) {
        return of(new Catalog(List.of(Task.of("task", lambda))), new double[] {1.0}, n);
    }

    /** Feature dimension {@code d}. */
    public int d() {
        return d;
    }

    /** Number of tasks with positive weight (the ones ever drawn). */
    int components() {
        return cumulative.length;
    }

    /** Component drawn for a uniform {@code u ∈ [0, 1)}. */
    int component(double u) {
        int j = 0;
        while (j < cumulative.length - 1 && u >= cumulative[j]) {
            j++;
        }
        return j;
    }

    /** Probability {@code π} of component {@code j}. */
    double weight(int j) {
        return cumulative[j] - (j == 0 ? 0 : cumulative[j - 1]);
    }

    /** Catalog index of component {@code j}. */
    int taskIndex(int j) {
        return taskIndex[j];
    }

    /** Prompt length {@code n_ℓ} of component {@code j}. */
    int promptLength(int j) {
        return promptLength[j];
    }

    /** Largest prompt length over the components. */
    int maxPromptLength() {
        int m = 0;
        for (int n : promptLength) {
            m = Math.max(m, n);
        }
        return m;
    }

    /** {@code Λ^{1/2}}: length {@code d} if {@link #diagonal(int)}, else {@code d²} row-major. Not copied. */
    double[] root(int j) {
        return root[j];
    }

    /** True if component {@code j}'s covariance, hence its root, is diagonal. */
    boolean diagonal(int j) {
        return diagonal[j];
    }

    /** Longest prompt any drawn task has ({@code max n_ℓ}): the size of {@link #draw}'s buffers. */
    public int longestPrompt() {
        return maxPromptLength();
    }

    /**
     * Draws one prompt of this distribution, the one the LSA trainer draws from (one task
     * {@code ℓ ~ π}, {@code w ~ N(0, I_d)}, {@code n_ℓ} examples {@code x = Λ_ℓ^{1/2} z},
     * {@code y = ⟨w, x⟩}), for other models trained on the same mixture (the transformer check,
     * docs/theory.md §9).
     *
     * @param rng the prompt's random stream
     * @param w   out: the task vector, length {@code d}
     * @param x   out: examples, row-major, {@code n_ℓ} rows of {@code d} (length at least
     *            {@code longestPrompt() · d})
     * @param y   out: labels, length at least {@code longestPrompt()}
     * @return {@code n_ℓ}, the number of examples written
     */
    public int draw(FastRandom rng, double[] w, double[] x, double[] y) {
        int j = components() == 1 ? 0 : component(rng.nextDouble());
        int n = promptLength(j);
        rng.fillGaussian(w, 0, d);
        rng.fillGaussian(x, 0, n * d);
        double[] z = new double[d];
        for (int e = 0; e < n; e++) {
            System.arraycopy(x, e * d, z, 0, d);
            double[] out = new double[d];
            Kernels.symTimes(root[j], diagonal[j], z, out, d);
            System.arraycopy(out, 0, x, e * d, d);
            y[e] = Dots.dot4(w, 0, out, 0, d);
        }
        return n;
    }


    static double[] diagonalRoot(SymmetricMatrix m) {
        double[] r = new double[m.dim()];
        for (int i = 0; i < r.length; i++) {
            r[i] = Math.sqrt(Math.max(0, m.get(i, i)));
        }
        return r;
    }

    /** Symmetric PSD square root, row-major; negative eigenvalues (rounding noise) become 0. */
    static double[] squareRoot(SymmetricMatrix m) {
        SymmetricMatrix s = m.eigen().apply(x -> Math.sqrt(Math.max(0, x)));
        int n = m.dim();
        double[] out = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                out[i * n + j] = s.get(i, j);
            }
        }
        return out;
    }
}
