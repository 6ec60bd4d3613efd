package org.taskmix.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.taskmix.theory.Recommendation;

/**
 * The decision-first HTML report of {@code solve}, {@code compare} and {@code demo}
 * (docs/formats.md, "HTML report"): the recommendation first, then the provenance, the weights
 * as a sortable table, the error-vs-k plots on a readable scale, the caller's tables
 * (diagnostics, stability, …) and links to every file of the run.
 *
 * <pre>{@code
 * DecisionReport r = new DecisionReport(input, out.resolve("index.html"));
 * r.page().section("More").paragraph("…");   // optional extra sections
 * r.write();                                 // adds "Files" and writes the HTML and Markdown
 * }</pre>
 */
public final class DecisionReport {

    /** Section holding the weights table. */
    public static final String WEIGHTS_SECTION = "Weights";
    /** Section holding the error-vs-k plots. */
    public static final String ERRORS_SECTION = "Error against CoT steps";

    private final ReportInput input;
    private final Path html;
    private final HtmlReport page;
    private final Palette palette;
    private final List<ReportInput.FileLink> written = new ArrayList<>();

    /**
     * Builds the page and writes its plots next to {@code htmlFile} (named after it: {@code
     * index.html} gets {@code error-vs-k.png}, {@code run.html} gets {@code run-error-vs-k.png}).
     */
    public DecisionReport(ReportInput input, Path htmlFile) {
        this.input = Objects.requireNonNull(input, "input");
        this.html = htmlFile.toAbsolutePath().normalize();
        this.palette = Palette.of(input.mixtures().stream().map(ReportInput.MixtureWeights::name).toList());
        this.page = new HtmlReport(input.title()).provenance(input.provenance());
        build();
    }

    /** The page, for extra sections before {@link #write()}. */
    public HtmlReport page() {
        return page;
    }

    /** The colours of this run's mixtures (use it for every error-vs-k plot of the run). */
    public Palette palette() {
        return palette;
    }

    /** The file a plot named {@code name} (e.g. "weights.png") goes to: next to the HTML, named after it. */
    public Path sibling(String name) {
        String stem = html.getFileName().toString().replaceFirst("\\.html?$", "");
        return html.resolveSibling(stem.equals("index") ? name : stem + "-" + name);
    }

    /** Records a file the caller wrote for the page (listed under "Files"). */
    public DecisionReport wrote(Path file, String description) {
        written.add(new ReportInput.FileLink(file, description));
        return this;
    }

    /**
     * Adds the "Files" section and writes the HTML and its Markdown twin atomically ({@code
     * NAME.md} beside {@code NAME.html}; {@code report.md} beside {@code index.html}).
     */
    public void write() {
        String stem = html.getFileName().toString().replaceFirst("\\.html?$", "");
        // index.html's twin keeps the name the demo has always written.
        Path md = html.resolveSibling((stem.equals("index") ? "report" : stem) + ".md");
        List<String[]> links = new ArrayList<>();
        Map<Path, String> all = new LinkedHashMap<>();
        for (ReportInput.FileLink f : input.files()) {
            all.putIfAbsent(f.file().toAbsolutePath().normalize(), f.description());
        }
        for (ReportInput.FileLink f : written) {
            all.putIfAbsent(f.file().toAbsolutePath().normalize(), f.description());
        }
        all.put(md, "this report as Markdown");
        Path dir = html.getParent();
        for (Map.Entry<Path, String> e : all.entrySet()) {
            String rel = dir.relativize(e.getKey()).toString().replace('\\', '/');
            links.add(new String[] {rel, rel, e.getValue()});
        }
        page.section("Files").paragraph("Every file this run wrote, relative to this page.").links(links);
        page.write(html);
        page.writeMarkdown(md);
    }

    private void build() {
        Recommendation r = input.recommendation();
        if (r != null) {
            page.lead(headline(r), details(r));
        } else {
            page.lead("No recommendation: no mixture has a predicted error.", List.of());
        }
        weights();
        errors();
        for (ReportInput.Table t : input.tables()) {
            HtmlReport.Section s = section(t.section());
            if (t.intro() != null) {
                s.paragraph(t.intro());
            }
            s.sortableTable(t.caption(), t.header(), t.rows());
        }
    }

    /** The section with this heading, appended if new. */
    HtmlReport.Section section(String heading) {
        for (HtmlReport.Section s : page.sections()) {
            if (s.heading().equals(heading)) {
                return s;
            }
        }
        return page.section(heading);
    }

