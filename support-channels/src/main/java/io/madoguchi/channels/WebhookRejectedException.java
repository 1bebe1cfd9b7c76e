package io.madoguchi.channels;

import io.madoguchi.core.ChannelException;

/**
 * A webhook request was refused before anything was stored: its signature did not verify, it was stale, too large,
 * or malformed. {@link #status()} is the HTTP status to answer with; the message names the field and the problem
 * and never holds a secret or the payload.
 */
public class WebhookRejectedException extends ChannelException {

    private static final long serialVersionUID = 1L;

    /** The HTTP status to answer with. */
    private final int status;
    /** The request part that was rejected (a header or body field). */
    private final String field;
    /** What is wrong with the field. */
    private final String problem;

    /**
     * @param status the HTTP status to answer with (400, 401, 405, 413, 431)
     * @param field the header or body field at fault, for example {@code x-line-signature} or {@code events[0].type}
     * @param problem what is wrong with it
     */
    public WebhookRejectedException(int status, String field, String problem) {
        super("field '" + field + "': " + problem);
        this.status = status;
        this.field = field;
        this.problem = problem;
    }

    /** @return the HTTP status to answer with */
    public int status() {
        return status;
    }

    /** @return the header or body field at fault */
    public String field() {
        return field;
    }

    /** @return what is wrong with the field, without its name */
    public String problem() {
        return problem;
    }

    /**
     * @param field the field
     * @param problem the problem
     * @return a 401 rejection (signature missing, forged, altered or stale)
     */
    public static WebhookRejectedException unauthorized(String field, String problem) {
        return new WebhookRejectedException(401, field, problem);
    }

    /**
     * @param field the field
     * @param problem the problem
     * @return a 400 rejection (malformed request)
     */
    public static WebhookRejectedException malformed(String field, String problem) {
        return new WebhookRejectedException(400, field, problem);
    }
}
