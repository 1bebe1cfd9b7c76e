package io.madoguchi.core.store;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.event.SupportEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one desk step writes, committed all or nothing: ticket writes (snapshots, messages, audit entries),
 * customer writes, the events the step emits (appended to the event log in this order) and its idempotency claims,
 * each mapped to the result a retry gets back (for example the id of the ticket or message it created). Immutable.
 *
 * @param tickets ticket writes, at most one per ticket
 * @param customers customers after the change (version 1 creates, any other replaces version - 1)
 * @param events the events to append, in order
 * @param claims idempotency claims and their results
 */
public record ChangeSet(List<TicketWrite> tickets, List<Customer> customers, List<SupportEvent> events,
                        Map<IdempotencyKey, String> claims) {

    /** Copies every collection. */
    public ChangeSet {
        tickets = List.copyOf(tickets);
        customers = List.copyOf(customers);
        events = List.copyOf(events);
        claims = requireNonNull(claims, "claims").isEmpty() ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(claims));
    }

    /**
     * @param tickets ticket writes
     * @return a change set of only these writes
     */
    public static ChangeSet ofTickets(List<TicketWrite> tickets) {
        return new ChangeSet(tickets, List.of(), List.of(), Map.of());
    }

    /**
     * @param customers customer writes
     * @return a change set of only these writes
     */
    public static ChangeSet ofCustomers(List<Customer> customers) {
        return new ChangeSet(List.of(), customers, List.of(), Map.of());
    }

    /** @return whether there is nothing to write */
    public boolean isEmpty() {
        return tickets.isEmpty() && customers.isEmpty() && events.isEmpty() && claims.isEmpty();
    }
}
