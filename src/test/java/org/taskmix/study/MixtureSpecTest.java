package org.taskmix.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.taskmix.catalog.Problem;
import org.taskmix.io.ProblemReader;
import org.taskmix.selection.Baselines;
import org.taskmix.selection.Mixture;

/** The one mixture vocabulary: parsing, deprecated names, and resolution on problems/tiny.json. */
class MixtureSpecTest {

    @Test
    void parsesEveryForm() {
        assertEquals(MixtureSpec.SURROGATE, MixtureSpec.parse("surrogate"));
        MixtureSpec old = MixtureSpec.parse("optimal");
        assertEquals("surrogate", old.label());
        assertTrue(old.deprecation().orElseThrow().contains("deprecated"));
        assertFalse(MixtureSpec.SURROGATE.deprecation().isPresent());
        assertEquals("exact:8@100", MixtureSpec.parse("exact:8@100").label());
        assertEquals("exact:8@inf", MixtureSpec.parse("exact:8@INF").label());
        assertEquals("exact:3@1000000000", MixtureSpec.parse("exact:3@1e9").label());
        assertTrue(MixtureSpec.parse("exact").deprecation().isPresent());
        for (String b : Baselines.names()) {
            assertEquals(new MixtureSpec.Baseline(b), MixtureSpec.parse(b));
        }
        assertEquals(new MixtureSpec.SingleTask("math-1"), MixtureSpec.parse("task:math-1"));
        assertEquals(new MixtureSpec.SingleTask("math/algebra.json"), MixtureSpec.parse("task:math/algebra.json"));
        assertInstanceOf(MixtureSpec.WeightsFile.class, MixtureSpec.parse("my-weights.csv"));
        assertInstanceOf(MixtureSpec.WeightsFile.class, MixtureSpec.parse("out/solution.json"));
    }

    @Test
    void refusesBadSpecsWithTheRule() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MixtureSpec.parse("best")).getMessage()
                .startsWith("value \"best\" is not a known mixture; known: surrogate, exact:K@M"));
        assertEquals("value \"exact:0@10\": K must be >= 1 (exact:K@M)",
                assertThrows(IllegalArgumentException.class, () -> MixtureSpec.parse("exact:0@10")).getMessage());
        assertEquals("value \"exact:8\" must read exact:K@M (e.g. exact:8@100, exact:8@inf)",
                assertThrows(IllegalArgumentException.class, () -> MixtureSpec.parse("exact:8")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MixtureSpec.parse("exact:8@0")).getMessage()
                .startsWith("value \"exact:8@0\": M value 0 must be >= 1"));
        assertThrows(IllegalArgumentException.class, () -> MixtureSpec.parse("task:"));
    }

    @Test
    void resolvesOnTheTinyProblem() {
        Problem p = ProblemReader.read(Path.of("problems/tiny.json"));
        MixtureResolver r = MixtureResolver.of(p, false);
        List<Mixture> ms = r.resolveAll(List.of(MixtureSpec.parse("uniform"), MixtureSpec.parse("task:"
                + p.catalog().task(0).name()), MixtureSpec.SURROGATE));
        assertEquals(List.of("uniform", "task:" + p.catalog().task(0).name(), "surrogate"),
                ms.stream().map(Mixture::name).toList());
        assertEquals(1.0, ms.get(1).weights()[0]);
        // The surrogate weights are the solver's: the objective at them is no worse than any baseline's.
        double best = r.program().objective(ms.get(2).weights());
        for (Mixture b : r.allBaselines()) {
            assertTrue(r.program().objective(b.weights()) >= best - 1e-12, b.name());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> r.resolve("--mixture",
                MixtureSpec.parse("task:nope"))).getMessage().startsWith("--mixture: task \"nope\" is not in the catalog"));
    }

    @Test
    void testLengthParsesNumbersAndInfinity() {
        assertTrue(TestLength.parse("inf").infinite());
        assertTrue(TestLength.parse("Infinity").infinite());
        assertEquals(1_000_000_000_000L, TestLength.parse("1e12").value().getAsLong());
        assertEquals("100", TestLength.parse("100").toString());
        assertThrows(IllegalArgumentException.class, () -> TestLength.parse("2.5"));
        assertThrows(IllegalArgumentException.class, () -> TestLength.parse("0"));
        assertThrows(IllegalArgumentException.class, () -> TestLength.parse("1e30"));
        assertEquals("m: value 3000000000 must be at most 2147483647 here (or \"inf\")",
                assertThrows(IllegalArgumentException.class, () -> TestLength.parse("3e9").asInt("m")).getMessage());
    }
}
