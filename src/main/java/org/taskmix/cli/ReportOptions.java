package org.taskmix.cli;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.taskmix.catalog.Problem;
import org.taskmix.io.InputException;
import org.taskmix.io.Provenance;
import org.taskmix.report.HtmlReport;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --report [FILE.html]}: the decision-first HTML report of {@code solve}, {@code compare}
 * and {@code demo} (docs/formats.md, "HTML report"), and the provenance shown in its header
 * (date, taskmix version, command line, seed).
 */
public final class ReportOptions {

    /** taskmix version shown in reports (the top-level command's {@code --version}). */
    static final String VERSION = "taskmix " + Provenance.VERSION;

    @Option(names = "--report", paramLabel = "FILE.html", arity = "0..1", fallbackValue = "",
            description = "Write the decision-first HTML report (which mixture to pick and by how much, a sortable"
                    + " weights table, error-vs-k plots, diagnostics, links to every file) to FILE.html, with its"
                    + " plots and a Markdown copy beside it; without FILE, into the --out folder.")
    String report;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;


    /** True if a report was asked for. */
    boolean requested() {
        return report != null;
    }

    /**
     * The HTML file: FILE if given, else {@code out/defaultName}.
     *
     * @throws InputException if neither FILE nor {@code --out} was given, or FILE is not .html
     */
    Path file(Path out, String defaultName) {
        if (!report.isEmpty()) {
            Path p = Path.of(report);
            if (!report.endsWith(".html") && !report.endsWith(".htm")) {
                throw new InputException("--report: value \"" + report + "\" must name an .html file");
            }
            return p;
        }
        if (out == null) {
            throw new InputException("--report: give a file (--report FILE.html) or a folder with --out DIR");
        }
        return out.resolve(defaultName);
    }

    /** Refuses a bad {@code --report} before any work is done (nothing if no report was asked for). */
    void check(Path out, String defaultName) {
        if (requested()) {
            file(out, defaultName);
        }
    }

    /** The command line as typed (arguments with spaces or quotes are single-quoted). */
    String commandLine() {
        List<String> args = mixee.root().commandLine().getParseResult().originalArgs();
        StringBuilder sb = new StringBuilder("taskmix");
        for (String a : args) {
            sb.append(' ').append(a.matches("[A-Za-z0-9_./:@=,+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return sb.toString();
    }

    /**
     * The run's start, UTC to the second: the provenance's start time, which
     * {@code SOURCE_DATE_EPOCH} fixes so two runs with the same seed give the same bytes.
     */
    String date() {
        return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(Provenance.startInstant().truncatedTo(ChronoUnit.SECONDS)
                .atZone(ZoneOffset.UTC)) + " UTC";
    }

    /** Provenance of a report on {@code problem}. */
    HtmlReport.Provenance provenance(Problem problem, Long seed) {
        return new HtmlReport.Provenance(problem.name(), problem.source(), seed, VERSION, date(), commandLine());
    }
}
