package org.taskmix.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.taskmix.catalog.SpectralDiagnosticsTest.assertRel;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.taskmix.linalg.RandomOrthogonal;
import org.taskmix.linalg.SymmetricMatrix;

class GeneratorsTest {

    /** Eigenvalues of Q diag(s) Qᵀ come back within the eigensolver's ~d·ε·λ_max. */
    private static final double EIGEN_TOL = 1e-12;

    @Test
    void powerLawSpectrumHandValues() {
        assertArrayEquals(new double[] {1, Math.pow(2, -0.5), Math.pow(3, -0.5)}, Generators.powerLawSpectrum(3, 0.5), 0);
        assertArrayEquals(new double[] {1, 1, 1}, Generators.powerLawSpectrum(3, 0), 0);
    }

    @Test
    void lowRankPlusFloorPutsStrengthsOnTheFirstHaarColumns() {
        int d = 9;
        double[] strengths = {1, 0.5, 0.25};
        CovarianceSpec.RandomBasis spec = Generators.lowRankPlusFloor(d, strengths, 0.01, 77);
        SymmetricMatrix m = spec.build();
        DMatrixRMaj q = RandomOrthogonal.haar(d, 77);
        // Λ q_j = s_j q_j for the active columns, and = floor for the others.
        for (int j = 0; j < d; j++) {
            double s = j < 3 ? strengths[j] : 0.01;
            for (int i = 0; i < d; i++) {
                double lq = 0;
                for (int k = 0; k < d; k++) {
                    lq += m.get(i, k) * q.get(k, j);
                }
                assertEquals(s * q.get(i, j), lq, EIGEN_TOL);
            }
        }
        double[] ev = m.eigen().values();
        double[] want = {0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.25, 0.5, 1};
        assertArrayEquals(want, ev, EIGEN_TOL);
    }

    @Test
    void sameSeedGivesBitIdenticalProblems() {
        var o = Generators.PaperTaskSelection.defaults(20, 2, 5);
        SpecifiedProblem a = Generators.paperTaskSelection(o);
        SpecifiedProblem b = Generators.paperTaskSelection(o);
        assertEquals(a.taskSpecs(), b.taskSpecs());
        for (int i = 0; i < a.problem().catalog().size(); i++) {
            assertEquals(a.problem().catalog().task(i).covariance(), b.problem().catalog().task(i).covariance());
        }
        SpecifiedProblem c = Generators.paperTaskSelection(Generators.PaperTaskSelection.defaults(20, 2, 6));
        assertNotEquals(a.taskSpecs(), c.taskSpecs());
    }

