package io.fhe4j.mnist;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;

/**
 * Reads text line by line with a bound on each line's length, so a file without line breaks cannot exhaust
 * memory. Lines end at {@code \n}, {@code \r\n} or {@code \r}; the terminator is not returned. A UTF-8 byte order
 * mark at the start is dropped. Not thread-safe.
 */
final class BoundedLines {
    private final Reader in;
    private final String name;
    private final int maxChars;
    private final StringBuilder line = new StringBuilder();
    private int lineNumber;
    private int pushedBack = -2;
    private boolean first = true;

    BoundedLines(Reader in, String name, int maxChars) {
        this.in = in;
        this.name = name;
        this.maxChars = maxChars;
    }

    /** The 1-based number of the line last returned (0 before the first). */
    int lineNumber() {
        return lineNumber;
    }

    /** The next line, or null at the end of the input. */
    String next() {
        line.setLength(0);
        int c = read();
        if (first) {
            first = false;
            if (c == '\uFEFF') {
                c = read();
            }
        }
        if (c == -1) {
            return null;
        }
        lineNumber++;
        while (c != -1 && c != '\n' && c != '\r') {
            if (line.length() == maxChars) {
                throw new DataTooLargeException(name + " line " + lineNumber + " is longer than " + maxChars
                        + " characters; raise the limit (maxLineChars) if the file is genuine, or check that it is"
                        + " a text file.");
            }
            line.append((char) c);
            c = read();
        }
        if (c == '\r') {
            int d = read();
            if (d != '\n' && d != -1) {
                pushedBack = d;
            }
        }
        return line.toString();
    }

    private int read() {
        if (pushedBack != -2) {
            int c = pushedBack;
            pushedBack = -2;
            return c;
        }
        try {
            return in.read();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new MalformedDataException(name + " line " + (lineNumber + 1) + " is not valid UTF-8 text ("
                    + e + "); save the file as UTF-8.", e);
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": " + e.getMessage(), e);
        }
    }
}
