package io.madoguchi.core.faq;

import io.madoguchi.core.InputLineException;

/**
 * An FAQ file (JSON lines or CSV) that cannot be imported, with the line and field at fault. Its single
 * {@link #violations() violation} names the field as {@code line N.field} (or {@code line N} when the line as a
 * whole is wrong); {@link #describe()} gives the form the command-line tools print,
 * {@code line N, field 'F': problem}. Nothing was imported. Immutable.
 */
public final class FaqFileException extends InputLineException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param line    1-based line number, or 0 when the file as a whole is wrong (for example empty)
     * @param field   the field (JSON key or CSV column) at fault, or empty when the line or file as a whole is
     * @param problem what is wrong, for example {@code is required}
     * @throws IllegalArgumentException if {@code line} is negative
     */
    public FaqFileException(int line, String field, String problem) {
        super(line, field, problem, "file");
    }

    /** @return the 1-based line number, or 0 when the file as a whole is wrong */
    public int line() {
        return (int) lineNumber();
    }
}
