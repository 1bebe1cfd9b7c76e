package io.madoguchi.core;

import java.util.List;

/**
 * Input read line by line (a file or a stream of JSON lines) with a problem at one line and field. Its single
 * {@link #violations() violation} names the field as {@code line N.field}; {@link #describe()} gives the form the
 * command-line tools print after the file name, {@code line N, field 'F': problem}. Immutable.
 */
public class InputLineException extends ValidationException {

    private static final long serialVersionUID = 1L;

    /** The 1-based line number, or 0 when the input as a whole is wrong. */
    private final long lineNumber;
    /** The field at fault, or empty when the whole line (or input) is. */
    private final String field;
    /** What is wrong with the field. */
    private final String problem;

    /**
     * Creates the exception.
     *
     * @param line 1-based line number, or 0 when the input as a whole (or text without a line) is wrong
     * @param field the field at fault, or empty when the line or the input as a whole is
     * @param problem what is wrong, for example {@code is required}
     * @param whole what the violation names when {@code line} is 0, for example {@code file}
     * @throws IllegalArgumentException if {@code line} is negative
     */
    protected InputLineException(long line, String field, String problem, String whole) {
        super(List.of(new Violation(path(line, field, whole), problem)));
        this.lineNumber = line;
        this.field = field;
        this.problem = problem;
    }

    private static String path(long line, String field, String whole) {
        if (line < 0) {
            throw new IllegalArgumentException("line must be >= 0, was " + line);
        }
        String where = line == 0 ? whole : "line " + line;
        return field.isEmpty() ? where : where + "." + field;
    }

    /** @return the 1-based line number, or 0 when the input as a whole is wrong */
    public long lineNumber() {
        return lineNumber;
    }

    /** @return the field at fault, or empty when the whole line (or input) is */
    public String field() {
        return field;
    }

    /** @return what is wrong */
    public String problem() {
        return problem;
    }

    /**
     * The problem as the command-line tools print it after the file name: {@code line N, field 'F': problem},
     * without the field when the whole line is wrong and without the line when the whole input is.
     *
     * @return the description
     */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (lineNumber > 0) {
            sb.append("line ").append(lineNumber);
        }
        if (!field.isEmpty()) {
            sb.append(sb.length() > 0 ? ", " : "").append("field '").append(field).append('\'');
        }
        return sb.append(sb.length() > 0 ? ": " : "").append(problem).toString();
    }
}
