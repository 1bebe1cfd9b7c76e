package io.madoguchi.core;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketQuery;
import java.util.Locale;
import java.util.Optional;

/**
 * The desk's authorisation checks: who may make a call, and which tickets a principal may see. An id the principal
 * may not see answers {@link NotFoundException} exactly as a missing one; {@link AccessDeniedException} is for a
 * role that may not make the call at all. Package-private; stateless.
 */
final class DeskAccess {

    private DeskAccess() {
    }

    static void requireTenant(Principal p, TenantId tenant, String what) {
        if (!p.tenantId().equals(tenant)) {
            throw new AccessDeniedException(what + " belongs to another tenant than " + p.tenantId());
        }
    }

    static void requireStaff(Principal p, String what) {
        requireNonNull(p, "principal");
        if (!p.isStaff()) {
            throw new AccessDeniedException("a customer may not " + what);
        }
    }

    static void requireAdmin(Principal p, String what) {
        requireNonNull(p, "principal");
        if (p.kind() != Principal.Kind.ADMIN && p.kind() != Principal.Kind.SYSTEM) {
            throw new AccessDeniedException("only an admin may " + what + ", not "
                + p.kind().name().toLowerCase(Locale.ROOT));
        }
    }

    /**
     * @return the ticket if the principal may see it
     * @throws NotFoundException if it is missing, of another tenant, or (for a customer) another customer's: an
     *     AccessDenied would tell the caller that the id exists
     */
    static Ticket visible(Principal p, TicketId id, Optional<Ticket> found) {
        if (found.isEmpty() || !found.get().tenantId().equals(p.tenantId())
            || p.kind() == Principal.Kind.CUSTOMER && !found.get().requester().value().equals(p.id())) {
            throw new NotFoundException("ticket " + id + " not found");
        }
        return found.get();
    }

    /** A customer searches and counts only by the fields they see. */
    static void refuseStaffOnlyFilters(TicketQuery query) {
        if (query.tag() != null || query.complaint() != null || query.group() != null || query.assignee() != null) {
            throw new AccessDeniedException(
                "a customer may not filter on staff-only fields (tag, complaint, group, assignee)");
        }
    }
}
