package org.taskmix.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import org.taskmix.theory.Recommendation;

/**
 * Everything a decision-first report shows, as plain values (docs/formats.md, "HTML report").
 * Commands fill it from whatever study they ran; {@link DecisionReport} turns it into a page.
 *
 * @param title          page title
 * @param provenance     date, version, command line, seed, problem
 * @param recommendation which mixture to pick, or null if nothing was predicted
 * @param tasks          task names, catalog order
 * @param taskColumns    per-task values shown before the weights (e.g. group, hardness), may be empty
 * @param mixtures       the mixtures, in the order the run lists them
 * @param curves         error-vs-k curves of the mixtures (grouped by mixture name), may be empty
 * @param curveTitle     what the curves show, e.g. "Predicted CoT error on target (m = 100)"
 * @param tables         further tables in order (errors per k, diagnostics, weight stability)
 * @param files          other files the run wrote (linked from the page), may be empty
 */
public record ReportInput(String title, HtmlReport.Provenance provenance, Recommendation recommendation,
                          List<String> tasks, List<Column> taskColumns, List<MixtureWeights> mixtures,
                          List<Curve> curves, String curveTitle, List<Table> tables, List<FileLink> files) {

    public ReportInput {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(provenance, "provenance");
        tasks = List.copyOf(tasks);
        taskColumns = List.copyOf(taskColumns);
        mixtures = List.copyOf(mixtures);
        curves = List.copyOf(curves);
        tables = List.copyOf(tables);
        files = List.copyOf(files);
        for (Column c : taskColumns) {
            if (c.values().size() != tasks.size()) {
                throw new IllegalArgumentException("task column " + c.name() + ": " + c.values().size()
                        + " values for " + tasks.size() + " tasks");
            }
        }
        for (MixtureWeights m : mixtures) {
            if (m.weights().length != tasks.size()) {
                throw new IllegalArgumentException("mixture " + m.name() + ": " + m.weights().length
                        + " weights for " + tasks.size() + " tasks");
            }
        }
    }

    /** A per-task column (values are numbers or text, one per task). */
    public record Column(String name, List<?> values) {
        public Column {
            Objects.requireNonNull(name, "name");
            values = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
        }
    }

    /**
     * One mixture's weights.
     *
     * @param name    mixture name
     * @param note    how it was made (may be empty)
     * @param weights weight per task, catalog order
     */
    public record MixtureWeights(String name, String note, double[] weights) {
        public MixtureWeights {
            Objects.requireNonNull(name, "name");
            note = note == null ? "" : note;
            weights = weights.clone();
        }

        @Override
        public double[] weights() {
            return weights.clone();
        }
    }

    /**
     * A table of the report.
     *
     * @param section heading of the section it goes in
     * @param caption caption (may be null)
     * @param intro   paragraph before it (may be null)
     * @param header  column names
     * @param rows    rows (cells: numbers, text or null)
     */
    public record Table(String section, String caption, String intro, List<String> header, List<List<Object>> rows) {
        public Table {
            Objects.requireNonNull(section, "section");
            header = List.copyOf(header);
            rows = rows.stream().map(r -> java.util.Collections.unmodifiableList(new java.util.ArrayList<Object>(r)))
                    .toList();
        }
    }

    /**
     * A file of the run, linked from the report.
     *
     * @param file        the file
     * @param description what it holds
     */
    public record FileLink(Path file, String description) {
        public FileLink {
            Objects.requireNonNull(file, "file");
            description = description == null ? "" : description;
        }
    }
}
