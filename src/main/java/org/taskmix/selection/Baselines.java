package org.taskmix.selection;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.taskmix.catalog.Problem;
import org.taskmix.selection.baseline.Baseline;
import org.taskmix.selection.baseline.BaselineContext;
import org.taskmix.selection.baseline.BestSingle;
import org.taskmix.selection.baseline.GroupOnly;
import org.taskmix.selection.baseline.ProportionalTo;
import org.taskmix.selection.baseline.Size;
import org.taskmix.selection.baseline.TargetNearest;
import org.taskmix.selection.baseline.Uniform;

/**
 * The one list of baseline mixtures (docs/theory.md §12): every command that names mixtures
 * takes its baseline names from {@link #ALL}. Each rule is a class in
 * {@code org.taskmix.selection.baseline}; adding one is that class plus its line here.
 */
public final class Baselines {

    /** Every baseline, in the order reports list them. */
    public static final List<Baseline> ALL = List.of(new Uniform(), new Size(), ProportionalTo.hardness(),
            ProportionalTo.relevance(), new BestSingle(), new GroupOnly("easy"), new GroupOnly("hard"), new TargetNearest());

    /** The baselines the paper compares the selected mixtures with (trained by {@code demo} and {@code reproduce}). */
    public static final List<String> PAPER = List.of("uniform", "easy-only", "hard-only");

    private Baselines() {
    }

    /** The names of {@link #ALL}, in order. */
    public static List<String> names() {
        return ALL.stream().map(Baseline::name).toList();
    }

    /** The baseline called {@code name}, if any. */
    public static Optional<Baseline> named(String name) {
        return ALL.stream().filter(b -> b.name().equals(name)).findFirst();
    }

    /** Every applicable baseline for {@code problem} (whose program is {@code sp}). */
    public static List<Mixture> of(Problem problem, SelectionProblem sp) {
        BaselineContext c = new BaselineContext(problem, sp);
        List<Mixture> out = new ArrayList<>();
        for (Baseline b : ALL) {
            b.mixture(c).ifPresent(out::add);
        }
        return out;
    }
}
