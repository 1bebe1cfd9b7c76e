package io.madoguchi.core.integration;

import io.madoguchi.core.NotFoundException;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.EventSubscriber;
import io.madoguchi.core.feedback.ComplaintDetected;
import io.madoguchi.core.feedback.ComplaintEscalation;
import io.madoguchi.core.ticket.AddMessage;
import io.madoguchi.core.ticket.ChangePriority;
import io.madoguchi.core.ticket.ChangeStatus;
import io.madoguchi.core.ticket.ChangeTags;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.LinkType;
import io.madoguchi.core.ticket.Priority;
import io.madoguchi.core.ticket.SetComplaint;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketCommand;
import io.madoguchi.core.ticket.TicketStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Escalates a complaint through the desk, acting as the SYSTEM principal {@code feedback} of the complaint's
 * tenant: flags the ticket as a complaint (クレーム), raises it to {@link Priority#URGENT}, tags it
 * {@value #TAG}, reopens it if it was solved, and adds an internal note naming the cues (never the text), all in one
 * compound step ({@link SupportDesk#apply(Principal, TicketId, long, List)}). A closed
 * ticket cannot change: a complaint about one is escalated on its latest follow-up that is not closed (the customer's
 * conversation about the same matter, with a note naming the closed ticket), and only when there is none opens an
 * urgent follow-up ticket, flagged and linked to it; its subject is the closed ticket's, shortened with {@code …} to
 * fit the 250-character limit.
 *
 * <p>Subscribe it to the desk's event log ({@code desk.subscribe(new DeskEscalation(desk))}, under the stable name
 * {@value #NAME}): it escalates every {@link ComplaintDetected} appended there, by {@link io.madoguchi.core.feedback
 * .Surveys} for a survey answer or by {@link DeskSurveys} for a customer message, and resumes from its checkpoint
 * after a restart. Its desk steps claim the event's position, so a redelivered complaint does not repeat a step that
 * was committed. It can also be called directly as a {@link ComplaintEscalation} by hosts without an event log.
 *
 * <p>Thread-safe.
 */
public final class DeskEscalation implements ComplaintEscalation, EventSubscriber {

    /** The tag put on escalated tickets. */
    public static final String TAG = "complaint-escalated";

    /** The subscriber name its checkpoint is stored under. */
    public static final String NAME = "madoguchi.feedback.escalation";

    /** The longest ticket subject the desk accepts. */
    static final int MAX_SUBJECT = 250;

    private static final String FOLLOW_UP_PREFIX = "クレーム / complaint: ";

    private static final Logger LOG = LoggerFactory.getLogger(DeskEscalation.class);

    private final SupportDesk desk;

    /**
     * @param desk the desk to act on
     */
    public DeskEscalation(SupportDesk desk) {
        this.desk = Objects.requireNonNull(desk, "desk");
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Escalates a {@link ComplaintDetected} about a ticket; other events are ignored. A complaint about a ticket that
     * no longer exists is logged and skipped.
     *
     * @param event the committed event
     */
    @Override
    public void handle(EventEnvelope event) {
        if (event.event() instanceof ComplaintDetected c && c.ticket() != null) {
            try {
                escalate(c);
            } catch (NotFoundException e) {
                LOG.warn("complaint at log position {} is about a ticket that does not exist: {}", event.position(),
                    e.getMessage());
            }
        }
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
        String source = "";
        if (ticket.status() == TicketStatus.CLOSED) {
            Ticket followUp = openFollowUp(system, ticket);
            if (followUp == null) {
                openFollowUp(system, ticket, complaint);
                return;
            }
            // the customer is already talking to us about this matter: escalate that conversation, not a second one
            source = " (feedback on closed ticket #" + ticket.number() + ")";
            LOG.info("complaint on closed ticket {} escalated on its open follow-up {}", id, followUp.id());
            ticket = followUp;
            id = followUp.id();
        }
        // one compound step: stored all or nothing, so a redelivered complaint finds it done and repeats nothing
        List<TicketCommand> commands = new ArrayList<>();
        if (!ticket.complaint()) {
            commands.add(SetComplaint.of(id, true));
        }
        if (ticket.priority() != Priority.URGENT) {
            commands.add(ChangePriority.of(id, Priority.URGENT));
        }
        if (!ticket.hasTag(TAG)) {
            commands.add(ChangeTags.add(id, TAG));
        }
        if (ticket.status() == TicketStatus.SOLVED) {
            commands.add(ChangeStatus.of(id, TicketStatus.OPEN));
        }
        commands.add(AddMessage.note(id, "クレームを検知しました / complaint detected" + source + ": cues "
            + complaint.signal().cues() + String.format(Locale.ROOT, ", sentiment %.2f, source %s",
            complaint.signal().sentimentScore(), complaint.sourceId())));
        desk.apply(system, id, ticket.version(), commands);
        LOG.info("complaint on ticket {} escalated", id);
    }

    /** @return the latest follow-up of a closed ticket that is not closed itself (after merges), or null */
    private @Nullable Ticket openFollowUp(Principal system, Ticket closed) {
        List<TicketId> followUps = closed.linked(LinkType.FOLLOW_UP);
        for (int i = followUps.size() - 1; i >= 0; i--) {
            Ticket t;
            try {
                t = desk.ticket(system, followUps.get(i));
                for (int hops = 0; t.mergedInto() != null && hops < 16; hops++) {
                    t = desk.ticket(system, t.mergedInto());
                }
            } catch (NotFoundException gone) {
                continue;
            }
            if (t.status() != TicketStatus.CLOSED && t.mergedInto() == null) {
                return t;
            }
        }
        return null;
    }

    /** A closed ticket with no open follow-up: an urgent, flagged follow-up linked to it. */
    private void openFollowUp(Principal system, Ticket closed, ComplaintDetected complaint) {
        CreateTicket.Builder followUp = CreateTicket.builder(closed.requester(), closed.channel(),
                followUpSubject(closed.subject()),
                "クローズ済みチケット #" + closed.number() + " へのフィードバックでクレームを検知しました / complaint detected"
                    + " in feedback on closed ticket #" + closed.number() + ": cues " + complaint.signal().cues())
            .complaint(true).priority(Priority.URGENT).tags(TAG);
        if (closed.language() != null) {
            followUp.language(closed.language());
        }
        Ticket created = desk.createTicket(system, followUp.build());
        desk.link(system, created.id(), LinkType.FOLLOW_UP_OF, closed.id());
        LOG.info("complaint on closed ticket {} escalated as follow-up {}", closed.id(), created.id());
    }

    /** The follow-up's subject: the prefix and the closed ticket's subject, cut with … to fit the desk's limit. */
    static String followUpSubject(String subject) {
        String full = FOLLOW_UP_PREFIX + subject;
        if (full.length() <= MAX_SUBJECT) {
            return full;
        }
        int cut = MAX_SUBJECT - 1;
        if (Character.isHighSurrogate(full.charAt(cut - 1))) {
            cut--;
        }
        return full.substring(0, cut) + "…";
    }

    @Override
    public String toString() {
        return "DeskEscalation";
    }
}
