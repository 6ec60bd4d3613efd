package org.taskmix.io;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads lines of a UTF-8 text file with a bound on line length
 * ({@link ResourceLimits#MAX_LINE_CHARS}), a byte-order mark stripped, and malformed UTF-8
 * reported as such (docs/formats.md, "Limits and input rules"). A file with no newline cannot
 * exhaust memory.
 */
final class BoundedLines implements AutoCloseable {

    private final Path file;
    private final InputStream in;
    private final int maxBytes;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private long lineNo;
    private boolean first = true;
    private boolean eof;

    private BoundedLines(Path file, InputStream in, int maxBytes) {
        this.file = file;
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /** Opens {@code file}; a missing or unreadable file is one-line {@link InputException}. */
    static BoundedLines open(Path file) {
        return open(file, ResourceLimits.MAX_LINE_CHARS);
    }

    /** As {@link #open(Path)} with lines of at most {@code maxBytes} bytes. */
    static BoundedLines open(Path file, int maxBytes) {
        if (Files.isDirectory(file)) {
            throw InputException.at(file, null, "is a folder; expected a text file");
        }
        try {
            return new BoundedLines(file, new BufferedInputStream(Files.newInputStream(file), 1 << 16), maxBytes);
        } catch (NoSuchFileException e) {
            throw InputException.at(file, null, "no such file");
        } catch (IOException e) {
            throw InputException.at(file, null, "cannot read: " + e.getClass().getSimpleName());
        }
    }

    /** Number of the line last returned (1-based). */
    long lineNo() {
        return lineNo;
    }

    /**
     * The next line without its terminator ({@code \n}, {@code \r\n} or {@code \r}), or null at
     * the end.
     *
     * @throws InputException for a line longer than the bound or bytes that are not UTF-8
     */
    String readLine() {
        if (eof) {
            return null;
        }
        line.reset();
        try {
            while (true) {
                int b = in.read();
                if (b < 0) {
                    eof = true;
                    if (line.size() == 0) {
                        return null;
                    }
                    return done();
                }
                if (b == '\n') {
                    return done();
                }
                if (b == '\r') {
                    in.mark(1);
                    if (in.read() != '\n') {
                        in.reset();
                    }
                    return done();
                }
                line.write(b);
                if (line.size() > maxBytes) {
                    throw InputException.at(file, "line " + (lineNo + 1), "is longer than " + maxBytes
                            + " bytes; data files have one short record per line");
                }
            }
        } catch (IOException e) {
            throw InputException.at(file, null, "cannot read: " + e.getClass().getSimpleName());
        }
    }

    private String done() {
        lineNo++;
        String s;
        try {
            s = decoder.decode(ByteBuffer.wrap(line.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw InputException.at(file, "line " + lineNo, "is not valid UTF-8 text; save the file as UTF-8");
        }
        if (first) {
            first = false;
            if (!s.isEmpty() && s.charAt(0) == '\uFEFF') {
                s = s.substring(1);
            }
        }
        return s;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // Read-only: closing loses nothing.
        }
    }
}
