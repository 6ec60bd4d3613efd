package org.taskmix.io;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A buffered output stream that also feeds what it writes, in order, to a {@link MessageDigest}
 * on a thread of its own: the caller copies into the buffer and writes it out while the previous
 * buffer is being hashed. A d = 4096 sidecar of 20 tasks is 2.7 GB, and hashing it (SHA-256) took
 * as long as writing it; one after the other they were the last few seconds of {@code estimate}
 * with one core idle. The digest is the same as a {@link java.security.DigestOutputStream}'s.
 *
 * <p>{@link #flush} waits until every byte written so far is hashed; {@link #close} stops the
 * hashing thread but neither flushes nor closes the stream underneath (its owner does that).
 */
final class DigestingOutputStream extends OutputStream {

    /** Bytes per buffer: large enough that handing one over is rare, small enough to stay cheap. */
    private static final int CHUNK = 4 << 20;

    /** Buffers in turn: one being filled, one being written and hashed, one being hashed. */
    private static final int BUFFERS = 3;

    private final OutputStream out;
    private final MessageDigest digest;
    private final ExecutorService hasher;
    private final byte[][] buffers = new byte[BUFFERS][CHUNK];
    private final Future<?>[] hashed = new Future<?>[BUFFERS];
    private int current;
    private int fill;

    DigestingOutputStream(OutputStream out, MessageDigest digest) {
        this.out = out;
        this.digest = digest;
        this.hasher = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "taskmix-sha256");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void write(int b) throws IOException {
        if (fill == CHUNK) {
            pass();
        }
        buffers[current][fill++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (fill == CHUNK) {
                pass();
            }
            int k = Math.min(len, CHUNK - fill);
            System.arraycopy(b, off, buffers[current], fill, k);
            fill += k;
            off += k;
            len -= k;
        }
    }

    /** Hands the current buffer to the hasher, writes it out, and takes the next free buffer. */
    private void pass() throws IOException {
        byte[] full = buffers[current];
        int n = fill;
        // The single hashing thread takes buffers in the order they are handed over.
        hashed[current] = hasher.submit(() -> digest.update(full, 0, n));
        out.write(full, 0, n);
        current = (current + 1) % BUFFERS;
        await(hashed[current]);
        hashed[current] = null;
        fill = 0;
    }

    private static void await(Future<?> f) throws IOException {
        if (f == null) {
            return;
        }
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while hashing", e);
        } catch (ExecutionException e) {
            throw new IOException("hashing failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void flush() throws IOException {
        if (fill > 0) {
            pass();
        }
        for (Future<?> f : hashed) {
            await(f);
        }
        out.flush();
    }

    @Override
    public void close() {
        hasher.shutdownNow();
    }
}
