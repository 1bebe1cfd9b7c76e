package io.madoguchi.core.feedback;

/**
 * Where detected complaints go: the desk flags the ticket and escalates it. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface ComplaintEscalation {

    /**
     * Flags the complaint's ticket and escalates it. Called only for complaints about a ticket.
     *
     * @param complaint the complaint
     */
    void escalate(ComplaintDetected complaint);
}
