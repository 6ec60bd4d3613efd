package org.taskmix.theory;

/**
 * The one definition of "a measurement agrees with the theory" (docs/theory.md §12): with the
 * standard errors recovered from the 95% half-widths, {@code se = (high − low) / (2·1.96)},
 *
 * <pre>z = (measured − predicted) / √(se_measured² + se_predicted²),   agrees ⇔ |z| ≤ 1.96.</pre>
 *
 * A two-sided z-test at the 5% level on the difference of two independent estimates. It is
 * stricter than "the two 95% intervals overlap" (which allows {@code |diff|} up to the sum of the
 * half-widths, not their root-sum-square) and is the rule {@code validate}, {@code compare} and
 * {@code reproduce} all use. A missing value (NaN) never agrees; two exact equal values do.
 *
 * @param z      the z-score (±∞ if both errors are 0 and the values differ, NaN if a value is missing)
 * @param agrees {@code |z| ≤ 1.96}
 */
public record Agreement(double z, boolean agrees) {

    /** The two-sided 95% normal quantile. */
    public static final double Z95 = 1.959963984540054;

    /** The rule, as written into JSON outputs. */
    public static final String RULE = "|measured - predicted| <= 1.96 * sqrt(se_measured^2 + se_predicted^2),"
            + " se = 95% half-width / 1.96";

    /**
     * Compares a measured value with its 95% interval against a predicted value with its own
     * (a predicted value without an interval passes {@code low = high = value}).
     */
    public static Agreement of(double measured, double measuredLow, double measuredHigh,
                               double predicted, double predictedLow, double predictedHigh) {
        double seM = (measuredHigh - measuredLow) / (2 * Z95);
        double seP = (predictedHigh - predictedLow) / (2 * Z95);
        double se = Math.sqrt(seM * seM + seP * seP);
        double diff = measured - predicted;
        if (Double.isNaN(diff) || Double.isNaN(se)) {
            return new Agreement(Double.NaN, false);
        }
        double z = se > 0 ? diff / se : (diff == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, diff));
        return new Agreement(z, Math.abs(z) <= Z95);
    }
}