    @Test
    void childSeedsAreDistinct() {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(seen.add(Generators.childSeed(7, i)));
        }
        assertNotEquals(Generators.childSeed(7, 0), Generators.childSeed(8, 0));
    }

    @Test
    void paperSkillsScaleBelowDimensionHundred() {
        assertEquals(10, Generators.PaperTaskSelection.paperSkills(20, 50));
        assertEquals(50, Generators.PaperTaskSelection.paperSkills(100, 50));
        assertEquals(20, Generators.PaperTaskSelection.paperSkills(20, 100));
        assertEquals(100, Generators.PaperTaskSelection.paperSkills(100, 100));
        assertEquals(100, Generators.PaperTaskSelection.paperSkills(100, 300));
        assertEquals(1, Generators.PaperTaskSelection.paperSkills(20, 3));
        assertEquals(13, Generators.PaperTaskSelection.paperSkills(20, 64));
    }

    /**
     * The four types by hand at d = 50, B = 10/50, floor 0.01: hardness = (Σ_{i≤B} i^-α +
     * (d − B)·floor) / λ_min with λ_min = floor for short tasks and B^-α for long ones (B = d).
     */
    @Test
    void paperTaskTypesHaveTheirHandHardness() {
        SpecifiedProblem sp = Generators.paperTaskSelection(Generators.PaperTaskSelection.defaults(50, 2, 7));
        Problem p = sp.problem();
        assertEquals(8, p.catalog().size());
        assertEquals(List.of("easy-short-1", "easy-short-2", "easy-long-1", "easy-long-2", "hard-short-1",
                "hard-short-2", "hard-long-1", "hard-long-2"), p.catalog().names());
        double[] hand = {
                (sum(10, 0.2) + 40 * 0.01) / 0.01,
                sum(50, 0.2) / Math.pow(50, -0.2),
                (sum(10, 0.8) + 40 * 0.01) / 0.01,
                sum(50, 0.8) / Math.pow(50, -0.8)};
        String[] groups = {"Easy-Short", "Easy-Long", "Hard-Short", "Hard-Long"};
        for (int i = 0; i < 8; i++) {
            Task t = p.catalog().task(i);
            assertEquals(groups[i / 2], t.group());
            assertNull(t.promptLength());
            SpectralDiagnostics s = SpectralDiagnostics.of(t.covariance());
            assertRel(hand[i / 2], s.hardness(), 1e-10);
        }
        // The target is hard: i^-0.8 on all 50 directions, full rank.
        assertRel(sum(50, 0.8) / Math.pow(50, -0.8), SpectralDiagnostics.of(p.target().covariance()).hardness(), 1e-10);
        assertTrue(p.description().contains("B = number of active skills"));
        assertTrue(p.description().contains("B is read as skills only"));
        assertEquals(p.catalog().task(0).covariance(), sp.taskSpecs().get(0).build());
    }

    @Test
    void promptLengthsAreOptIn() {
        var o = new Generators.PaperTaskSelection(20, 1, 1, 0.01, 4, 20, 10, 30, 0.8, Settings.DEFAULT);
        Problem p = Generators.paperTaskSelection(o).problem();
        assertEquals(10, p.catalog().task(0).promptLength());
        assertEquals(30, p.catalog().task(1).promptLength());
        assertTrue(p.description().contains("short tasks train with n_l = 10"));
    }

    @Test
    void powerLawCatalogSpacesAlphaEvenly() {
        var o = new Generators.PowerLawCatalog(3, 12, 0.2, 1.0, 4, 12, 0.01, null, Settings.DEFAULT);
        SpecifiedProblem sp = Generators.powerLawCatalog(o);
        double[] alphas = {0.2, 0.6, 1.0};
        for (int j = 0; j < 3; j++) {
            CovarianceSpec.RandomBasis spec = (CovarianceSpec.RandomBasis) sp.taskSpecs().get(j);
            assertArrayEquals(Generators.powerLawSpectrum(12, alphas[j]), spec.spectrum().toArray(), 1e-15);
            assertEquals(Generators.childSeed(4, j + 1), spec.seed());
        }
        assertEquals(List.of("t1", "t2", "t3"), sp.problem().catalog().names());
        assertEquals(SymmetricMatrix.identity(12), sp.problem().target().covariance());
    }

    @Test
    void invalidOptionsAreRejectedWithTheRule() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Generators.PaperTaskSelection(10, 1, 1, 0.01, 4, 20, null, null, 0.8, null));
        assertEquals("long active skills 20 must lie in [1, dimension = 10]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new Generators.PowerLawCatalog(2, 5, 0.9, 0.1, 1, 5, 0.01, null, null));
        assertEquals("alpha min 0.9 exceeds alpha max 0.1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Generators.powerLawSpectrum(3, Double.NaN));
        assertEquals("alpha NaN must be finite and >= 0", e.getMessage());
    }

    @Test
    void parallelBuildGivesTheSameBytesForAnyThreadCount() {
        // 1,100 specs: several 256-spec chunks plus a ragged last one, so threads really interleave.
        var o = new Generators.PowerLawCatalog(1100, 8, 0.2, 0.8, 11, 5, 0.01, null, Settings.DEFAULT);
        List<CovarianceSpec> specs = Generators.powerLawCatalog(o).taskSpecs();
        byte[] sequential = bytes(specs.stream().map(CovarianceSpec::build).toList());
        assertArrayEquals(sequential, bytes(Generators.buildAll(specs, 1)));
        for (int threads : new int[] {2, 3, 8}) {
            assertArrayEquals(sequential, bytes(Generators.buildAll(specs, threads)), threads + " threads");
        }
        assertArrayEquals(sequential, bytes(Generators.buildAll(specs)));
        assertEquals(0, Generators.buildAll(List.of(), 4).size());
    }

    @Test
    void powerLawTaskNamesAreZeroPaddedToTheWidthOfT() {
        var o = new Generators.PowerLawCatalog(1000, 3, 0.2, 0.8, 1, 3, 0.01, null, Settings.DEFAULT);
        List<String> names = Generators.powerLawCatalog(o).problem().catalog().names();
        for (int j = 0; j < names.size(); j++) {
            assertEquals(String.format(java.util.Locale.ROOT, "t%04d", j + 1), names.get(j));
        }
    }

    /** Every entry's IEEE bits, in order: equal arrays mean bit-identical matrices. */
    private static byte[] bytes(List<SymmetricMatrix> ms) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(ms.stream().mapToInt(m -> 8 * m.dim() * m.dim()).sum());
        for (SymmetricMatrix m : ms) {
            for (int i = 0; i < m.dim(); i++) {
                for (int j = 0; j < m.dim(); j++) {
                    b.putLong(Double.doubleToRawLongBits(m.get(i, j)));
                }
            }
        }
        return b.array();
    }

    private static double sum(int b, double alpha) {
        return Arrays.stream(Generators.powerLawSpectrum(b, alpha)).sum();
    }
}
