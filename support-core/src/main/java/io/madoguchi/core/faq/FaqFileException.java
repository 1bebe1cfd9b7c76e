package io.madoguchi.core.faq;

import io.madoguchi.core.ValidationException;
import io.madoguchi.core.Violation;
import java.util.List;

/**
 * An FAQ file (JSON lines or CSV) that cannot be imported, with the line and field at fault. Its single
 * {@link #violations() violation} names the field as {@code line N.field} (or {@code line N} when the line as a
 * whole is wrong); {@link #describe()} gives the form the command-line tools print,
 * {@code line N, field 'F': problem}. Nothing was imported. Immutable.
 */
public final class FaqFileException extends ValidationException {

    private static final long serialVersionUID = 1L;

    private final int line;
    private final String field;
    private final String problem;

    /**
     * Creates the exception.
     *
     * @param line    1-based line number, or 0 when the file as a whole is wrong (for example empty)
     * @param field   the field (JSON key or CSV column) at fault, or empty when the line or file as a whole is
     * @param problem what is wrong, for example {@code is required}
     * @throws IllegalArgumentException if {@code line} is negative
     */
    public FaqFileException(int line, String field, String problem) {
        super(List.of(new Violation(path(line, field), problem)));
        this.line = line;
        this.field = field;
        this.problem = problem;
    }

    private static String path(int line, String field) {
        if (line < 0) {
            throw new IllegalArgumentException("line must be >= 0, was " + line);
        }
        String where = line == 0 ? "file" : "line " + line;
        return field.isEmpty() ? where : where + "." + field;
    }

    /** @return the 1-based line number, or 0 when the file as a whole is wrong */
    public int line() {
        return line;
    }

    /** @return the field at fault, or empty when the whole line (or file) is */
    public String field() {
        return field;
    }

    /** @return what is wrong */
    public String problem() {
        return problem;
    }

    /**
     * The problem as the command-line tools print it after the file name: {@code line N, field 'F': problem},
     * without the field when the whole line is wrong and without the line when the whole file is.
     *
     * @return the description
     */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (line > 0) {
            sb.append("line ").append(line);
        }
        if (!field.isEmpty()) {
            sb.append(sb.length() > 0 ? ", " : "").append("field '").append(field).append('\'');
        }
        return sb.append(sb.length() > 0 ? ": " : "").append(problem).toString();
    }
}
