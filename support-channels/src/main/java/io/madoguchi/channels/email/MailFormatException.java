package io.madoguchi.channels.email;

import io.madoguchi.core.InputLineException;

/**
 * A mail that is not MIME, is malformed, or passes a {@link MailLimits limit}: nothing of it is stored.
 * {@link #describe()} gives {@code line N, field 'F': problem}, the form the command-line tools print after the file
 * name; the line is 0 when the mail as a whole is wrong.
 */
public class MailFormatException extends InputLineException {

    private static final long serialVersionUID = 1L;

    /** Whether the mail was refused for its size rather than its form. */
    private final boolean tooLarge;

    /**
     * @param line the 1-based line of the raw mail, or 0 for the mail as a whole
     * @param field the header or part at fault, for example {@code From} or {@code body}
     * @param problem what is wrong
     * @param tooLarge whether a size limit was passed (answered 413 to a provider)
     */
    public MailFormatException(long line, String field, String problem, boolean tooLarge) {
        super(line, field, problem, "mail");
        this.tooLarge = tooLarge;
    }

    /** @return whether a size limit was passed */
    public boolean tooLarge() {
        return tooLarge;
    }
}
