package io.madoguchi.examples.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The lines of a UTF-8 text file as every command reads its input: a byte order mark at the start of the file (as
 * Excel's "CSV UTF-8" and Notepad write) is dropped, a line ending in CR LF loses its CR, and bytes that are not
 * UTF-8 are refused naming their line. Each line is decoded on its own, so the line named is the one at fault
 * rather than where a read-ahead buffer happened to end. Not thread-safe.
 */
final class Utf8Lines implements Closeable {

    /** What the commands print after {@code FILE: line N: } for a line that is not UTF-8. */
    static final String NOT_UTF8 = "not valid UTF-8 (a Shift_JIS or other legacy encoding?); save the file as UTF-8";

    /** A line that is not UTF-8; the message is {@code line N: not valid UTF-8 …}. */
    static final class NotUtf8Exception extends IOException {
        private static final long serialVersionUID = 1L;
        private final long line;

        NotUtf8Exception(long line) {
            super("line " + line + ": " + NOT_UTF8);
            this.line = line;
        }

        /** @return the 1-based number of the line */
        long line() {
            return line;
        }
    }

    private final InputStream in;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private long lineNumber;
    private boolean ended;

    private Utf8Lines(InputStream in) {
        this.in = in;
    }

    /**
     * @param file the file
     * @return its lines, read one at a time; the caller closes it
     * @throws IOException if it cannot be opened ({@link java.nio.file.NoSuchFileException} when it does not exist)
     */
    static Utf8Lines open(Path file) throws IOException {
        return new Utf8Lines(new BufferedInputStream(Files.newInputStream(file)));
    }

    /**
     * @param file the file
     * @return every line of it
     * @throws NotUtf8Exception naming the first line that is not UTF-8
     * @throws IOException if it cannot be read
     */
    static List<String> readAll(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        try (Utf8Lines lines = open(file)) {
            for (String l = lines.next(); l != null; l = lines.next()) {
                out.add(l);
            }
        }
        return out;
    }

    /**
     * @return the next line without its line end, or null at the end of the file
     * @throws NotUtf8Exception if the line is not UTF-8
     * @throws IOException if reading fails
     */
    @Nullable String next() throws IOException {
        if (ended) {
            return null;
        }
        bytes.reset();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            bytes.write(b);
        }
        if (b < 0) {
            ended = true;
            if (bytes.size() == 0) {
                return null;
            }
        }
        lineNumber++;
        byte[] line = bytes.toByteArray();
        int length = line.length > 0 && line[line.length - 1] == '\r' ? line.length - 1 : line.length;
        String text;
        try {
            text = utf8.decode(ByteBuffer.wrap(line, 0, length)).toString();
        } catch (CharacterCodingException e) {
            throw new NotUtf8Exception(lineNumber);
        }
        return lineNumber == 1 ? stripBom(text) : text;
    }

    /** @return the number of the last line returned */
    long lineNumber() {
        return lineNumber;
    }

    /**
     * @param firstLine the first line of a file
     * @return it without a leading byte order mark
     */
    static String stripBom(String firstLine) {
        return firstLine.startsWith("\uFEFF") ? firstLine.substring(1) : firstLine;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
