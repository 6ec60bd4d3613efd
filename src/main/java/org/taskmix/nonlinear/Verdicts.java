package org.taskmix.nonlinear;

import static org.taskmix.nonlinear.NonlinearExperiments.fmt;

import java.util.ArrayList;
import java.util.List;

import org.taskmix.nonlinear.NonlinearExperiments.Cell;
import org.taskmix.nonlinear.NonlinearExperiments.Condition;
import org.taskmix.nonlinear.NonlinearExperiments.Outcome;
import org.taskmix.nonlinear.NonlinearExperiments.RankCorrelation;

/**
 * The paper's trends, checked on the seed-averaged medians of a transformer experiment and
 * stated in numbers (docs/theory.md §9). A trend holds only if it holds for every condition it
 * is about; "REPRODUCED" and "NOT REPRODUCED" are the only words used, each with its numbers.
 */
final class Verdicts {

    private Verdicts() {
    }

    private static String word(boolean ok) {
        return ok ? "REPRODUCED" : "NOT REPRODUCED";
    }

    /** Error falls with k for every n; larger n is lower at k = 1; short n catches long n's k = 1. */
    static List<String> computeVsContext(Outcome o) {
        return perKTrain(o, Verdicts::computeVsContextAt);
    }

    /** Error rises with k (after its best k) for every n, faster for larger n. */
    static List<String> overthinking(Outcome o) {
        return perKTrain(o, Verdicts::overthinkingAt);
    }

    /** The verdict lines of one K_train, each starting with its {@code tag}. */
    @FunctionalInterface
    private interface KTrainVerdicts {
        void add(Outcome o, int kTrain, String tag, List<String> out);
    }

    /** The lines of {@code verdicts} for every K_train of the plan, in its order, tagged "K_train = K: ". */
    private static List<String> perKTrain(Outcome o, KTrainVerdicts verdicts) {
        List<String> out = new ArrayList<>();
        for (int kTrain : o.plan().kTrains()) {
            verdicts.add(o, kTrain, "K_train = " + kTrain + ": ", out);
        }
        return out;
    }

    private static void computeVsContextAt(Outcome o, int kTrain, String tag, List<String> out) {
        int kMax = o.plan().kMax();
        List<Condition> cs = o.conditions();
        boolean falls = true;
        StringBuilder detail = new StringBuilder();
        for (Condition c : cs) {
            Cell a = o.cell(c.name(), kTrain, 1);
            Cell b = best(o, c.name(), kTrain);
            Cell z = o.cell(c.name(), kTrain, kMax);
            boolean f = z.median() < a.median();
            falls &= f;
            detail.append(detail.length() == 0 ? "" : "; ").append(c.name()).append(": k=1 ").append(fmt(a.median()))
                    .append(" -> k=").append(kMax).append(' ').append(fmt(z.median())).append(" (best k=")
                    .append(b.k()).append(' ').append(fmt(b.median())).append(')');
        }
        out.add(tag + word(falls) + " - more test-time compute lowers the error for every n (median over test"
                + " prompts, mean over seeds): " + detail + ".");
        if (cs.size() >= 2) {
            Condition shortest = cs.get(0);
            Condition longest = cs.get(cs.size() - 1);
            Cell s1 = o.cell(shortest.name(), kTrain, 1);
            Cell l1 = o.cell(longest.name(), kTrain, 1);
            out.add(tag + word(l1.median() < s1.median()) + " - a longer training context is better at k = 1: "
                    + longest.name() + " " + fmt(l1.median()) + " vs " + shortest.name() + " " + fmt(s1.median()) + ".");
            int catchK = -1;
            for (int k = 1; k <= kMax; k++) {
                if (o.cell(shortest.name(), kTrain, k).median() <= l1.median()) {
                    catchK = k;
                    break;
                }
            }
            out.add(tag + word(catchK > 1) + " - more compute stands in for context: " + shortest.name()
                    + (catchK > 0 ? " reaches " + longest.name() + "'s one-step error " + fmt(l1.median()) + " at k = "
                    + catchK : " never reaches " + longest.name() + "'s one-step error " + fmt(l1.median())
                    + " within k <= " + kMax) + ".");
        }
    }

