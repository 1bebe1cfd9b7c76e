package io.madoguchi.core.feedback.desk;

import io.madoguchi.core.MadoguchiException;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.feedback.ComplaintDetected;
import io.madoguchi.core.feedback.ComplaintEscalation;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.LinkType;
import io.madoguchi.core.ticket.Priority;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketStatus;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Escalates a complaint through the desk, acting as the SYSTEM principal {@code feedback} of the complaint's
 * tenant: flags the ticket as a complaint (クレーム), raises it to {@link Priority#URGENT}, tags it
 * {@value #TAG}, reopens it if it was solved, and adds an internal note naming the cues (never the text). A closed
 * ticket cannot change, so a complaint about one opens an urgent follow-up ticket, flagged and linked to it.
 *
 * <p>Thread-safe.
 */
public final class DeskEscalation implements ComplaintEscalation {

    /** The tag put on escalated tickets. */
    public static final String TAG = "complaint-escalated";

    private static final Logger LOG = LoggerFactory.getLogger(DeskEscalation.class);

    private final SupportDesk desk;

    /**
     * @param desk the desk to act on
     */
    public DeskEscalation(SupportDesk desk) {
        this.desk = Objects.requireNonNull(desk, "desk");
    }

    @Override
    public void escalate(ComplaintDetected complaint) {
        TicketId id = complaint.aboutTicket().orElse(null);
        if (id == null) {
            return;
        }
        Principal system = desk.system(complaint.tenant(), "feedback");
        Ticket ticket = desk.ticket(system, id);
        if (ticket.mergedInto() != null) {
            id = ticket.mergedInto();
            ticket = desk.ticket(system, id);
        }
        if (ticket.status() == TicketStatus.CLOSED) {
            CreateTicket.Builder followUp = CreateTicket.builder(ticket.requester(), ticket.channel(),
                    "クレーム / complaint: " + ticket.subject(),
                    "クローズ済みチケット #" + ticket.number() + " へのフィードバックでクレームを検知しました / complaint detected"
                        + " in feedback on closed ticket #" + ticket.number() + ": cues " + complaint.signal().cues())
                .complaint(true).priority(Priority.URGENT).tags(TAG);
            if (ticket.language() != null) {
                followUp.language(ticket.language());
            }
            Ticket created = desk.createTicket(system, followUp.build());
            desk.link(system, created.id(), LinkType.FOLLOW_UP_OF, id);
            LOG.info("complaint on closed ticket {} escalated as follow-up {}", id, created.id());
            return;
        }
        if (!ticket.complaint()) {
            ticket = desk.flagComplaint(system, id);
        }
        if (ticket.priority() != Priority.URGENT) {
            ticket = desk.changePriority(system, id, Priority.URGENT);
        }
        if (!ticket.hasTag(TAG)) {
            ticket = desk.addTags(system, id, TAG);
        }
        if (ticket.status() == TicketStatus.SOLVED) {
            desk.changeStatus(system, id, TicketStatus.OPEN);
        }
        try {
            desk.addNote(system, id, "クレームを検知しました / complaint detected: cues " + complaint.signal().cues()
                + String.format(java.util.Locale.ROOT, ", sentiment %.2f, source %s", complaint.signal().sentimentScore(),
                complaint.sourceId()));
        } catch (MadoguchiException e) {
            LOG.warn("could not add the complaint note to ticket {}: {}", id, e.toString());
        }
        LOG.info("complaint on ticket {} escalated", id);
    }

    @Override
    public String toString() {
        return "DeskEscalation";
    }
}
