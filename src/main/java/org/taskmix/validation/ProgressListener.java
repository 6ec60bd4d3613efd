package org.taskmix.validation;

/**
 * Receives progress of long computations (training steps, evaluation prompts). The numerical
 * layer knows nothing of terminals; the command line implements this with a progress bar.
 *
 * <p>Calls come from the thread that started the computation, in the order start, advance...,
 * finish.
 */
public interface ProgressListener {

    /** A listener that ignores everything. */
    ProgressListener NONE = new ProgressListener() {
        @Override
        public void start(String phase, long total) {
        }

        @Override
        public void advance(long done) {
        }

        @Override
        public void finish() {
        }
    };

    /** A phase begins ("train", "evaluate") with {@code total} units of work. */
    void start(String phase, long total);

    /** {@code done} units of the current phase are finished (absolute, not an increment). */
    void advance(long done);

    /** The current phase ended (completed or stopped). */
    void finish();
}
