package io.madoguchi.core;

/**
 * A redelivery of a parked event ({@link SupportDesk#redeliver}) lost its claim on the event while its subscriber
 * handled it: the claim expired without being renewed (the desk has no scheduler and the handling ran longer than the
 * claim lasts, or the renewals failed), and then another redelivery claimed the event or the store's age bound dropped
 * it. Unlike other conflicts, the handling did run: the desk steps it committed stay committed (and a redelivery that
 * runs them again finds them done). The event is not finished over the other redelivery: it stays parked for that
 * one, which removes it when it ends, or it is gone if the age bound dropped it. Look at
 * {@link SupportDesk#parkedEvents} before redelivering it again.
 */
public class RedeliveryClaimLostException extends ConflictException {

    private static final long serialVersionUID = 1L;

    /** The name of the subscriber whose parked event it was. */
    private final String subscriber;
    /** The parked event's position in the log. */
    private final long position;

    /**
     * @param subscriber the subscriber's name
     * @param position the parked event's position
     * @param outcome how the handling ended ({@code "handled"} or {@code "failed again"})
     */
    public RedeliveryClaimLostException(String subscriber, long position, String outcome) {
        super("the redelivery of the event at position " + position + " parked by subscriber " + subscriber
            + " lost its claim on it while the handling ran (" + outcome + "): another redelivery claimed it or the "
            + "age bound dropped it after the claim expired; it was not finished over them");
        this.subscriber = subscriber;
        this.position = position;
    }

    /** @return the name of the subscriber whose parked event it was */
    public String subscriber() {
        return subscriber;
    }

    /** @return the parked event's position in the log */
    public long position() {
        return position;
    }
}
