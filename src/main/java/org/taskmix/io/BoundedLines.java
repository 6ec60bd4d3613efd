package org.taskmix.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
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
    private final Reader in;
    private final int maxChars;
    private final char[] buf = new char[1 << 16];
    private int pos;
    private int len;
    private long lineNo;
    private boolean first = true;

    private BoundedLines(Path file, Reader in, int maxChars) {
        this.file = file;
        this.in = in;
        this.maxChars = maxChars;
    }

    /** Opens {@code file}; a missing or unreadable file is one-line {@link InputException}. */
    static BoundedLines open(Path file) {
        return open(file, ResourceLimits.MAX_LINE_CHARS);
    }

    static BoundedLines open(Path file, int maxChars) {
        if (Files.isDirectory(file)) {
            throw InputException.at(file, null, "is a folder; expected a text file");
        }
        InputStream s;
        try {
            s = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw InputException.at(file, null, "no such file");
        } catch (IOException e) {
            throw InputException.at(file, null, "cannot read: " + e.getClass().getSimpleName());
        }
        var dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        return new BoundedLines(file, new InputStreamReader(s, dec), maxChars);
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
        StringBuilder sb = null;
        try {
            while (true) {
                if (pos == len) {
                    len = in.read(buf, 0, buf.length);
                    pos = 0;
                    if (len <= 0) {
                        len = 0;
                        if (sb == null) {
                            return null;
                        }
                        return done(sb);
                    }
                }
                if (sb == null) {
                    sb = new StringBuilder();
                }
                int start = pos;
                while (pos < len && buf[pos] != '\n' && buf[pos] != '\r') {
                    pos++;
                }
                sb.append(buf, start, pos - start);
                if (sb.length() > maxChars) {
                    throw InputException.at(file, "line " + (lineNo + 1), "is longer than " + maxChars
                            + " characters; data files have one short record per line");
                }
                if (pos < len) {
                    char c = buf[pos++];
                    if (c == '\r') {
                        if (pos == len) {
                            len = in.read(buf, 0, buf.length);
                            pos = 0;
                            if (len < 0) {
                                len = 0;
                            }
                        }
                        if (pos < len && buf[pos] == '\n') {
                            pos++;
                        }
                    }
                    return done(sb);
                }
            }
        } catch (CharacterCodingException e) {
            throw InputException.at(file, "line " + (lineNo + 1), "is not valid UTF-8 text; save the file as UTF-8");
        } catch (IOException e) {
            throw InputException.at(file, null, "cannot read: " + e.getClass().getSimpleName());
        }
    }

    private String done(StringBuilder sb) {
        lineNo++;
        if (first) {
            first = false;
            if (sb.length() > 0 && sb.charAt(0) == '\uFEFF') {
                sb.deleteCharAt(0);
            }
        }
        return sb.toString();
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
