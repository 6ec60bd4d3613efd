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

    /** The first stage of {@link #overlapped}: item {@code i}'s input, made on the calling thread. */
    public interface Stage1<P> {
        P make(int i);
    }

    /** The second stage of {@link #overlapped}: item {@code i}'s result from its input, on the second thread. */
    public interface Stage2<P, R> {
        R finish(int i, P made);
    }

    /** What the calling thread does with each result of {@link #overlapped}, in item order. */
    public interface Done<R> {
        void accept(int i, R result);
    }

    /**
     * Two stages over items {@code 0..count−1}, overlapped: {@code first} runs on the calling
     * thread, {@code second} on one thread of its own, so that item {@code i}'s second stage runs
     * while item {@code i + 1}'s first one does. Each result goes to {@code done} on the calling
     * thread, in item order, and the failure reported is the one a sequential loop would report:
     * that of the earliest item, its first stage before its second.
     */
    public static <P, R> void overlapped(int count, Stage1<P> first, Stage2<P, R> second, Done<R> done) {
        ExecutorService pool = daemonPool(1, "taskmix-stage2");
        try {
            Future<R> pending = null;
            for (int i = 0; i < count; i++) {
                P made;
                try {
                    made = first.make(i);
                } catch (RuntimeException | Error e) {
                    if (pending != null) {
                        // The item before this one comes first: its own failure wins, or it is done.
                        done.accept(i - 1, await(pending, "interrupted"));
                    }
                    throw e;
                }
                if (pending != null) {
                    done.accept(i - 1, await(pending, "interrupted"));
                }
                int item = i;
                pending = pool.submit(() -> second.finish(item, made));
            }
            if (pending != null) {
                done.accept(count - 1, await(pending, "interrupted"));
            }
        } finally {
            pool.shutdownNow();
        }
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
