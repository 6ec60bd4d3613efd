package org.taskmix.theory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

import org.taskmix.selection.BoundedSimplex;

/**
 * The final stage of {@link SaaSelection} (docs/theory.md §7.3, "final selection and polish"):
 * after the stopping rule, the candidates (each round's {@code π̂} and every gap replication's
 * solution of the last two rounds, i.e. multi-start at the final {@code N}) are compared on one
 * large fresh sample with common random numbers; the best is re-solved on a sample
 * {@code polishFactor} times larger (warm start); the returned weights are whichever of that
 * polished point and the rule's {@code π̂} has the lower statistic on the same fresh sample.
 *
 * <p>Why: {@code J_K} has several local minima, and the mean is carried by rare prompts, so one
 * SAA solution at {@code N} prompts is a noisy estimate of the minimiser: on the acceptance check
 * its weights were up to 3% worse than the best of 20 restarts (the restarts gain from picking
 * the best of 20 noisy solutions on 100,000 fresh prompts). Choosing among the procedure's own
 * solutions on a large fresh sample and re-solving on many more prompts removes both handicaps.
 *
 * <p>Soundness: the choice uses its own fresh sample (seed mixed with {@link #SELECT_SEED_MIX}),
 * never the prompts of the final check. The change from {@code π̂} to the returned weights is then
 * measured on another independent fresh sample ({@link #CHECK_SEED_MIX}) as a paired difference
 * with a 95% interval; since {@code gap(x) = gap(π̂) + (J(x) − J(π̂))}, the returned weights' gap is
 * bounded by the gap bound of {@code π̂} plus the upper end of that difference (two one-sided 95%
 * bounds: joint coverage at least 90%).
 */
final class SaaFinal {

    /** Mixed into the seed of the selection sample. */
    static final long SELECT_SEED_MIX = 0xA54FF53A5F1D36F1L;

    /** Mixed into the seed of the polish sample. */
    static final long POLISH_SEED_MIX = 0x510E527FADE682D1L;

    /** Mixed into the seed of the paired check sample. */
    static final long CHECK_SEED_MIX = 0x1F83D9ABFB41BD6BL;

    /**
     * At most 2²⁴ doubles (128 MB) of test prompts are held at once: the selection and check
     * samples are drawn in blocks of that size, and the polish sample is capped by it (at
     * {@code d = 8}: 262,144 prompts; at {@code d = 50}: 6,710).
     */
    static final long MEMORY_DOUBLES = 1L << 24;

    /**
     * The selection sample holds at most 25 times the final {@code N} prompts: at {@code N = 4096}
     * that is 100,000, the size of the acceptance check's samples; at small {@code N}, where the
     * rule certified early, the candidates' differences are large and a smaller sample resolves them.
     */
    static final int SELECTION_PER_SAMPLE = 25;

    /** Two-sided 95% normal quantile (the paired difference's interval; thousands of prompts). */
    private static final double Z95 = 1.959963984540054;

    private SaaFinal() {
    }

    /** A candidate weight vector with where it came from and the {@code N} of its round. */
    record Candidate(String label, double[] weights, int samples) {
        Candidate {
            weights = weights.clone();
        }

        @Override
        public double[] weights() {
            return weights.clone();
        }
    }

    /**
     * Outcome of the final stage.
     *
     * @param polished          the polish solve (null if the polish sample could not be solved)
     * @param polishedChosen    true if the polished point is returned, false for the rule's {@code π̂}
     * @param candidates        candidates compared (the polished point not counted)
     * @param bestCandidate     label of the candidate that was polished
     * @param selectionSamples  prompts per target of the selection sample
     * @param scoreSolution     the statistic of {@code π̂} on the selection sample
     * @param scoreReturned     the statistic of the returned weights on the selection sample
     * @param checkSamples      prompts per target of the paired check
     * @param differenceMean    {@code J(returned) − J(π̂)} on the check sample (0 if {@code π̂} is returned)
     * @param differenceLow     lower end of its 95% interval
     * @param differenceHigh    upper end of its 95% interval
     * @param evaluations       objective-and-gradient evaluations of the polish solve
     * @param polishObjective   the polish sample's objective
     * @param polishSamples     prompts per target of the polish sample
     */
    record Outcome(ExactSelection.Result polished, boolean polishedChosen, int candidates, String bestCandidate,
                   int selectionSamples, double scoreSolution, double scoreReturned, int checkSamples,
                   double differenceMean, double differenceLow, double differenceHigh, int evaluations,
                   ExactObjective polishObjective, int polishSamples) {

        /** The public summary. */
        SaaChoice choice() {
            return new SaaChoice(candidates, bestCandidate, selectionSamples, polishSamples, polishedChosen,
                    scoreSolution, scoreReturned, checkSamples, differenceMean, differenceLow, differenceHigh);
        }
    }

