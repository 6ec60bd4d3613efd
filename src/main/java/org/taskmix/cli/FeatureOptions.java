package org.taskmix.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.taskmix.catalog.Catalog;
import org.taskmix.catalog.Spelled;
import org.taskmix.io.InputException;
import org.taskmix.io.Manifest;
import org.taskmix.io.SampleFiles;
import org.taskmix.io.SampleRows;
import org.taskmix.report.TextTable;
import org.taskmix.validation.FeatureGap;
import org.taskmix.validation.PromptSource;
import org.taskmix.validation.Validation;
import picocli.CommandLine.Option;

/**
 * {@code validate --features gaussian|empirical} and where empirical rows come from
 * (docs/theory.md §9, "Empirical features"): the manifest {@code estimate --manifest} read (each
 * catalog task's rows by task name), the target's sample file ({@code estimate --target}), and
 * whether {@code estimate} centred them ({@code --center}). Also the gap between the measured
 * curve and the Gaussian prediction, in JSON and text.
 */
public final class FeatureOptions {

    /** Where prompt examples come from ({@code --features}). */
    enum Features implements Spelled {
        GAUSSIAN, EMPIRICAL;

        @Override
        public String toString() {
            return label();
        }
    }

    @Option(names = "--features", paramLabel = "gaussian|empirical", defaultValue = "gaussian",
            converter = Converters.FeaturesSpelling.class,
            description = "Prompt examples x: gaussian (N(0, Lambda) per task, N(0, Sigma) on the target; default) or"
                    + " empirical (a seeded bootstrap of each task's own sample rows, and of the target's rows; needs"
                    + " --feature-manifest and --feature-target). See docs/theory.md section 9.")
    Features features;

    @Option(names = "--feature-manifest", paramLabel = "FILE",
            description = "With --features empirical: the manifest the catalog was estimated from (estimate --manifest);"
                    + " every catalog task must have an entry of the same name.")
    Path manifest;

    @Option(names = "--feature-target", paramLabel = "FILE",
            description = "With --features empirical: the target's sample file (estimate --target).")
    Path target;

    @Option(names = "--feature-center",
            description = "With --features empirical: subtract each task's (and the target's) mean row, as estimate"
                    + " --center did; give it exactly when the catalog was estimated with --center.")
    boolean center;

    /** True for {@code --features empirical}. */
    boolean empirical() {
        return features == Features.EMPIRICAL;
    }

    /**
     * Refuses empirical features for {@code what} (e.g. {@code --model transformer}): only the LSA
     * trainer draws its prompts through {@code PromptSource}; the transformer samples Gaussian
     * prompts inside the engine (a documented limit, docs/theory.md §9.1).
     */
    void requireGaussian(String what) {
        if (empirical()) {
            throw new IllegalArgumentException("--features: value \"empirical\" needs --model lsa (the transformer"
                    + " trains on Gaussian prompts only), not " + what);
        }
    }

    /**
     * The rows to draw from, or null for Gaussian features.
     *
     * @throws IllegalArgumentException naming the missing option
     * @throws InputException naming the manifest and the task without rows, or a bad sample file
     */
    Validation.Features load(Catalog catalog) {
        if (!empirical()) {
            if (manifest != null || target != null || center) {
                throw new IllegalArgumentException("--feature-manifest, --feature-target, --feature-center: only used"
                        + " with --features empirical");
            }
            return null;
        }
        if (manifest == null || target == null) {
            throw new IllegalArgumentException("--features: value \"empirical\" needs --feature-manifest FILE (the"
                    + " manifest the catalog was estimated from) and --feature-target FILE (the target's samples)");
        }
        int d = catalog.dim();
        Map<String, Manifest.Entry> byName = new LinkedHashMap<>();
        for (Manifest.Entry e : Manifest.read(manifest)) {
            byName.put(e.name(), e);
        }
        double[][] rows = new double[catalog.size()][];
        for (int i = 0; i < catalog.size(); i++) {
            String name = catalog.task(i).name();
            Manifest.Entry e = byName.get(name);
            if (e == null) {
                throw InputException.at(manifest, null, "task \"" + name + "\" of the problem has no entry; empirical"
                        + " features draw each task's examples from its own rows, so every catalog task needs a"
                        + " manifest line of the same name");
            }
            SampleFiles.Selection sel = new SampleFiles.Selection(e.array(), e.column(), e.taskColumn(), e.taskValue());
            rows[i] = SampleRows.load(e.files(), sel, center, d).values();
        }
        double[] targetRows = SampleRows.load(List.of(target), null, center, d).values();
        return new Validation.Features(PromptSource.Empirical.of(d, rows),
                PromptSource.Empirical.of(d, new double[][] {targetRows}));
    }

    /** Adds {@code features} and {@code gap} (measured − Gaussian prediction per k) to a validate document. */
    void addJson(Map<String, Object> doc, List<FeatureGap> gaps) {
        doc.put("features", empirical() ? "empirical" : "gaussian");
        List<Map<String, Object>> list = new ArrayList<>();
        for (FeatureGap g : gaps) {
            list.add(Output.fields("k", g.k(), "measured", g.measured(), "predicted", g.predicted(), "gap", g.gap(),
                    "gapLow", g.gapLow(), "gapHigh", g.gapHigh(), "relativeGap", g.relativeGap(),
                    "significant", g.significant()));
        }
        doc.put("gap", list);
        doc.put("gapRule", "gap = measured mean - predicted mean (Gaussian theory, same m); 95% interval gap +- 1.96"
                + " sqrt(se_measured^2 + se_predicted^2), se from each mean's 95% interval");
    }

    /** The gap table for the text output (empty without a prediction). */
    String text(List<FeatureGap> gaps) {
        if (gaps.isEmpty()) {
            return "";
        }
        TextTable t = new TextTable("k", "measured", "predicted (Gaussian)", "gap", "gap ci low", "gap ci high",
                "relative gap");
        for (FeatureGap g : gaps) {
            t.row(g.k(), g.measured(), g.predicted(), g.gap(), g.gapLow(), g.gapHigh(), g.relativeGap());
        }
        return "\n" + (empirical() ? "empirical" : "gaussian") + " features: measured minus the Gaussian theory's"
                + " prediction (95% interval)\n" + t;
    }
}
