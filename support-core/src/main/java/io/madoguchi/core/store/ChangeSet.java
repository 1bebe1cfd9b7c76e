package io.madoguchi.core.store;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.CustomerId;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.event.SupportEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one desk step writes, committed all or nothing: ticket writes (snapshots, messages, audit entries),
 * customer writes, the events the step emits (appended to the event log in this order) and its idempotency claims,
 * each mapped to the result a retry gets back (for example the id of the ticket or message it created), and the
 * customer versions it was based on. Immutable.
 *
 * <p>{@code customerVersions} guard customers the change set reads but does not write: the store commits only if
 * each named customer is stored at exactly that version (else {@link io.madoguchi.core.ConflictException}, nothing
 * written), checked atomically with the writes, as a customer write's own version is. A ticket created for a
 * customer names the customer it read, so a customer merge committed meanwhile (which writes the customer) makes
 * the creation fail and start over on the surviving customer, instead of leaving a ticket on the merged-away one.
 *
 * @param tickets ticket writes, at most one per ticket
 * @param customers customers after the change (version 1 creates, any other replaces version - 1)
 * @param events the events to append, in order
 * @param claims idempotency claims and their results
 * @param customerVersions customers the change is based on, each with the version it read (not written here)
 */
public record ChangeSet(List<TicketWrite> tickets, List<Customer> customers, List<SupportEvent> events,
                        Map<IdempotencyKey, String> claims, Map<CustomerId, Long> customerVersions) {

    /**
     * Copies every collection.
     *
     * @param tickets ticket writes, at most one per ticket
     * @param customers customers after the change (version 1 creates, any other replaces version - 1)
     * @param events the events to append, in order
     * @param claims idempotency claims and their results
     * @param customerVersions customers the change is based on, each with the version it read (not written here)
     */
    public ChangeSet {
        tickets = List.copyOf(tickets);
        customers = List.copyOf(customers);
        events = List.copyOf(events);
        claims = requireNonNull(claims, "claims").isEmpty() ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(claims));
        customerVersions = Map.copyOf(customerVersions);
    }

    /**
     * A change set based on no customer version.
     *
     * @param tickets ticket writes, at most one per ticket
     * @param customers customers after the change
     * @param events the events to append, in order
     * @param claims idempotency claims and their results
     */
    public ChangeSet(List<TicketWrite> tickets, List<Customer> customers, List<SupportEvent> events,
                     Map<IdempotencyKey, String> claims) {
        this(tickets, customers, events, claims, Map.of());
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
        return tickets.isEmpty() && customers.isEmpty() && events.isEmpty() && claims.isEmpty()
            && customerVersions.isEmpty();
    }
}
