package org.taskmix.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;
import org.taskmix.validation.ProgressListener;

/**
 * Progress of the validation layer on the command's stderr. On a terminal: a progress bar (me.tongfei
 * progressbar) redrawn in place, one per phase ("train", "evaluate"). Otherwise (a log file, a pipe,
 * CI): plain lines, at most one every {@value #PLAIN_INTERVAL_MILLIS} ms plus one when a phase ends,
 * so captured logs hold no carriage-return redraws. With {@code --quiet}: nothing.
 */
final class ProgressBars implements ProgressListener {

    /** Widest rendering; progressbar would otherwise ask the terminal, which a pipe does not have. */
    private static final int WIDTH = 100;
    /** Redraw interval: often enough to look live, rarely enough to cost nothing. */
    private static final int UPDATE_MILLIS = 200;
    /** Plain lines at most this often: a log gets a heartbeat, not a flood. */
    static final long PLAIN_INTERVAL_MILLIS = 5000;

    private final PrintWriter err;
    private final boolean terminal;
    private final LongSupplier clockMillis;
    private ProgressBar bar;
    private String phase;
    private long total;
    private long done;
    private long lastLine;
    private long started;

    ProgressBars(PrintWriter err, boolean terminal, LongSupplier clockMillis) {
        this.err = err;
        this.terminal = terminal;
        this.clockMillis = clockMillis;
    }

    /**
     * A listener for {@code err}: a bar if stderr is a terminal, plain periodic lines if not,
     * none when progress is off ({@code --quiet}).
     */
    static ProgressListener on(PrintWriter err, boolean show) {
        return show ? new ProgressBars(err, isTerminal(), System::currentTimeMillis) : ProgressListener.NONE;
    }

    /**
     * True if the JVM runs on a terminal. {@code System.console()} is null when input or output is
     * redirected; from Java 22 it may be a non-null console that is not a terminal, which
     * {@code isTerminal()} (looked up reflectively, since this compiles for Java 17) says.
     */
    static boolean isTerminal() {
        java.io.Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true; // Java 17-21: a console exists only on a terminal
        }
    }

    @Override
    public void start(String phase, long total) {
        finish();
        this.phase = phase;
        this.total = total;
        this.done = 0;
        this.started = clockMillis.getAsLong();
        this.lastLine = started;
        if (!terminal) {
            return;
        }
        bar = new ProgressBarBuilder()
                .setTaskName(phase)
                .setInitialMax(total)
                .setUpdateIntervalMillis(UPDATE_MILLIS)
                .setConsumer(new WriterConsumer(err))
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                .build();
    }

    @Override
    public void advance(long done) {
        this.done = done;
        if (bar != null) {
            bar.stepTo(done);
            return;
        }
        long now = clockMillis.getAsLong();
        if (phase != null && now - lastLine >= PLAIN_INTERVAL_MILLIS) {
            lastLine = now;
            line(now);
        }
    }

    @Override
    public void finish() {
        if (bar != null) {
            bar.close();
            bar = null;
        } else if (phase != null) {
            line(clockMillis.getAsLong());
        }
        phase = null;
    }

    private void line(long now) {
        err.println(String.format(Locale.ROOT, "taskmix: %s %d/%d (%.0f%%), %.0f s", phase, done, total,
                total > 0 ? 100.0 * done / total : 100.0, (now - started) / 1000.0));
        err.flush();
    }

    /** Redraws the bar in place with a carriage return on a {@link PrintWriter}. */
    private static final class WriterConsumer implements ProgressBarConsumer {
        private final PrintWriter out;

        WriterConsumer(PrintWriter out) {
            this.out = out;
        }

        @Override
        public int getMaxRenderedLength() {
            return WIDTH;
        }

        @Override
        public void accept(String rendered) {
            String line = rendered.length() > WIDTH ? rendered.substring(0, WIDTH) : rendered;
            out.print('\r' + line);
            out.flush();
        }

        @Override
        public void close() {
            out.println();
            out.flush();
        }
    }
}
