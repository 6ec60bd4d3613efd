package org.taskmix.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic sample inputs shaped like the paper's task-selection set-up: 12 tasks in four
 * groups with hardness 40–4000, and error-vs-k curves for three mixtures (one overthinking).
 * Used by the chart tests and by {@link ChartSamples} to render figures for eyeballing.
 */
final class SampleData {

    static final String[] GROUPS = {"Easy-Short", "Easy-Long", "Hard-Short", "Hard-Long"};

    private SampleData() {
    }

    /** 12 tasks: name, group, hardness, weight (weights sum to 1). */
    static List<TaskPoint> tasks() {
        double[] hardness = {40, 55, 75, 120, 160, 230, 900, 1400, 2100, 2500, 3200, 4000};
        double[] weight = {0.02, 0.0, 0.01, 0.05, 0.03, 0.04, 0.14, 0.11, 0.09, 0.21, 0.18, 0.12};
        List<TaskPoint> out = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String group = GROUPS[(i / 3 < 2 ? 0 : 2) + (i % 2)];
            out.add(new TaskPoint("task-" + (char) ('a' + i), group, hardness[i], weight[i]));
        }
        return out;
    }

    static List<TaskBar> bars() {
        return tasks().stream().map(p -> new TaskBar(p.name(), p.group(), p.weight())).toList();
    }

    static int[] ks(int max) {
        int[] k = new int[max];
        for (int i = 0; i < max; i++) {
            k[i] = i + 1;
        }
        return k;
    }

    /**
     * Measured (with a ±12% CI) and theory curves for three mixtures over k = 1..32. "optimal"
     * and "uniform" decay geometrically; "easy-only" first falls then rises (overthinking).
     */
    static List<Curve> curves() {
        int[] k = ks(32);
        List<Curve> out = new ArrayList<>();
        String[] names = {"optimal", "uniform", "easy-only"};
        for (String name : names) {
            double[] theory = new double[k.length];
            double[] measured = new double[k.length];
            double[] lo = new double[k.length];
            double[] hi = new double[k.length];
            for (int i = 0; i < k.length; i++) {
                double kk = k[i];
                theory[i] = switch (name) {
                    case "optimal" -> 0.9 * Math.pow(0.82, kk) + 2e-4;
                    case "uniform" -> 0.95 * Math.pow(0.9, kk) + 1e-3;
                    default -> 0.6 * Math.pow(0.8, kk) + 0.004 * Math.pow(1.12, kk);
                };
                // A fixed deterministic wiggle stands in for Monte-Carlo noise.
                measured[i] = theory[i] * (1 + 0.06 * Math.sin(1.7 * kk + name.length()));
                lo[i] = measured[i] * 0.88;
                hi[i] = measured[i] * 1.12;
            }
            out.add(Curve.measured(name + " (measured)", name, k, measured, lo, hi));
            out.add(Curve.theory(name + " (theory)", name, k, theory));
        }
        return out;
    }
}
