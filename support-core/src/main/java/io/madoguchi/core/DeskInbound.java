package io.madoguchi.core;

import static java.util.Objects.requireNonNull;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.inbound.InboundMessage;
import io.madoguchi.core.inbound.Received;
import io.madoguchi.core.internal.CommandValidator;
import io.madoguchi.core.store.IdempotencyKey;
import io.madoguchi.core.ticket.AddMessage;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketCommand;
import io.madoguchi.core.ticket.TicketQuery;
import io.madoguchi.core.ticket.Visibility;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The receive step: inbound customer messages resolved to a customer and a conversation and written as the
 * customer, one sender at a time, deduplicated by the provider's message id. Package-private; the public API is
 * {@link SupportDesk#receive}. Thread-safe.
 */
final class DeskInbound {

    private final DeskSteps steps;
    private final DeskCustomers customers;
    private final DeskTickets tickets;
    private final CommandValidator validator;
    /** The scope of the claim on a customer's first conversation on a channel, followed by the channel's name. */
    private static final String OPENING = "conversation:";

    private final ReentrantLock[] receiveLocks = new ReentrantLock[64];

    DeskInbound(DeskSteps steps, DeskCustomers customers, DeskTickets tickets, CommandValidator validator) {
        this.steps = steps;
        this.customers = customers;
        this.tickets = tickets;
        this.validator = validator;
        for (int i = 0; i < receiveLocks.length; i++) {
            receiveLocks[i] = new ReentrantLock();
        }
    }

    Received receive(Principal gateway, InboundMessage message) {
        DeskAccess.requireStaff(gateway, "receive inbound messages");
        validator.check(requireNonNull(message, "message"));
        TenantId tenant = gateway.tenantId();
        IdempotencyKey key = message.providerMessageId() == null ? null
            : IdempotencyKey.inbound(tenant, message.channel(), message.providerMessageId());
        ReentrantLock lock = receiveLocks[(31 * tenant.hashCode() + message.identity().hashCode() & 0x7fffffff)
            % receiveLocks.length];
        lock.lock();
        try {
            if (key != null) {
                Optional<String> stored = steps.store.eventLog().claimed(key);
                if (stored.isPresent()) {
                    return duplicate(gateway, stored.get());
                }
            }
            Customer customer = customers.resolveCustomer(gateway, message.identity(), message.displayName());
            return write(gateway, customer, message, key, conversation(tenant, customer, message));
        } finally {
            lock.unlock();
        }
    }

    Optional<Received> received(Principal gateway, Channel channel, String providerMessageId) {
        DeskAccess.requireStaff(gateway, "read received messages");
        requireNonNull(channel, "channel");
        requireNonNull(providerMessageId, "providerMessageId");
        Optional<String> stored = steps.store.eventLog().claimed(
            IdempotencyKey.inbound(gateway.tenantId(), channel, providerMessageId));
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(duplicate(gateway, stored.get()));
        } catch (NotFoundException e) {
            return Optional.empty(); // the ticket or the message is gone since
        }
    }

    /**
     * Writes the message to the conversation found, or opens one. Opening a customer's first conversation on a
     * channel claims that opening, so two host instances receiving two different messages from one new customer at
     * once (the lock above holds in one JVM only) open one ticket: the later commit is refused and joins it.
     */
    private Received write(Principal gateway, Customer customer, InboundMessage message,
                           @Nullable IdempotencyKey key, @Nullable Ticket target) {
        TenantId tenant = gateway.tenantId();
        Principal as = Principal.customer(tenant, customer.id());
        IdempotencyKey opening = target == null && !message.hintOnly()
            ? new IdempotencyKey(tenant, OPENING + message.channel().name(), customer.id().value()) : null;
        List<IdempotencyKey> claims = new ArrayList<>(2);
        if (key != null) {
            claims.add(key);
        }
        if (opening != null) {
            claims.add(opening);
        }
        DeskSteps.PENDING_CLAIMS.set(claims.isEmpty() ? null : claims);
        try {
            if (target == null) {
                String subject = message.subject() != null ? message.subject() : subjectOf(message.text());
                CreateTicket.Builder create = CreateTicket.builder(customer.id(), message.channel(), subject,
                    message.text()).attachments(message.attachments());
                String language = message.language() != null ? message.language() : customer.language();
                if (language != null) {
                    create.language(language);
                }
                Ticket created = tickets.createTicket(as, create.build(), false);
                Ticket staffView = steps.store.ticket(created.id()).orElseThrow();
                return new Received(customer, staffView, steps.store.messages(created.id()).get(0),
                    Received.Outcome.OPENED);
            }
            DeskTickets.Posted posted = tickets.post(as, new AddMessage(target.id(), Visibility.PUBLIC,
                message.text(), message.attachments(), TicketCommand.LATEST));
            Ticket staffView = steps.store.ticket(posted.ticket().id()).orElseThrow();
            // what post() did decides, not the target's status: a merged ticket is closed, yet post() follows the
            // merge and the message joins the open survivor; and a ticket open when chosen may be closed by now
            return new Received(customer, staffView, posted.message(),
                posted.followUp() ? Received.Outcome.FOLLOW_UP : Received.Outcome.JOINED);
        } catch (DuplicateRequestException e) {
            if (e.scope().startsWith("inbound:")) {
                return duplicate(gateway, e.existingResult());
            }
            if (opening == null || !e.scope().equals(opening.scope())) {
                throw e;
            }
            // another instance opened this customer's conversation on the channel a moment ago: join it
            Ticket opened = steps.store.ticket(ticketOf(e.existingResult())).orElseThrow(() -> e);
            return write(gateway, customer, message, key, opened);
        } finally {
            DeskSteps.PENDING_CLAIMS.remove();
        }
    }

    private static TicketId ticketOf(String stored) {
        return TicketId.of(stored.substring(0, stored.lastIndexOf('#')));
    }

    private Received duplicate(Principal gateway, String stored) {
        TicketId id = ticketOf(stored);
        int seq = Integer.parseInt(stored.substring(stored.lastIndexOf('#') + 1));
        Ticket t = steps.store.ticket(id).orElseThrow(() -> new NotFoundException("ticket " + id + " is gone"));
        DeskAccess.requireTenant(gateway, t.tenantId(), "ticket " + id);
        Message m = steps.store.messages(id).stream().filter(x -> x.seq() == seq).findFirst()
            .orElseThrow(() -> new NotFoundException("message " + seq + " of ticket " + id + " is gone"));
        Customer c = steps.store.customer(t.requester())
            .orElseThrow(() -> new NotFoundException("the requester of ticket " + id + " is gone"));
        return new Received(c, t, m, Received.Outcome.DUPLICATE);
    }

    private @Nullable Ticket conversation(TenantId tenant, Customer customer, InboundMessage message) {
        if (message.ticketHint() != null) {
            Optional<Ticket> hinted = steps.store.ticket(message.ticketHint());
            if (hinted.isPresent() && hinted.get().tenantId().equals(tenant)
                && hinted.get().requester().equals(customer.id())) {
                return hinted.get();
            }
        }
        if (message.hintOnly()) {
            return null;
        }
        TicketQuery latest = TicketQuery.builder().requester(customer.id()).channel(message.channel())
            .sort(io.madoguchi.core.ticket.TicketSort.UPDATED, true).limit(1).build();
        List<Ticket> found = steps.store.query(tenant, latest, false).tickets();
        return found.isEmpty() ? null : found.get(0);
    }

    /** The first line of the text, at most 50 characters, never split inside a surrogate pair. */
    private static String subjectOf(String text) {
        String line = text.strip().lines().findFirst().orElse("").strip();
        if (line.codePointCount(0, line.length()) > 50) {
            line = line.substring(0, line.offsetByCodePoints(0, 49)) + "…";
        }
        return line.isEmpty() || io.madoguchi.core.internal.Text.problem(line, false) != null ? "(no subject)" : line;
    }
}
