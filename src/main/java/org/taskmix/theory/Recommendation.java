package org.taskmix.theory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.SplittableRandom;

import org.taskmix.linalg.Moments;

/**
 * Which mixture to pick: the candidate with the lowest predicted error at one CoT length
 * {@code k} and test length {@code m}, with its margin over the runner-up and over a reference
 * mixture (uniform), each with a 95% interval (docs/formats.md, "HTML report").
 *
 * <p><b>Why the intervals differ in kind.</b> At {@code m = ∞} a prediction is a closed form: the
 * margin is exact and has no interval ({@link Kind#EXACT}). At finite {@code m} the errors are
 * Monte Carlo means over test prompts with heavy tails (docs/theory.md §7.1), so the margin is
 * uncertain. When both candidates were evaluated on the same prompts (same draws of
 * {@code Ŝ_m}: same seed and sample count; compare and demo use one seed for all
 * mixtures), the margin is the mean of the per-prompt differences and its interval a percentile
 * bootstrap of that mean ({@link Kind#PAIRED}): common prompts cancel most of the prompt-to-prompt
 * spread. Otherwise the interval is the crude difference of the two 95% intervals
 * ({@code [lo_other − hi_best, hi_other − lo_best]}, at least 90% coverage when both hold) and is
 * marked {@link Kind#UNPAIRED}. The BCa correction of {@link ErrorSummary} is not used here: it
 * relies on non-negative values, and differences have either sign.
 *
 * @param k       CoT length the candidates were compared at
 * @param m       test prompt length, empty for {@code m = ∞}
 * @param ranking candidates with a finite error, lowest first (ties keep input order)
 * @param best    the recommended candidate ({@code ranking.get(0)})
 * @param overRunnerUp margin over the second-ranked candidate, or null if there is none
 * @param overReference margin over the reference mixture, or null if the reference is the best,
 *                      is missing or has no finite error
 * @param unranked names of candidates without a finite error (no prediction, or overflow)
 */
