package org.taskmix.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class GershgorinTest {

    /** The padding is n·ε of a row's absolute sum: 3·2.2e-16·4 here, far below 1e-14. */
    private static final double PAD_TOLERANCE = 1e-14;

    @Test
    void discsOfTheSecondDifferenceMatrix() {
        // Rows 0 and 2: centre 2, radius 1; row 1: centre 2, radius 2. Eigenvalues 2 - sqrt 2, 2, 2 + sqrt 2.
        double[] a = {2, -1, 0, -1, 2, -1, 0, -1, 2};
        double[] b = Gershgorin.bounds(a, 3);
        assertEquals(0.0, b[0], PAD_TOLERANCE);
        assertEquals(4.0, b[1], PAD_TOLERANCE);
        assertTrue(b[0] <= 0.0 && b[1] >= 4.0, "padded outwards");
    }

    @Test
    void everyEigenvalueOfRandomSymmetricMatricesLiesInside() {
        SplittableRandom rng = new SplittableRandom(4);
        for (int trial = 0; trial < 20; trial++) {
            int n = 2 + rng.nextInt(40);
            double[] a = new double[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    double v = rng.nextDouble(-1, 1) * (i == j ? 5 : 1);
                    a[i * n + j] = v;
                    a[j * n + i] = v;
                }
            }
            double[] b = Gershgorin.bounds(a, n);
            for (double ev : SymmetricMatrix.of(new org.ejml.data.DMatrixRMaj(n, n, true, a)).eigenvalues()) {
                assertTrue(ev >= b[0] && ev <= b[1], ev + " outside " + b[0] + ", " + b[1]);
            }
        }
    }
}
