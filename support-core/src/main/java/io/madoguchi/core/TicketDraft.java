package io.madoguchi.core;

import io.madoguchi.core.event.TicketEvent;
import io.madoguchi.core.store.TicketWrite;
import io.madoguchi.core.ticket.AuditEntry;
import io.madoguchi.core.ticket.FieldChange;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Priority;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketLink;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.ticket.TicketType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The mutable working copy of one ticket during one step: fields, the audit changes, the messages to append and
 * the events to announce once the step is stored. Package-private, the step machinery's alone; confined to the
 * calling thread.
 */
final class TicketDraft {

    /** The snapshot the step started from (null when the step creates the ticket). */
    public final @Nullable Ticket before;
    /** The time of the step: every timestamp it writes. */
    public final Instant now;
    /** Fields of the working copy. */
    public io.madoguchi.core.TenantId tenantId;
    /** Fields of the working copy. */
    public TicketId id;
    /** Fields of the working copy. */
    public long number;
    /** Fields of the working copy. */
    public String subject;
    /** Fields of the working copy. */
    public CustomerId requester;
    /** Fields of the working copy. */
    public @Nullable OrganizationId organization;
    /** Fields of the working copy. */
    public io.madoguchi.core.Channel channel;
    /** Fields of the working copy. */
    public TicketStatus status;
    /** Fields of the working copy. */
    public Priority priority;
    /** Fields of the working copy. */
    public TicketType type;
    /** Fields of the working copy. */
    public boolean complaint;
    /** Fields of the working copy. */
    public List<String> tags;
    /** Fields of the working copy. */
    public Map<String, Object> customFields;
    /** Fields of the working copy. */
    public @Nullable AgentId assignee;
    /** Fields of the working copy. */
    public @Nullable GroupId group;
    /** Fields of the working copy. */
    public @Nullable String language;
    /** Fields of the working copy. */
    public Instant createdAt;
    /** Fields of the working copy. */
    public @Nullable Instant solvedAt;
    /** Fields of the working copy. */
    public @Nullable TicketId mergedInto;
    /** Fields of the working copy. */
    public List<TicketLink> links;
    /** Fields of the working copy. */
    public int messageCount;
    /** Fields of the working copy. */
    public int publicMessageCount;

    private final List<Message> messages = new ArrayList<>(1);
    private final List<FieldChange> changes = new ArrayList<>(2);
    private final List<Function<Ticket, TicketEvent>> events = new ArrayList<>(2);
    private String action = "";
    private boolean internal;

    /**
     * @param t the current snapshot
     * @param now the time of the step
     */
    public TicketDraft(Ticket t, Instant now) {
        this.now = now;
        before = t;
        tenantId = t.tenantId();
        id = t.id();
        number = t.number();
        subject = t.subject();
        requester = t.requester();
        organization = t.organization();
        channel = t.channel();
        status = t.status();
        priority = t.priority();
        type = t.type();
        complaint = t.complaint();
        tags = t.tags();
        customFields = t.customFields();
        assignee = t.assignee();
        group = t.group();
        language = t.language();
        createdAt = t.createdAt();
        solvedAt = t.solvedAt();
        mergedInto = t.mergedInto();
        links = t.links();
        messageCount = t.messageCount();
        publicMessageCount = t.publicMessageCount();
    }

    /**
     * A draft of a new ticket; the caller sets every field.
     *
     * @param tenantId the tenant
     * @param id the new id
     * @param number the new number
     * @param requester the requester
     * @param channel the channel
     * @param createdAt now
     */
    public TicketDraft(io.madoguchi.core.TenantId tenantId, TicketId id, long number, CustomerId requester,
        io.madoguchi.core.Channel channel, Instant createdAt) {
        before = null;
        this.now = createdAt;
        this.tenantId = tenantId;
        this.id = id;
        this.number = number;
        this.subject = "";
        this.requester = requester;
        this.channel = channel;
        this.status = TicketStatus.NEW;
        this.priority = Priority.NORMAL;
        this.type = TicketType.QUESTION;
        this.tags = List.of();
        this.customFields = Map.of();
        this.createdAt = createdAt;
        this.links = List.of();
    }

    /**
     * Names the step (the first name given wins) for the audit entry.
     *
     * @param name the action
     */
    public void action(String name) {
        if (action.isEmpty()) {
            action = name;
        }
    }

    /** Marks the step as staff-only in the audit history. */
    public void markInternal() {
        internal = true;
    }

    /**
     * @param field the field
     * @param oldValue before
     * @param newValue after
     */
    public void change(String field, @Nullable Object oldValue, @Nullable Object newValue) {
        changes.add(new FieldChange(field, text(oldValue), text(newValue)));
    }

    /** Message counts up to this are written into audit entries as shared strings. */
    private static final String[] SMALL_NUMBERS = new String[1024];

    static {
        for (int i = 0; i < SMALL_NUMBERS.length; i++) {
            SMALL_NUMBERS[i] = Integer.toString(i);
        }
    }

    /**
     * An audit value as text. Every message's audit entry holds its count before and after: a small count is a
     * shared string rather than two new strings kept for the life of the ticket.
     */
    private static String text(@Nullable Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Integer i && i >= 0 && i < SMALL_NUMBERS.length) {
            return SMALL_NUMBERS[i];
        }
        return value.toString();
    }

    /** @param m a message to append (its seq must continue the ticket's) */
    public void addMessage(Message m) {
        messages.add(m);
        messageCount++;
        if (!m.isInternal()) {
            publicMessageCount++;
        }
    }

    /** @param event builds an event from the stored snapshot */
    public void event(Function<Ticket, TicketEvent> event) {
        events.add(event);
    }

    /** @return whether the step changes anything */
    public boolean changed() {
        return before == null || !changes.isEmpty() || !messages.isEmpty();
    }

    /**
     * @param now the step's time
     * @return the snapshot after the step
     */
    public Ticket build(Instant now) {
        long version = before == null ? 1 : before.version() + 1;
        return Ticket.builder(id, tenantId, requester, channel, createdAt).number(number).subject(subject)
            .organization(organization).status(status).priority(priority).type(type).complaint(complaint).tags(tags)
            .customFields(customFields).assignee(assignee).group(group).language(language).updatedAt(now)
            .solvedAt(solvedAt).version(version).mergedInto(mergedInto).links(links).messageCount(messageCount)
            .publicMessageCount(publicMessageCount)
            .build();
    }

    /**
     * @param after the snapshot after the step
     * @param actor who
     * @param now when
     * @return the store write
     */
    public TicketWrite write(Ticket after, Principal actor, Instant now) {
        return new TicketWrite(after, messages, new AuditEntry(after.version(), now, actor, action, changes, internal));
    }

    /**
     * @param after the stored snapshot
     * @param sink where the events go
     */
    public void events(Ticket after, List<? super TicketEvent> sink) {
        for (int i = 0; i < events.size(); i++) {
            Function<Ticket, TicketEvent> e = events.get(i);
            sink.add(e.apply(after));
        }
    }

    /** @return the messages this step appends */
    public List<Message> messages() {
        return messages;
    }
}
