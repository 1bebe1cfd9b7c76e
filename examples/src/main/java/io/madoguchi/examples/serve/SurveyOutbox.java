package io.madoguchi.examples.serve;

import io.madoguchi.core.IllegalTransitionException;
import io.madoguchi.core.NotFoundException;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.EventSubscriber;
import io.madoguchi.core.feedback.Invitation;
import io.madoguchi.core.feedback.SurveyInvitationSent;
import io.madoguchi.core.feedback.Surveys;
import io.madoguchi.core.ticket.AddMessage;
import io.madoguchi.core.ticket.Delivery;
import io.madoguchi.core.ticket.TicketCommand;
import io.madoguchi.core.ticket.Visibility;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code survey-invitations} subscriber: turns each committed {@link SurveyInvitationSent} event (appended when
 * {@link Surveys#dispatchDue} hands a due invitation out) into one public message with the survey link on the
 * ticket, to be sent on the ticket's channel. The desk commits that message's {@code DeliveryRequested} event with
 * it, so the channel outbox's own subscriber delivers it as it delivers every reply (threading, splitting, retries,
 * dead letters); on web chat the widget shows it over SSE. A redelivered event, or the same event read again after a
 * restart from the subscriber's stored checkpoint, finds the link's token already on the ticket and writes nothing.
 * Thread-safe.
 */
final class SurveyOutbox implements EventSubscriber {

    /** The subscriber's name, under which its checkpoint is stored. */
    static final String NAME = "survey-invitations";
    private static final Logger LOG = LoggerFactory.getLogger(SurveyOutbox.class);

    private final SupportDesk desk;
    private final Surveys surveys;
    private final Function<String, String> link;

    /**
     * @param link the survey link for a token
     */
    SurveyOutbox(SupportDesk desk, Surveys surveys, Function<String, String> link) {
        this.desk = desk;
        this.surveys = surveys;
        this.link = link;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void handle(EventEnvelope envelope) {
        if (!(envelope.event() instanceof SurveyInvitationSent sent)) {
            return;
        }
        TicketId ticketId = sent.ticketId();
        Optional<Invitation> invitation = surveys.invitation(sent.tenantId(), sent.invitationId());
        if (invitation.isEmpty() || ticketId == null) {
            return;
        }
        String token = invitation.get().token();
        Principal system = desk.system(sent.tenantId(), "surveys");
        try {
            // the subscriber is this desk's only writer of survey links, and handles one event at a time under its
            // lease: a message with the token means this event was handled before its checkpoint was stored
            if (desk.messages(system, ticketId).stream().anyMatch(m -> m.body().contains(token))) {
                return;
            }
            desk.addMessage(system, new AddMessage(ticketId, Visibility.PUBLIC, text(link.apply(token)), List.of(),
                TicketCommand.LATEST, Delivery.SEND));
        } catch (NotFoundException | IllegalTransitionException e) {
            LOG.info("survey invitation {}: the ticket is gone or closed, link not sent", sent.invitationId());
        }
    }

    private static String text(String url) {
        return "このたびはお問い合わせいただきありがとうございました。対応はいかがでしたか？"
            + "1分ほどのアンケートにご協力ください: " + url;
    }

    @Override
    public String toString() {
        return "SurveyOutbox[" + NAME + "]";
    }
}
