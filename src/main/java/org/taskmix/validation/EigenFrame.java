package org.taskmix.validation;

import org.taskmix.linalg.SymmetricEigen;
import org.taskmix.linalg.SymmetricMatrix;

/**
 * The eigenbasis of one training task, {@code Λ = Q L Qᵀ}, in which its prompts are drawn with
 * a diagonal root {@code L^{1/2}} (docs/theory.md §9.2).
 *
 * <p>Why it is exact: with {@code R = diag(Q, 1, Q, 1)}, a prompt {@code E = R E'} has the loss
 * of the model {@code V' = Rᵀ V R}, {@code W' = Rᵀ W R} on {@code E'} (and the target
 * {@code (0, 0, w, 1) = R (0, 0, w', 1)}), so {@code ∂L/∂V = R (∂L/∂V') Rᵀ} and
 * {@code ∂L/∂u = R ∂L/∂u'}. Drawing {@code w' ~ N(0, I)} and {@code z'} in the eigenbasis gives
 * prompts of exactly the original distribution, and each prompt's Gram products need
 * {@code 2d} instead of {@code 2d²} multiply-adds for the roots. The parameters are rotated in
 * once per step and the summed gradient rotated out once per step ({@code ~4d³} in all).
 *
 * <p>Applies to the "packed" rows of {@link TrainingKernel}: the {@code d} weight-slot rows as
 * one contiguous block (mixed by {@code Q}), plus the label and constant rows if active (their
 * columns only are rotated); feature rows must not be active.
 */
final class EigenFrame {

    private final int d;
    /** {@code Q}, row-major, columns the eigenvectors of {@code Λ}. */
    private final double[] q;
    /** {@code Qᵀ}, row-major. */
    private final double[] qt;
    /** {@code L^{1/2}}, the square roots of {@code Λ}'s eigenvalues. */
    final double[] root;

    /** The frame of {@code Λ} given by its symmetric square root {@code A = Q L^{1/2} Qᵀ} ({@code d×d}). */
    EigenFrame(double[] symmetricRoot, int d) {
        this.d = d;
        double[][] rows = new double[d][d];
        for (int i = 0; i < d; i++) {
            System.arraycopy(symmetricRoot, i * d, rows[i], 0, d);
        }
        SymmetricEigen eig = SymmetricMatrix.of(rows).eigen();
        this.q = new double[d * d];
        this.root = new double[d];
        // vectors() returns a copy: taken once (per entry it cost d⁴, 0.1 s at d = 100).
        org.ejml.data.DMatrixRMaj vectors = eig.vectors();
        for (int i = 0; i < d; i++) {
            root[i] = Math.max(0, eig.value(i));
            for (int j = 0; j < d; j++) {
                q[i * d + j] = vectors.get(i, j);
            }
        }
        this.qt = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                qt[j * d + i] = q[i * d + j];
            }
        }
    }

    /** Test access: {@code Q[i][j]}. */
    double basis(int i, int j) {
        return q[i * d + j];
    }

    /**
     * {@code out = rotated rows}: each active row's feature columns times {@code Q}, then the
     * weight-slot block ({@code d} rows from {@code slot0}) mixed by {@code Qᵀ}.
     */
    void rotateIn(double[] va, int active, int packed, int slot0, double[] out, double[] tmp) {
        columnsTimes(va, active, packed, false, tmp);
        System.arraycopy(tmp, 0, out, 0, active * packed);
        mixSlotRows(tmp, packed, slot0, true, out);
    }

    /** {@code acc += R g Rᵀ} on packed rows: the inverse of {@link #rotateIn}'s transform. */
    void rotateOutAdd(double[] g, int active, int packed, int slot0, double[] acc, double[] tmp) {
        columnsTimes(g, active, packed, true, tmp);
        double[] mixed = g; // reused as scratch: the frame's sum is not needed afterwards
        System.arraycopy(tmp, 0, mixed, 0, active * packed);
        mixSlotRows(tmp, packed, slot0, false, mixed);
        for (int i = 0; i < active * packed; i++) {
            acc[i] += mixed[i];
        }
    }

    /** {@code out = Qᵀ x} ({@code transpose}) or {@code Q x}, length {@code d}. */
    void vector(double[] x, boolean transpose, double[] out) {
        for (int i = 0; i < d; i++) {
            double s = 0;
            for (int k = 0; k < d; k++) {
                s += (transpose ? q[k * d + i] : q[i * d + k]) * x[k];
            }
            out[i] = s;
        }
    }

    /** Feature columns of every row times {@code Q} ({@code transpose}: {@code Qᵀ}); others copied. */
    private void columnsTimes(double[] a, int rows, int packed, boolean transpose, double[] out) {
        // Row r of the result is Σ_k a[r, k] · (row k of Q, or of Qᵀ): rank-4 row combinations.
        double[] m = transpose ? qt : q;
        for (int r = 0; r < rows; r++) {
            int o = r * packed;
            java.util.Arrays.fill(out, o, o + d, 0.0);
            Kernels.combine(a, o, d, m, d, out, o, d);
            out[o + d] = a[o + d];
            out[o + d + 1] = a[o + d + 1];
        }
    }

    /** Slot rows of {@code out} = {@code Qᵀ} ({@code transpose}) or {@code Q} times slot rows of {@code a}. */
    private void mixSlotRows(double[] a, int packed, int slot0, boolean transpose, double[] out) {
        for (int i = 0; i < d; i++) {
            int o = (slot0 + i) * packed;
            java.util.Arrays.fill(out, o, o + packed, 0.0);
            for (int k = 0; k < d; k++) {
                double c = transpose ? q[k * d + i] : q[i * d + k];
                if (c != 0) {
                    Kernels.axpy(c, a, (slot0 + k) * packed, out, o, packed);
                }
            }
        }
    }
}