    private void weights() {
        if (input.mixtures().isEmpty()) {
            return;
        }
        List<String> fixed = new ArrayList<>(List.of("task"));
        input.taskColumns().forEach(c -> fixed.add(c.name()));
        // Column names are unique: a mixture named like a task column (the hardness baseline next to
        // the hardness feature) is shown as mixture:NAME, as in weights.csv.
        List<String> head = CsvTable.withMixtures(fixed,
                input.mixtures().stream().map(ReportInput.MixtureWeights::name).toList());
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < input.tasks().size(); i++) {
            List<Object> row = new ArrayList<>();
            row.add(input.tasks().get(i));
            for (ReportInput.Column c : input.taskColumns()) {
                row.add(c.values().get(i));
            }
            for (ReportInput.MixtureWeights m : input.mixtures()) {
                row.add(m.weights()[i]);
            }
            rows.add(row);
        }
        HtmlReport.Section s = section(WEIGHTS_SECTION)
                .paragraph("Weight of each task in each mixture, after the task's own columns (click a column"
                        + " header to sort).")
                .sortableTable(null, head, rows);
        List<List<Object>> notes = new ArrayList<>();
        for (ReportInput.MixtureWeights m : input.mixtures()) {
            if (!m.note().isEmpty()) {
                notes.add(List.of(m.name(), m.note()));
            }
        }
        if (!notes.isEmpty()) {
            s.table("How each mixture was made", List.of("mixture", "note"), notes);
        }
    }

    private void errors() {
        if (input.curves().isEmpty()) {
            return;
        }
        HtmlReport.Section s = section(ERRORS_SECTION);
        ChartInfo readable = Charts.errorVsK(input.curveTitle(), input.curves(), sibling("error-vs-k.png"), palette,
                Charts.Scale.READABLE);
        written.add(new ReportInput.FileLink(readable.file(), "error vs k, readable range"));
        s.figure(readable, html.getParent(), input.curveTitle() + " (range where the candidates lie; curves that"
                + " leave it are cut at the edge)");
        // The full range always gets its own file (a stable set of files); the page shows it
        // only when the readable chart had to cut a curve.
        ChartInfo full = Charts.errorVsK(input.curveTitle() + ", full range", input.curves(),
                sibling("error-vs-k-all.png"), palette, Charts.Scale.FULL);
        written.add(new ReportInput.FileLink(full.file(), "error vs k, full range (log scale)"));
        if (readable.notes().stream().anyMatch(n -> n.contains(Charts.LEAVES_RANGE))) {
            s.figure(full, html.getParent(), "The same curves on the full log range: the exploding mixtures");
        }
    }

    // ------------------------------------------------------------------ recommendation text

    /** "Pick NAME: predicted error E at k = K, m = M." */
    static String headline(Recommendation r) {
        return String.format(Locale.ROOT, "Pick %s: lowest predicted error %s at k = %d CoT steps, m = %s.",
                r.best().name(), TextTable.compact(r.best().error()), r.k(), mText(r));
    }

    /** Lines on the margins and on what the numbers are. */
    static List<String> details(Recommendation r) {
        List<String> out = new ArrayList<>();
        if (r.overRunnerUp() != null) {
            out.add("Runner-up " + margin(r.overRunnerUp()));
        }
        if (r.overReference() != null && (r.overRunnerUp() == null
                || !r.overReference().other().name().equals(r.overRunnerUp().other().name()))) {
            out.add("Against " + Recommendation.REFERENCE + ": " + margin(r.overReference()));
        } else if (r.overReference() == null && !r.best().name().equals(Recommendation.REFERENCE)
                && r.ranking().stream().noneMatch(c -> c.name().equals(Recommendation.REFERENCE))) {
            out.add("Uniform was not among the mixtures compared.");
        }
        if (r.m().isEmpty()) {
            out.add("At m = ∞ the prediction is a closed form: the errors and margins are exact.");
        } else {
            out.add("At finite m the errors are means over Monte Carlo test prompts, which are heavy-tailed"
                    + " (docs/theory.md §7): intervals are 95%.");
        }
        if (!r.unranked().isEmpty()) {
            out.add("Not ranked (no finite predicted error): " + String.join(", ", r.unranked()) + ".");
        }
        return out;
    }

    private static String margin(Recommendation.Margin m) {
        String head = String.format(Locale.ROOT, "%s: %s, %s higher (%s)", m.other().name(),
                TextTable.compact(m.other().error()), TextTable.compact(m.difference()),
                pct(m.relative()));
        return switch (m.kind()) {
            case EXACT -> head + "; exact.";
            case PAIRED -> head + String.format(Locale.ROOT, "; 95%% interval of the margin [%s, %s], paired on %d common"
                    + " test prompts%s.", TextTable.compact(m.low()), TextTable.compact(m.high()), m.prompts(),
                    m.clear() ? "" : ": the interval includes 0, so the two are not told apart at this sample size");
            case UNPAIRED -> head + String.format(Locale.ROOT, "; interval [%s, %s] from the two 95%% intervals (not paired:"
                    + " no common prompts)%s.", TextTable.compact(m.low()), TextTable.compact(m.high()),
                    m.clear() ? "" : ": it includes 0, so the two are not told apart");
        };
    }

    private static String pct(double x) {
        if (!Double.isFinite(x)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.1f%% of its error", 100 * x);
    }

    private static String mText(Recommendation r) {
        return r.m().isPresent() ? Long.toString(r.m().getAsLong()) : "∞";
    }
}