    private static void overthinkingAt(Outcome o, int kTrain, String tag, List<String> out) {
        int kMax = o.plan().kMax();
        List<Condition> cs = o.conditions();
        boolean rises = true;
        StringBuilder detail = new StringBuilder();
        double[] growth = new double[cs.size()];
        for (int i = 0; i < cs.size(); i++) {
            Condition c = cs.get(i);
            Cell b = best(o, c.name(), kTrain);
            Cell z = o.cell(c.name(), kTrain, kMax);
            rises &= b.k() < kMax && z.median() > b.median();
            growth[i] = z.median() / b.median();
            detail.append(detail.length() == 0 ? "" : "; ").append(c.name()).append(": best k=").append(b.k())
                    .append(' ').append(fmt(b.median())).append(" -> k=").append(kMax).append(' ')
                    .append(fmt(z.median())).append(" (x").append(fmt(growth[i])).append(')');
        }
        out.add(tag + word(rises) + " - longer chains hurt when the target's skills are missing from training"
                + " (error at k = " + kMax + " above the best k; median over test prompts, mean over seeds): "
                + detail + ".");
        if (cs.size() >= 2) {
            boolean faster = true;
            for (int i = 1; i < cs.size(); i++) {
                faster &= growth[i] > growth[i - 1];
            }
            StringBuilder g = new StringBuilder();
            for (int i = 0; i < cs.size(); i++) {
                g.append(i == 0 ? "" : ", ").append(cs.get(i).name()).append(" x").append(fmt(growth[i]));
            }
            out.add(tag + word(faster && rises) + " - the error grows faster for larger n (growth from the best k to k = "
                    + kMax + ": " + g + ").");
        }
    }

    /** The theory's ranking of mixtures × k holds for the transformer; selected beats baselines. */
    static List<String> taskSelection(Outcome o) {
        List<String> out = new ArrayList<>();
        for (RankCorrelation r : o.ranks()) {
            boolean ok = r.low() > 0;
            out.add("K_train = " + r.kTrain() + ": " + word(ok) + " - the theory's ranking holds for the transformer"
                    + " (Spearman rho between the linear theory's predicted mean error and the measured " + r.statistic()
                    + " over " + r.pairs() + " (mixture, k) pairs: " + fmt(r.rho()) + ", 95% bootstrap interval over seeds ["
                    + fmt(r.low()) + ", " + fmt(r.high()) + "]; reproduced means the interval lies above 0).");
        }
        out.addAll(perKTrain(o, Verdicts::selectedBeatsBaselinesAt));
        return out;
    }

    private static void selectedBeatsBaselinesAt(Outcome o, int kTrain, String tag, List<String> out) {
        int kMax = o.plan().kMax();
        List<Condition> cs = o.conditions();
        for (String sel : List.of(cs.get(0).name(), cs.get(1).name())) {
            for (String base : List.of("uniform", "easy-only")) {
                if (cs.stream().noneMatch(c -> c.name().equals(base))) {
                    continue;
                }
                int better = 0;
                StringBuilder d = new StringBuilder();
                for (int k : new int[] {1, kMax}) {
                    Cell a = o.cell(sel, kTrain, k);
                    Cell b = o.cell(base, kTrain, k);
                    d.append(d.length() == 0 ? "" : "; ").append("k=").append(k).append(": ").append(fmt(a.median()))
                            .append(" vs ").append(fmt(b.median()));
                    if (a.median() < b.median()) {
                        better++;
                    }
                }
                out.add(tag + word(better == 2) + " - " + sel + " beats " + base
                        + " on the transformer at k = 1 and k = " + kMax + " (median, mean over seeds): " + d + ".");
            }
        }
    }

    /** The k with the lowest seed-averaged median. */
    private static Cell best(Outcome o, String condition, int kTrain) {
        Cell b = null;
        for (int k = 1; k <= o.plan().kMax(); k++) {
            Cell c = o.cell(condition, kTrain, k);
            if (b == null || c.median() < b.median()) {
                b = c;
            }
        }
        return b;
    }
}
