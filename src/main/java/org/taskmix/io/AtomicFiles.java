package org.taskmix.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes output files atomically and never over an input (docs/formats.md, "Limits and input
 * rules").
 *
 * <p>Inputs are recorded by real path (symlinks resolved) and by file key (inode), so an output
 * path that reaches an input through a symlink, a {@code ..} or a hard link is refused.
 *
 * <p>Outside a run every write is a temporary file in the target's folder, then a rename. Inside a
 * run ({@link #beginRun()}, which the command line opens around every command) writes are
 * <em>staged</em>: a file whose folder exists is written as a hidden temporary beside it; a file
 * whose folder does not exist yet goes into a hidden copy of the topmost missing folder, created
 * beside it. Nothing appears under a final name until {@link #commitRun()}, which first checks
 * every target and then renames the staged files and folders into place; {@link #abortRun()} (and
 * SIGINT/SIGTERM) deletes them. Temporary names carry {@value #TMP_TAG} and the process id, so a
 * later run deletes those a killed process left behind ({@link #cleanStale(Path)}).
 */
public final class AtomicFiles {

    /** Marker in every temporary name this class creates. */
    public static final String TMP_TAG = "taskmix-tmp-";

    private static final Pattern STALE = Pattern.compile(".*\\Q" + TMP_TAG + "\\E(\\d+)-.*");
    private static final long PID = ProcessHandle.current().pid();
    private static final AtomicLong SEQ = new AtomicLong();

    private static final Set<Path> INPUTS = ConcurrentHashMap.newKeySet();
    private static final Set<Object> INPUT_KEYS = ConcurrentHashMap.newKeySet();

    private static volatile Run run;
    private static volatile boolean hookInstalled;

    private AtomicFiles() {
    }

    /** A content writer that may throw {@link IOException}. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes a whole file at a given (temporary) path, e.g. a streaming NPY writer. */
    @FunctionalInterface
    public interface FileContent {
        void writeTo(Path file) throws IOException;
    }

    /** Registers a file read as input; later writes to it (by any path that reaches it) are refused. */
    public static void registerInput(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        INPUTS.add(abs);
        Provenance.noteInput(abs);
        try {
            INPUTS.add(abs.toRealPath());
            Object key = Files.readAttributes(abs, BasicFileAttributes.class).fileKey();
            if (key != null) {
                INPUT_KEYS.add(key);
            }
        } catch (IOException e) {
            // A missing input is reported by its reader; only the normalised path is recorded.
        }
    }

    /** Forgets registered inputs (tests run many commands in one JVM). */
    public static void clearInputs() {
        INPUTS.clear();
        INPUT_KEYS.clear();
    }

    /** True if {@code target} reaches a registered input by path, real path or file key. */
    public static boolean isInput(Path target) {
        Path abs = target.toAbsolutePath().normalize();
        if (INPUTS.contains(abs)) {
            return true;
        }
        try {
            if (Files.exists(abs)) {
                if (INPUTS.contains(abs.toRealPath())) {
                    return true;
                }
                Object key = Files.readAttributes(abs, BasicFileAttributes.class).fileKey();
                return key != null && INPUT_KEYS.contains(key);
            }
            Path parent = abs.getParent();
            if (parent != null && Files.isDirectory(parent)) {
                return INPUTS.contains(parent.toRealPath().resolve(abs.getFileName()));
            }
        } catch (IOException e) {
            // Unreadable path: it cannot be compared, and the write itself will report it.
        }
        return false;
    }

    /** Writes UTF-8 text atomically. */
    public static void writeString(Path target, String text) {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Writes {@code content} to {@code target} atomically, creating parent folders.
     *
     * @throws InputException if {@code target} is one of the inputs, a folder, or has no file name
     */
    public static void write(Path target, Content content) {
        writeFile(target, tmp -> {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                content.writeTo(out);
            }
        });
    }

    /**
     * Writes a file atomically through {@code content}, which gets a temporary path (in the
     * target's folder, or in the run's staged folder) to create and fill.
     */
    public static void writeFile(Path target, FileContent content) {
        Path abs = checkTarget(target);
        Run r = run;
        try {
            if (r != null) {
                r.write(target, abs, content);
                return;
            }
            Path dir = abs.getParent();
            Files.createDirectories(dir);
            cleanStale(dir);
            Path tmp = dir.resolve("." + TMP_TAG + PID + "-" + SEQ.incrementAndGet() + "-" + abs.getFileName());
            try {
                content.writeTo(tmp);
                publish(tmp);
                move(tmp, abs);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw cannotWrite(target, e);
        }
    }

    private static Path checkTarget(Path target) {
        Path abs = target.toAbsolutePath().normalize();
        if (abs.getFileName() == null || abs.getParent() == null) {
            throw new InputException(target + ": is not a file path; choose an output folder or file below the root");
        }
        if (isInput(abs)) {
            throw new InputException(target + ": refusing to write over an input file; choose another output path");
        }
        if (Files.isDirectory(abs)) {
            throw new InputException(target + ": is a folder; cannot write a file there");
        }
        return abs;
    }

    /** A one-line, user-facing message for a failed write (permissions, full disk, not a folder). */
    static UncheckedIOException cannotWrite(Path target, IOException e) {
        String why;
        String file = e instanceof FileSystemException f ? f.getFile() : null;
        if (e instanceof AccessDeniedException) {
            why = "permission denied";
        } else if (e instanceof java.nio.file.NoSuchFileException) {
            why = "no such folder, or the file system does not allow creating files there";
        } else if (e instanceof NotDirectoryException || e instanceof java.nio.file.FileAlreadyExistsException) {
            why = "a path component is not a folder";
        } else if (e instanceof FileSystemException f && f.getReason() != null) {
            why = f.getReason();
        } else if (e instanceof FileSystemException) {
            why = "the file system refused (" + e.getClass().getSimpleName() + ")";
        } else {
            why = String.valueOf(e.getMessage());
        }
        if (file != null) {
            // Name the folder rather than our hidden temporary inside it.
            Path fp = Path.of(file);
            if (fp.getFileName() != null && fp.getFileName().toString().contains(TMP_TAG) && fp.getParent() != null) {
                fp = fp.getParent();
            }
            why += " (" + fp + ")";
        }
        return new UncheckedIOException(target + ": cannot write: " + why, e);
    }

    private static void publish(Path tmp) throws IOException {
        // Outputs are ordinary files (a temporary might have been created owner-only).
        if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Deletes entries of {@code dir} that carry {@value #TMP_TAG} and the id of a process that is
     * no longer running (left by a killed run). Entries of live processes are left alone.
     */
    public static void cleanStale(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + TMP_TAG + "*")) {
            for (Path p : ds) {
                Matcher m = STALE.matcher(p.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                long pid;
                try {
                    pid = Long.parseLong(m.group(1));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (pid != PID && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                if (pid == PID && isOwnedByActiveRun(p)) {
                    continue;
                }
                deleteTree(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // Cleaning is best effort; a stale temporary never hides a result.
        }
    }

    private static boolean isOwnedByActiveRun(Path p) {
        Run r = run;
        return r != null && r.owns(p);
    }

    static void deleteTree(Path p) {
        try {
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                try (Stream<Path> s = Files.walk(p)) {
                    for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(q);
                    }
                }
            } else {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // Best effort: the next run's cleanStale retries.
        }
    }

    // ---------------------------------------------------------------- runs

    /**
     * Starts staging writes (see the class comment) and forgets the inputs of earlier commands.
     * Called by the command line before a command runs; a run already open is aborted first.
     */
    public static void beginRun() {
        installHook();
        Run old = run;
        if (old != null) {
            old.abort();
        }
        // Inputs belong to one command: a command run earlier in the same JVM (tests, the API)
        // must not protect its files, or a reused inode, in this one.
        clearInputs();
        run = new Run(PID + "-" + SEQ.incrementAndGet());
    }

    /**
     * Checks every staged target (not an input, not a folder, new folders still absent) and then
     * renames the staged files and folders into place.
     *
     * @throws InputException if a target breaks a rule (nothing is renamed then)
     */
    public static void commitRun() {
        Run r = run;
        run = null;
        if (r != null) {
            r.commit();
        }
    }

    /** Deletes everything the open run staged; nothing appears under a final name. */
    public static void abortRun() {
        Run r = run;
        run = null;
        if (r != null) {
            r.abort();
        }
    }

    private static synchronized void installHook() {
        if (hookInstalled) {
            return;
        }
        hookInstalled = true;
        // SIGINT/SIGTERM run shutdown hooks: remove the staged files so no temporary outlives us.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Run r = run;
            if (r != null) {
                r.abort();
            }
        }, "taskmix-cleanup"));
    }

    /** The staged writes of one command. */
    private static final class Run {

        private final String id;
        /** Staged temporary file → final file, for files whose folder existed. */
        private final Map<Path, Path> files = new LinkedHashMap<>();
        /** Topmost missing final folder → its staged copy. */
        private final Map<Path, Path> dirs = new LinkedHashMap<>();
        /** Final files written inside staged folders (checked at commit). */
        private final List<Path> inDirs = new ArrayList<>();

        Run(String id) {
            this.id = id;
        }

        synchronized boolean owns(Path p) {
            return files.containsKey(p) || dirs.containsValue(p);
        }

        synchronized void write(Path target, Path abs, FileContent content) throws IOException {
            Path parent = abs.getParent();
            Path staged = null;
            for (Map.Entry<Path, Path> e : dirs.entrySet()) {
                if (abs.startsWith(e.getKey())) {
                    staged = e.getValue().resolve(e.getKey().relativize(abs));
                    break;
                }
            }
            if (staged == null && !Files.isDirectory(parent)) {
                if (Files.exists(parent)) {
                    throw new NotDirectoryException(parent.toString());
                }
                Path missing = parent;
                while (missing.getParent() != null && !Files.exists(missing.getParent())) {
                    missing = missing.getParent();
                }
                Path base = missing.getParent();
                if (base == null || !Files.isDirectory(base)) {
                    throw new NotDirectoryException(String.valueOf(base));
                }
                cleanStale(base);
                Path copy = base.resolve("." + missing.getFileName() + "." + TMP_TAG + id);
                Files.createDirectory(copy);
                dirs.put(missing, copy);
                staged = copy.resolve(missing.relativize(abs));
            }
            if (staged != null) {
                Files.createDirectories(staged.getParent());
                content.writeTo(staged);
                publish(staged);
                inDirs.add(abs);
                return;
            }
            cleanStale(parent);
            Path tmp = parent.resolve("." + TMP_TAG + id + "-" + abs.getFileName());
            Files.deleteIfExists(tmp);
            files.put(tmp, abs);
            content.writeTo(tmp);
            publish(tmp);
        }

        synchronized void commit() {
            try {
                for (Path fin : files.values()) {
                    recheck(fin);
                }
                for (Path fin : inDirs) {
                    if (isInput(fin)) {
                        throw new InputException(fin + ": refusing to write over an input file; choose another output path");
                    }
                }
                for (Path d : dirs.keySet()) {
                    if (Files.exists(d, LinkOption.NOFOLLOW_LINKS)) {
                        throw new InputException(d + ": appeared while taskmix was writing it; run again");
                    }
                }
                for (Map.Entry<Path, Path> e : dirs.entrySet()) {
                    Files.move(e.getValue(), e.getKey(), StandardCopyOption.ATOMIC_MOVE);
                }
                for (Map.Entry<Path, Path> e : files.entrySet()) {
                    move(e.getKey(), e.getValue());
                }
                files.clear();
                dirs.clear();
            } catch (IOException e) {
                abort();
                throw cannotWrite(e instanceof FileSystemException f && f.getFile() != null ? Path.of(f.getFile())
                        : Path.of("."), e);
            } catch (RuntimeException e) {
                abort();
                throw e;
            }
        }

        private void recheck(Path fin) {
            if (isInput(fin)) {
                throw new InputException(fin + ": refusing to write over an input file; choose another output path");
            }
            if (Files.isDirectory(fin)) {
                throw new InputException(fin + ": is a folder; cannot write a file there");
            }
        }

        synchronized void abort() {
            for (Path p : files.keySet()) {
                deleteTree(p);
            }
            for (Path p : dirs.values()) {
                deleteTree(p);
            }
            files.clear();
            dirs.clear();
        }
    }
}
