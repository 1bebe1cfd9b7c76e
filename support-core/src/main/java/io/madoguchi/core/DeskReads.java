package io.madoguchi.core;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.ticket.AuditEntry;
import io.madoguchi.core.ticket.FieldChange;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketPage;
import io.madoguchi.core.ticket.TicketQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The desk's reads: tickets, messages, histories, searches and counts, each in the view the principal may see (a
 * customer gets only their own tickets, public messages, and the history steps and fields meant for them; the ticket
 * theirs was merged into is named to them only if it is theirs too, never another customer's).
 * Package-private; the public API is {@link SupportDesk}'s, which delegates here. Thread-safe.
 */
final class DeskReads {

    private static final Set<String> CUSTOMER_FIELDS = Set.of("status", "priority", "messages", "links", "mergedInto",
        "mergedFrom", "requester");
    private static final Set<String> CUSTOMER_ACTIONS = Set.of("created", "public_reply", "status", "priority", "link",
        "merged_into", "merged_from", "requester");

    private final DeskSteps steps;
    private final DeskStore store;

    DeskReads(DeskSteps steps) {
        this.steps = steps;
        this.store = steps.store;
    }

    Ticket ticket(Principal p, TicketId id) {
        Ticket t = steps.load(p, id);
        return p.isStaff() ? t : forCustomer(t);
    }

    /**
     * The customer's view of their ticket. A ticket merged into another customer's ticket (a merge across
     * requesters) shows as merged and closed, without the other customer's ticket id.
     */
    private Ticket forCustomer(Ticket t) {
        Ticket view = t.forCustomer();
        return mergedIntoAnothers(t) ? view.toBuilder().mergedInto(null).build() : view;
    }

    /** @return whether {@code t} was merged into a ticket that is not its requester's (or no longer exists) */
    private boolean mergedIntoAnothers(Ticket t) {
        TicketId into = t.mergedInto();
        return into != null && !store.ticket(into).map(s -> s.requester().equals(t.requester())).orElse(false);
    }

    List<Message> messages(Principal p, TicketId id) {
        steps.load(p, id);
        List<Message> all = store.messages(id);
        return p.isStaff() ? all : all.stream().filter(m -> !m.isInternal()).toList();
    }

    List<AuditEntry> history(Principal p, TicketId id) {
        Ticket t = steps.load(p, id);
        List<AuditEntry> all = store.history(id);
        if (p.isStaff()) {
            return all;
        }
        // the merge step names the survivor; another customer's ticket id is not shown
        boolean hideSurvivor = mergedIntoAnothers(t);
        // message counts as the customer sees them: public messages only, so internal notes are not counted
        List<Message> messages = store.messages(id);
        int[] publicUpTo = new int[messages.size() + 1];
        for (int i = 0; i < messages.size(); i++) {
            publicUpTo[i + 1] = publicUpTo[i] + (messages.get(i).isInternal() ? 0 : 1);
        }
        List<AuditEntry> visible = new ArrayList<>();
        for (AuditEntry e : all) {
            if (e.internal()) {
                continue;
            }
            List<FieldChange> changes = e.changes().stream().filter(c -> CUSTOMER_FIELDS.contains(c.field()))
                .filter(c -> !(hideSurvivor && c.field().equals("mergedInto")))
                .map(c -> c.field().equals("messages")
                    ? new FieldChange("messages", publicCount(c.oldValue(), publicUpTo),
                        publicCount(c.newValue(), publicUpTo))
                    : c)
                .toList();
            if (!changes.isEmpty() || e.action().equals("created")) {
                String action = CUSTOMER_ACTIONS.contains(e.action()) ? e.action() : "updated";
                visible.add(new AuditEntry(e.version(), e.at(), e.actor(), action, changes, false));
            }
        }
        return List.copyOf(visible);
    }

    private static String publicCount(String count, int[] publicUpTo) {
        try {
            int n = Integer.parseInt(count);
            return Integer.toString(publicUpTo[Math.max(0, Math.min(n, publicUpTo.length - 1))]);
        } catch (NumberFormatException e) {
            return "";
        }
    }

    long count(Principal p, TicketQuery query) {
        requireNonNull(query, "query");
        if (!p.isStaff()) {
            if (query.requester() != null && !query.requester().value().equals(p.id())) {
                throw new AccessDeniedException("a customer may count only their own tickets");
            }
            DeskAccess.refuseStaffOnlyFilters(query);
            return store.count(p.tenantId(), query.toBuilder().requester(CustomerId.of(p.id())).build(), false);
        }
        return store.count(p.tenantId(), query, true);
    }

    TicketPage query(Principal p, TicketQuery query) {
        requireNonNull(query, "query");
        if (!p.isStaff()) {
            if (query.requester() != null && !query.requester().value().equals(p.id())) {
                throw new AccessDeniedException("a customer may search only their own tickets");
            }
            query = query.toBuilder().requester(CustomerId.of(p.id())).build();
            DeskAccess.refuseStaffOnlyFilters(query);
            TicketPage page = store.query(p.tenantId(), query, false);
            return new TicketPage(page.tickets().stream().map(this::forCustomer).toList(), page.nextCursor());
        }
        return store.query(p.tenantId(), query, true);
    }
}
