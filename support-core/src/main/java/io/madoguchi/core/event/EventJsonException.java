package io.madoguchi.core.event;

import io.madoguchi.core.InputLineException;

/**
 * An exported event line ({@link EventJson}) that cannot be read, with the line and field at fault (fields as
 * dotted paths such as {@code data.ticket.status}). {@link #describe()} gives the form the command-line tools print,
 * {@code line N, field 'F': problem}. Immutable.
 */
public final class EventJsonException extends InputLineException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param line 1-based line number, or 0 when the text was not read from a numbered line
     * @param field the field at fault as a dotted path, or empty when the line as a whole is wrong
     * @param problem what is wrong, for example {@code is required}
     * @throws IllegalArgumentException if {@code line} is negative
     */
    public EventJsonException(long line, String field, String problem) {
        super(line, field, problem, "event");
    }

    /** @return the 1-based line number, or 0 when the text was not read from a numbered line */
    public long line() {
        return lineNumber();
    }
}
