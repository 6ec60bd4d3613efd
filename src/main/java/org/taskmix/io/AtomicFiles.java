package org.taskmix.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes output files atomically (a temporary file in the same folder, then a rename), so a
 * reader never sees half a file, and refuses to write over any file the user gave as input.
 */
public final class AtomicFiles {

    private static final Set<Path> INPUTS = ConcurrentHashMap.newKeySet();

    private AtomicFiles() {
    }

    /** A content writer that may throw {@link IOException}. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Registers a file read as input; later writes to it are refused. */
    public static void registerInput(Path p) {
        INPUTS.add(p.toAbsolutePath().normalize());
    }

    /** Forgets registered inputs (tests run many commands in one JVM). */
    public static void clearInputs() {
        INPUTS.clear();
    }

    /** Writes UTF-8 text atomically. */
    public static void writeString(Path target, String text) {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Writes {@code content} to {@code target} atomically, creating parent folders.
     *
     * @throws InputException if {@code target} is one of the inputs
     */
    public static void write(Path target, Content content) {
        Path abs = target.toAbsolutePath().normalize();
        if (INPUTS.contains(abs)) {
            throw new InputException(target + ": refusing to write over an input file; choose another output path");
        }
        try {
            Path dir = abs.getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
            try {
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    content.writeTo(out);
                }
                // createTempFile makes the file owner-only (0600); outputs are ordinary files.
                if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
                }
                try {
                    Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(target + ": cannot write: " + e.getMessage(), e);
        }
    }
}
