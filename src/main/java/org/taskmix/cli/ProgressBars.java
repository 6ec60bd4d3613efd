package org.taskmix.cli;

import java.io.PrintWriter;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;
import org.taskmix.validation.ProgressListener;

/**
 * Progress of the validation layer as a terminal progress bar (me.tongfei progressbar) on the
 * command's stderr. One bar per phase ("train", "evaluate").
 */
final class ProgressBars implements ProgressListener {

    /** Widest rendering; progressbar would otherwise ask the terminal, which a pipe does not have. */
    private static final int WIDTH = 100;
    /** Redraw interval: often enough to look live, rarely enough to cost nothing. */
    private static final int UPDATE_MILLIS = 200;

    private final PrintWriter err;
    private ProgressBar bar;

    ProgressBars(PrintWriter err) {
        this.err = err;
    }

    /** A listener that draws bars on {@code err}, or none when progress is off. */
    static ProgressListener on(PrintWriter err, boolean show) {
        return show ? new ProgressBars(err) : ProgressListener.NONE;
    }

    @Override
    public void start(String phase, long total) {
        finish();
        bar = new ProgressBarBuilder()
                .setTaskName(phase)
                .setInitialMax(total)
                .setUpdateIntervalMillis(UPDATE_MILLIS)
                .setConsumer(new WriterConsumer(err))
                // Colours and block characters only on a terminal; logs get plain ASCII.
                .setStyle(System.console() != null ? ProgressBarStyle.COLORFUL_UNICODE_BLOCK : ProgressBarStyle.ASCII)
                .build();
    }

    @Override
    public void advance(long done) {
        if (bar != null) {
            bar.stepTo(done);
        }
    }

    @Override
    public void finish() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
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