    /**
     * Runs the stage.
     *
     * @param factory    builds the sampled objective on {@code (samples, seed)} prompts per target
     * @param solution   the stopping rule's {@code π̂}
     * @param candidates the other candidates
     * @param lastN      {@code N} of the last round
     * @param seed       the procedure's seed
     */
    static Outcome run(BiFunction<Integer, Long, ExactObjective> factory, double[] solution,
                       List<Candidate> candidates, int lastN, long seed, BoundedSimplex feasible,
                       ExactSelection.Settings inner, SaaSelection.Settings settings) {
        ExactObjective probe = factory.apply(1, seed);
        long perPrompt = (long) probe.dim() * probe.dim() * probe.targetWeights().length;
        int selectN = (int) Math.min(settings.selectionSamples(), (long) SELECTION_PER_SAMPLE * lastN);
        long selectSeed = seed ^ SELECT_SEED_MIX;
        List<double[]> points = new ArrayList<>();
        points.add(solution);
        for (Candidate c : candidates) {
            points.add(c.weights());
        }
        double[][] values = values(factory, points, selectN, selectSeed, perPrompt);
        ExactObjective.Statistic stat = probe.statistic();
        int best = 0;
        double scoreSolution = score(values[0], stat);
        double bestScore = scoreSolution;
        for (int i = 1; i < values.length; i++) {
            double s = score(values[i], stat);
            if (s < bestScore) {
                bestScore = s;
                best = i;
            }
        }
        String bestLabel = best == 0 ? "the rule's solution" : candidates.get(best - 1).label();
        int polishN = (int) Math.min((long) settings.polishFactor() * lastN,
                Math.max(lastN, MEMORY_DOUBLES / perPrompt));
        ExactObjective polishObj = factory.apply(polishN, seed ^ POLISH_SEED_MIX);
        ExactSelection.Result polished = ExactSelection.solve(polishObj, points.get(best), feasible, inner);
        if (polished.status() == ExactSelection.Status.NOT_FINITE) {
            return new Outcome(null, false, candidates.size(), bestLabel, selectN, scoreSolution, scoreSolution,
                    0, 0, 0, 0, polished.evaluations(), polishObj, polishN);
        }
        double[] pv = values(factory, List.of(polished.weights().toArray()), selectN, selectSeed, perPrompt)[0];
        double polishedScore = score(pv, stat);
        if (!(polishedScore < scoreSolution)) {
            return new Outcome(polished, false, candidates.size(), bestLabel, selectN, scoreSolution, scoreSolution,
                    0, 0, 0, 0, polished.evaluations(), polishObj, polishN);
        }
        // As many prompts as the selection sample: the difference's interval is added to the
        // gap bound, and at 20,000 prompts it was ±2% of J (acceptance check, problem 3).
        int checkN = selectN;
        double[][] check = values(factory, List.of(polished.weights().toArray(), solution), checkN, seed ^ CHECK_SEED_MIX,
                perPrompt);
        double[] diff = pairedDifference(check[0], check[1], stat, seed ^ CHECK_SEED_MIX);
        return new Outcome(polished, true, candidates.size(), bestLabel, selectN, scoreSolution, polishedScore,
                checkN, diff[0], diff[1], diff[2], polished.evaluations(), polishObj, polishN);
    }

    /**
     * Per-prompt values (weighted over targets) of every point on {@code samples} fresh prompts
     * per target drawn from {@code seed}, in blocks of at most {@link #MEMORY_DOUBLES} doubles;
     * every point sees the same prompts (common random numbers). A point where {@code M̄(π)} is
     * singular gets {@code +∞} everywhere.
     */
    static double[][] values(BiFunction<Integer, Long, ExactObjective> factory, List<double[]> points, int samples,
                             long seed, long perPrompt) {
        int block = (int) Math.max(64, Math.min(samples, MEMORY_DOUBLES / perPrompt));
        double[][] out = new double[points.size()][samples];
        SplittableRandom seeds = new SplittableRandom(seed);
        for (int from = 0; from < samples; from += block) {
            int size = Math.min(block, samples - from);
            ExactObjective obj = factory.apply(size, seeds.nextLong());
            for (int p = 0; p < points.size(); p++) {
                double[] v = obj.sampleValues(points.get(p));
                if (v == null) {
                    Arrays.fill(out[p], from, from + size, Double.POSITIVE_INFINITY);
                } else {
                    System.arraycopy(v, 0, out[p], from, size);
                }
            }
        }
        return out;
    }

    /** The statistic (mean or type-7 quantile) of per-prompt values. */
    static double score(double[] v, ExactObjective.Statistic stat) {
        if (stat.isMean()) {
            double s = 0;
            for (double x : v) {
                s += x;
            }
            return s / v.length;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        return ErrorSummary.quantileSorted(s, stat.quantile());
    }

    /**
     * {@code stat(a) − stat(b)} on paired prompts with a 95% interval: for the mean the normal
     * interval of the per-prompt differences; for a quantile the percentile interval of
     * {@link #BOOTSTRAP} paired bootstrap resamples (seeded).
     *
     * @return {mean, low, high}
     */
    static double[] pairedDifference(double[] a, double[] b, ExactObjective.Statistic stat, long seed) {
        int n = a.length;
        if (stat.isMean()) {
            double[] d = new double[n];
            double mean = 0;
            for (int i = 0; i < n; i++) {
                d[i] = a[i] - b[i];
                mean += d[i];
            }
            mean /= n;
            double ss = 0;
            for (double x : d) {
                ss += (x - mean) * (x - mean);
            }
            double half = Z95 * Math.sqrt(ss / (n - 1) / n);
            return new double[] {mean, mean - half, mean + half};
        }
        double point = score(a, stat) - score(b, stat);
        double[] boot = new double[BOOTSTRAP];
        SplittableRandom rng = new SplittableRandom(seed);
        double[] ra = new double[n];
        double[] rb = new double[n];
        for (int r = 0; r < BOOTSTRAP; r++) {
            for (int i = 0; i < n; i++) {
                int j = rng.nextInt(n);
                ra[i] = a[j];
                rb[i] = b[j];
            }
            boot[r] = score(ra, stat) - score(rb, stat);
        }
        Arrays.sort(boot);
        return new double[] {point, ErrorSummary.quantileSorted(boot, 0.025), ErrorSummary.quantileSorted(boot, 0.975)};
    }

    /**
     * Paired bootstrap resamples of a quantile difference: 400 put the 2.5% and 97.5% percentiles
     * on the 10th and 390th resample, enough for a bound that is only compared with 1% of J.
     */
    static final int BOOTSTRAP = 400;
}
