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

    /** Starts recording a run of {@code commandLine}: forgets the inputs and seeds of earlier runs. */
    public static void begin(List<String> commandLine) {
        args = List.copyOf(commandLine);
        start = fixedStart();
        INPUTS.clear();
        SEEDS.clear();
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
        INPUTS.add(absolute);
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
                files.add(hash(p));
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
