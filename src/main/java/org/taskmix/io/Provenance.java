package org.taskmix.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Where a JSON document came from (docs/formats.md, "Provenance"): written as the
 * {@code provenance} block of every JSON output and shown in the HTML report.
 *
 * @param taskmixVersion the taskmix version that wrote it
 * @param commandLine    the command's arguments as given (after {@code taskmix})
 * @param inputs         every file the command read, in the order first read, with size and SHA-256
 * @param seeds          the seeds of every random step, by role (e.g. {@code "train"}, {@code "monteCarlo"})
 * @param startTime      when the command started, UTC, ISO-8601 to the millisecond ({@code SOURCE_DATE_EPOCH}
 *                       if set)
 * @param machineCores   processors available to the JVM
 */
public record Provenance(String taskmixVersion, List<String> commandLine, List<InputFile> inputs,
                         Map<String, Long> seeds, String startTime, int machineCores) {

    /** The taskmix version (also printed by {@code taskmix --version}). */
    public static final String VERSION = "0.1.0";

    /**
     * One input file.
     *
     * @param path   the path as the command resolved it (absolute, normalised)
     * @param bytes  its size in bytes, or -1 if it could not be read when the document was written
     * @param sha256 its SHA-256 in lower-case hex, or null if it could not be read
     */
    public record InputFile(String path, long bytes, String sha256) {
    }

    public Provenance {
        commandLine = List.copyOf(commandLine);
        inputs = List.copyOf(inputs);
        seeds = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(seeds));
        Objects.requireNonNull(startTime, "startTime");
    }

    // The current run: commands run one at a time per JVM (Main), like AtomicFiles' staging.
    private static volatile List<String> args = List.of();
    private static volatile Instant start = fixedStart();
    private static final Set<Path> INPUTS = java.util.Collections.synchronizedSet(new LinkedHashSet<>());
    private static final Map<String, Long> SEEDS = java.util.Collections.synchronizedMap(new LinkedHashMap<>());

    /**
     * Inputs up to this size are hashed on a background thread as soon as they are recorded, so
     * the hash overlaps the command's own work (a small {@code solve} on 2 cores: about 15 ms of
     * 0.3 s, docs/benchmarks.md §12). Larger inputs are hashed when the document is written, as
     * before, so a long command's threads do not share the cores with a hash of gigabytes.
     */
    static final long PREFETCH_MAX_BYTES = 64L << 20;

    /** A hash started in the background, valid while the file keeps the size and time it had then. */
    private record Prefetch(long bytes, java.nio.file.attribute.FileTime modified,
                            java.util.concurrent.FutureTask<InputFile> hash) {
    }

    private static final Map<Path, Prefetch> PREFETCHED = new java.util.concurrent.ConcurrentHashMap<>();

    /** Starts recording a run of {@code commandLine}: forgets the inputs and seeds of earlier runs. */
    public static void begin(List<String> commandLine) {
        args = List.copyOf(commandLine);
        start = fixedStart();
        INPUTS.clear();
        SEEDS.clear();
        PREFETCHED.clear();
    }

    /**
     * The start time: now, or {@code SOURCE_DATE_EPOCH} (seconds since 1970, the
     * reproducible-builds convention) when that environment variable is set, so two runs with the
     * same seed can be byte-identical documents.
     */
    private static Instant fixedStart() {
        String epoch = System.getenv("SOURCE_DATE_EPOCH");
        if (epoch != null && epoch.strip().matches("\\d{1,12}")) {
            return Instant.ofEpochSecond(Long.parseLong(epoch.strip()));
        }
        return Instant.now();
    }

    /** When the current run started ({@code SOURCE_DATE_EPOCH} if set; see {@link #begin}). */
    public static Instant startInstant() {
        return start;
    }

    /** Records a file read (called by {@link AtomicFiles#registerInput}). */
    static void noteInput(Path absolute) {
        if (INPUTS.add(absolute)) {
            prefetch(absolute);
        }
    }

    /** Starts hashing a small regular file on a daemon thread (see {@link #PREFETCH_MAX_BYTES}). */
    private static void prefetch(Path p) {
        try {
            var attrs = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class);
            if (!attrs.isRegularFile() || attrs.size() > PREFETCH_MAX_BYTES) {
                return;
            }
            var task = new java.util.concurrent.FutureTask<>(() -> hash(p));
            PREFETCHED.put(p, new Prefetch(attrs.size(), attrs.lastModifiedTime(), task));
            Thread t = new Thread(task, "taskmix-input-hash");
            t.setDaemon(true); // a command that fails early does not wait for it
            t.start();
        } catch (IOException e) {
            // Unreadable now: current() hashes it (or records it as unreadable) when writing.
        }
    }

    /**
     * The prefetched hash of {@code p} if the file still has the size and modification time it had
     * when the hash started (then it holds the same bytes as far as the file system can tell, as
     * the reader saw them), else a hash of the file now.
     */
    private static InputFile hashNow(Path p) {
        Prefetch f = PREFETCHED.get(p);
        if (f != null) {
            try {
                var attrs = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class);
                InputFile done = f.hash().get();
                if (attrs.size() == f.bytes() && attrs.lastModifiedTime().equals(f.modified()) && done.bytes() == f.bytes()) {
                    return done;
                }
            } catch (IOException | java.util.concurrent.ExecutionException e) {
                // Fall through to a fresh hash, which records what can be read now.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return hash(p);
    }

    /** Records the seed of one random step of this run. */
    public static void noteSeed(String role, long seed) {
        SEEDS.put(role, seed);
    }

    /** The provenance of the run so far, hashing each input now. */
    public static Provenance current() {
        List<InputFile> files = new ArrayList<>();
        List<Path> paths;
        synchronized (INPUTS) {
            paths = new ArrayList<>(INPUTS);
        }
        for (Path p : paths) {
            if (Files.isRegularFile(p)) {
                files.add(hashNow(p));
            }
        }
        Map<String, Long> seeds;
        synchronized (SEEDS) {
            seeds = new LinkedHashMap<>(SEEDS);
        }
        return new Provenance(VERSION, args, files, seeds, start.truncatedTo(ChronoUnit.MILLIS).toString(),
                Runtime.getRuntime().availableProcessors());
    }

    private static InputFile hash(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            long n = 0;
            for (int r; (r = in.read(buf)) > 0; ) {
                md.update(buf, 0, r);
                n += r;
            }
            return new InputFile(p.toString(), n, HexFormat.of().formatHex(md.digest()));
        } catch (IOException e) {
            return new InputFile(p.toString(), -1, null);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
