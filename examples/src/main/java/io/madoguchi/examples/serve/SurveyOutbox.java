package io.madoguchi.examples.serve;

import io.madoguchi.channels.ChannelAdapter;
import io.madoguchi.channels.ReplyContext;
import io.madoguchi.channels.TextSplitter;
import io.madoguchi.channels.outbox.OutboxRow;
import io.madoguchi.channels.outbox.OutboxSender;
import io.madoguchi.channels.outbox.OutboxStore;
import io.madoguchi.core.Channel;
import io.madoguchi.core.IllegalTransitionException;
import io.madoguchi.core.NotFoundException;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.EventSubscriber;
import io.madoguchi.core.feedback.Invitation;
import io.madoguchi.core.feedback.SurveyInvitationSent;
import io.madoguchi.core.feedback.Surveys;
import io.madoguchi.core.ticket.AddMessage;
import io.madoguchi.core.ticket.Delivery;
import io.madoguchi.core.ticket.TicketCommand;
import io.madoguchi.core.ticket.Visibility;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code survey-invitations} subscriber: turns each committed {@link SurveyInvitationSent} event (appended when
 * {@link Surveys#dispatchDue} hands a due invitation out) into an outbox row on the ticket's channel with the survey
 * link, and hands it to the {@link OutboxSender}. The event's position is the row's id, so a redelivered event, or
 * the same event read again after a restart from the subscriber's stored checkpoint, writes no second row; a row
 * already written is only dispatched again (the sender sends each row once). On web chat, where the visitor reads
 * the ticket's public messages, the link is posted as a record-only public message instead, once: a redelivered
 * event finds the link's token already on the ticket. An invitation on another channel no sender serves is left as
 * it is. Thread-safe.
 */
final class SurveyOutbox implements EventSubscriber {

    /** The subscriber's name, under which its checkpoint is stored. */
    static final String NAME = "survey-invitations";
    private static final Logger LOG = LoggerFactory.getLogger(SurveyOutbox.class);

    private final SupportDesk desk;
    private final Surveys surveys;
    private final OutboxStore store;
    private final OutboxSender sender;
    private final Function<String, String> link;

    /**
     * @param link the survey link for a token
     */
    SurveyOutbox(SupportDesk desk, Surveys surveys, OutboxStore store, OutboxSender sender,
                 Function<String, String> link) {
        this.desk = desk;
        this.surveys = surveys;
        this.store = store;
        this.sender = sender;
        this.link = link;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void handle(EventEnvelope envelope) {
        if (!(envelope.event() instanceof SurveyInvitationSent sent) || sent.ticketId() == null) {
            return;
        }
        long position = envelope.position();
        if (Channel.WEB_CHAT.equals(sent.channel())) {
            postInChat(sent);
            return;
        }
        Optional<ChannelAdapter> adapter = sender.adapter(sent.channel().name());
        if (adapter.isEmpty()) {
            LOG.info("survey invitation {} is on {}, which no sender serves here: not sent", sent.invitationId(),
                sent.channel());
            return;
        }
        if (store.get(position).isPresent()) {
            sender.dispatch(position);
            return;
        }
        Optional<Invitation> invitation = surveys.invitation(sent.invitationId());
        if (invitation.isEmpty()) {
            return;
        }
        Principal system = desk.system(sent.tenantId(), "surveys");
        Optional<ChannelIdentity> recipient;
        try {
            recipient = desk.customer(system, sent.customer()).identities().stream()
                .filter(i -> i.kind() == adapter.get().identityKind()).findFirst();
        } catch (NotFoundException e) {
            recipient = Optional.empty();
        }
        if (recipient.isEmpty()) {
            LOG.info("survey invitation {}: the customer has no {} identity", sent.invitationId(),
                adapter.get().identityKind());
            return;
        }
        String text = text(link.apply(invitation.get().token()));
        Instant now = desk.clock().instant().truncatedTo(ChronoUnit.MICROS);
        List<String> parts = TextSplitter.split(text, adapter.get().capabilities().maxTextLength());
        store.add(new OutboxRow(position, sent.tenantId(), sent.ticketId(), 0, sent.channel(), recipient.get(), parts,
            0, ReplyContext.none(now), OutboxRow.Status.PENDING, 0, 0, now, null, now, 1));
        sender.dispatch(position);
    }

    /** Posts the link in the visitor's conversation unless an earlier delivery of the event already did. */
    private void postInChat(SurveyInvitationSent sent) {
        Optional<Invitation> invitation = surveys.invitation(sent.invitationId());
        TicketId ticketId = sent.ticketId();
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
                TicketCommand.LATEST, Delivery.RECORD_ONLY));
        } catch (NotFoundException | IllegalTransitionException e) {
            LOG.info("survey invitation {}: the conversation is gone or closed, link not posted",
                sent.invitationId());
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
