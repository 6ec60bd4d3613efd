package org.taskmix.catalog;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The worker pools of taskmix's parallel jobs (covariance estimation, bootstrap replicates,
 * predictions, training chunks): daemon threads, so that a failing run never hangs the JVM, and
 * one way to wait for a result that hands a worker's own exception on unchanged.
 */
public final class Workers {

    private Workers() {
    }

    /** A fixed pool of {@code threads} daemon threads named {@code name}. */
    public static ExecutorService daemonPool(int threads, String name) {
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * {@code f}'s result. A task's unchecked exception or error is rethrown as it is, a checked
     * one wrapped in an {@link IllegalStateException}; an interrupt restores the thread's flag
     * and throws an {@link IllegalStateException} with the message {@code interrupted}.
     */
    public static <T> T await(Future<T> f, String interrupted) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }
}