public record Recommendation(int k, OptionalLong m, List<Candidate> ranking, Candidate best, Margin overRunnerUp,
                             Margin overReference, List<String> unranked) {

    /** The reference mixture every recommendation is compared with. */
    public static final String REFERENCE = "uniform";
    /** Bootstrap resamples of a paired mean difference (percentiles at 2.5%/97.5% need about a thousand). */
    public static final int BOOTSTRAP_RESAMPLES = 1000;
    /** Two-sided level of every interval. */
    public static final double LEVEL = 0.95;

    public Recommendation {
        Objects.requireNonNull(m, "m");
        ranking = List.copyOf(ranking);
        unranked = List.copyOf(unranked);
    }

    /** How a margin's interval was obtained. */
    public enum Kind {
        /** Both errors are closed forms ({@code m = ∞}, or the exact one-step formula): no interval. */
        EXACT,
        /** Mean of per-prompt differences on common prompts, percentile bootstrap interval. */
        PAIRED,
        /** Difference of two independent 95% intervals (no common prompts known). */
        UNPAIRED
    }

    /**
     * One mixture's predicted error at {@code k}.
     *
     * @param name       mixture name
     * @param error      predicted error (mean over test prompts at finite m), NaN if none
     * @param ciLow      lower end of its 95% interval (equal to {@code error} if exact)
     * @param ciHigh     upper end
     * @param exact      true if {@code error} is a closed form (no Monte Carlo)
     * @param perPrompt  per-prompt errors whose mean is {@code error} (prompt order), or null
     * @param promptSeed seed of the prompt draws behind {@code perPrompt}; pairing needs equal seeds
     */
    public record Candidate(String name, double error, double ciLow, double ciHigh, boolean exact, double[] perPrompt,
                            long promptSeed) {
        public Candidate {
            Objects.requireNonNull(name, "name");
            perPrompt = perPrompt == null ? null : perPrompt.clone();
        }

        @Override
        public double[] perPrompt() {
            return perPrompt == null ? null : perPrompt.clone();
        }

        /** A candidate known exactly (a closed form). */
        public static Candidate exact(String name, double error) {
            return new Candidate(name, error, error, error, true, null, 0);
        }

        /** The point of {@code prediction} at {@code k}, with its per-prompt values if kept. */
        public static Candidate of(String name, Prediction prediction, int k) {
            Prediction.Point p = prediction.curve().stream().filter(q -> q.k() == k).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("prediction of " + name + " has no k = " + k));
            boolean exact = p.method() != Prediction.Method.MONTE_CARLO;
            return new Candidate(name, p.error(), p.ciLow(), p.ciHigh(), exact, exact ? null : promptErrors(prediction, k),
                    prediction.settings().seed());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Candidate c && name.equals(c.name) && Double.compare(error, c.error) == 0
                    && Double.compare(ciLow, c.ciLow) == 0 && Double.compare(ciHigh, c.ciHigh) == 0 && exact == c.exact
                    && Arrays.equals(perPrompt, c.perPrompt) && promptSeed == c.promptSeed;
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, error, ciLow, ciHigh, exact, Arrays.hashCode(perPrompt), promptSeed);
        }

        @Override
        public String toString() {
            return "Candidate[" + name + ", error=" + error + ", ci=[" + ciLow + ", " + ciHigh + "]"
                    + (exact ? ", exact" : "") + (perPrompt == null ? "" : ", " + perPrompt.length + " prompts") + "]";
        }
    }

    /**
     * How much better the best candidate is than {@code other}: {@code other.error − best.error}
     * (positive when the best is better, which it is by construction) with a 95% interval.
     *
     * @param other      the candidate compared with
     * @param difference {@code other.error − best.error}
     * @param low        lower end of the interval ({@code = difference} when exact)
     * @param high       upper end
     * @param kind       how the interval was obtained
     * @param prompts    number of common prompts when paired, else 0
     */
    public record Margin(Candidate other, double difference, double low, double high, Kind kind, int prompts) {

        /** True if the whole interval lies above 0: the best is better beyond the Monte Carlo noise. */
        public boolean clear() {
            return low > 0;
        }

        /** The margin relative to the other's error ({@code difference / other.error}). */
        public double relative() {
            return difference / other.error();
        }
    }

    /**
     * Ranks {@code candidates} and measures the margins of the best one.
     *
     * @param seed seed of the bootstrap of paired differences
     * @throws IllegalArgumentException if no candidate has a finite error, or two share a name
     */
    public static Recommendation of(List<Candidate> candidates, int k, OptionalLong m, long seed) {
        List<Candidate> ranked = new ArrayList<>();
        List<String> unranked = new ArrayList<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Candidate c : candidates) {
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("candidate \"" + c.name() + "\" appears twice");
            }
            if (Double.isFinite(c.error())) {
                ranked.add(c);
            } else {
                unranked.add(c.name());
            }
        }
        if (ranked.isEmpty()) {
            throw new IllegalArgumentException("no candidate has a finite predicted error at k = " + k);
        }
        ranked.sort(Comparator.comparingDouble(Candidate::error));
        Candidate best = ranked.get(0);
        Margin runnerUp = ranked.size() > 1 ? margin(best, ranked.get(1), seed) : null;
        Margin reference = null;
        for (Candidate c : ranked) {
            if (c.name().equals(REFERENCE) && c != best) {
                reference = margin(best, c, seed);
            }
        }
        return new Recommendation(k, m, ranked, best, runnerUp, reference, unranked);
    }

    /** The margin of {@code best} over {@code other}. */
    static Margin margin(Candidate best, Candidate other, long seed) {
        double diff = other.error() - best.error();
        if (best.exact() && other.exact()) {
            return new Margin(other, diff, diff, diff, Kind.EXACT, 0);
        }
        double[] a = best.perPrompt();
        double[] b = other.perPrompt();
        if (a != null && b != null && a.length == b.length && a.length >= 2 && best.promptSeed() == other.promptSeed()) {
            double[] d = new double[a.length];
            boolean finite = true;
            for (int i = 0; i < d.length; i++) {
                d[i] = b[i] - a[i];
                finite &= Double.isFinite(d[i]);
            }
            if (finite) {
                double[] ci = bootstrapMean(d, seed);
                // The margin is the paired mean; it equals the difference of the two means up to rounding.
                return new Margin(other, Moments.mean(d), ci[0], ci[1], Kind.PAIRED, d.length);
            }
        }
        return new Margin(other, diff, other.ciLow() - best.ciHigh(), other.ciHigh() - best.ciLow(), Kind.UNPAIRED, 0);
    }

    /** Percentile-bootstrap {@link #LEVEL} interval of the mean of {@code d}, seeded. */
    static double[] bootstrapMean(double[] d, long seed) {
        int n = d.length;
        SplittableRandom rng = new SplittableRandom(seed);
        double[] means = new double[BOOTSTRAP_RESAMPLES];
        for (int r = 0; r < BOOTSTRAP_RESAMPLES; r++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += d[rng.nextInt(n)];
            }
            means[r] = s / n;
        }
        Arrays.sort(means);
        double tail = (1 - LEVEL) / 2;
        return new double[] {ErrorSummary.quantileSorted(means, tail), ErrorSummary.quantileSorted(means, 1 - tail)};
    }

    /**
     * Per-prompt errors of {@code prediction} at {@code k}: prompt {@code i}'s error averaged over
     * {@code w*}, combined over targets with {@link TargetAggregate}'s weights (the values whose
     * mean is the predicted error). Null when the prediction kept no samples ({@code m = ∞}).
     */
    public static double[] promptErrors(Prediction prediction, int k) {
        int j = Arrays.binarySearch(prediction.settings().ks(), k);
        if (j < 0) {
            throw new IllegalArgumentException("prediction has no k = " + k);
        }
        List<Prediction.TargetPrediction> targets = prediction.targets();
        double total = 0;
        for (Prediction.TargetPrediction t : targets) {
            if (t.samples() == null) {
                return null;
            }
            total += t.weight();
        }
        int n = targets.get(0).samples().expected().length;
        double[] out = new double[n];
        for (Prediction.TargetPrediction t : targets) {
            double w = targets.size() == 1 ? 1 : t.weight() / total;
            double[][] x = t.samples().expected();
            for (int i = 0; i < n; i++) {
                out[i] += w * x[i][j];
            }
        }
        return out;
    }
}
