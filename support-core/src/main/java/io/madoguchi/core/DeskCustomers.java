package io.madoguchi.core;

import static java.util.Objects.requireNonNull;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.customer.IdentityKind;
import io.madoguchi.core.customer.NewCustomer;
import io.madoguchi.core.customer.Organization;
import io.madoguchi.core.event.CustomerCreated;
import io.madoguchi.core.event.CustomerMerged;
import io.madoguchi.core.event.RequesterChanged;
import io.madoguchi.core.internal.CommandValidator;
import io.madoguchi.core.store.ChangeSet;
import io.madoguchi.core.store.IdempotencyKey;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketPage;
import io.madoguchi.core.ticket.TicketQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The desk's customers: creating, resolving by channel identity, editing and merging them. Package-private; the
 * public API is {@link SupportDesk}'s, which delegates here. Thread-safe.
 */
final class DeskCustomers {

    private final DeskSteps steps;
    private final IdGenerator ids;
    private final CommandValidator validator;

    DeskCustomers(DeskSteps steps, IdGenerator ids, CommandValidator validator) {
        this.steps = steps;
        this.ids = ids;
        this.validator = validator;
    }

    Customer createCustomer(Principal p, NewCustomer command) {
        DeskAccess.requireStaff(p, "create customers");
        validator.check(requireNonNull(command, "command"));
        OrganizationId org = command.organization();
        if (org != null) {
            OrganizationId wanted = org;
            if (steps.store.organization(p.tenantId(), wanted).isEmpty()) {
                throw ValidationException.of("organization", "unknown organization " + wanted);
            }
        } else {
            org = organizationByDomain(p.tenantId(), command.identities());
        }
        Customer c = new Customer(ids.customerId(p.tenantId()), p.tenantId(),
            command.name().strip(), List.copyOf(new java.util.LinkedHashSet<>(command.identities())), org,
            command.language(), null, steps.now(), 1);
        List<IdentityKind> kinds = c.identities().stream().map(ChannelIdentity::kind).toList();
        Optional<String> earlier = steps.commitChanges(new ChangeSet(List.of(), List.of(c),
            List.of(new CustomerCreated(p.tenantId(), p, c.createdAt(), c.id(), kinds)),
            DeskSteps.claims(p.tenantId(), c.id().value())));
        return earlier.isPresent() ? steps.store.customer(CustomerId.of(earlier.get())).orElseThrow() : c;
    }

    private @Nullable OrganizationId organizationByDomain(TenantId tenantId, List<ChannelIdentity> identities) {
        for (ChannelIdentity i : identities) {
            if (i.kind() == IdentityKind.EMAIL) {
                String domain = i.value().substring(i.value().indexOf('@') + 1);
                for (Organization o : steps.store.organizations(tenantId)) {
                    if (o.emailDomains().contains(domain)) {
                        return o.id();
                    }
                }
            }
        }
        return null;
    }

    Customer resolveCustomer(Principal p, ChannelIdentity identity, String displayName) {
        DeskAccess.requireStaff(p, "resolve customers");
        requireNonNull(identity, "identity");
        requireNonNull(displayName, "displayName");
        for (int attempt = 0; ; attempt++) {
            Optional<Customer> found = steps.store.customerByIdentity(p.tenantId(), identity);
            if (found.isPresent()) {
                return found.get();
            }
            try {
                return createCustomer(p, NewCustomer.of(displayName, identity));
            } catch (ConflictException e) {
                if (attempt >= DeskSteps.RETRIES) {
                    throw e;
                }
            }
        }
    }

    Optional<Customer> findCustomer(Principal p, ChannelIdentity identity) {
        DeskAccess.requireStaff(p, "look up customers");
        return steps.store.customerByIdentity(p.tenantId(), identity);
    }

    Customer customer(Principal p, CustomerId id) {
        requireNonNull(p, "principal");
        requireNonNull(id, "id");
        Optional<Customer> found = steps.store.customer(id);
        // another tenant's customer, or another customer for a customer, answers as a missing one (no oracle)
        if (found.isEmpty() || !found.get().tenantId().equals(p.tenantId())
            || !p.isStaff() && !p.id().equals(id.value())) {
            throw new NotFoundException("customer " + id + " not found");
        }
        return found.get();
    }

    Customer addIdentity(Principal p, CustomerId id, ChannelIdentity identity) {
        DeskAccess.requireStaff(p, "change customers");
        requireNonNull(identity, "identity");
        Customer c = customer(p, id);
        refuseMerged(c, "customerId");
        if (c.identities().contains(identity)) {
            return c;
        }
        List<ChannelIdentity> ids = new ArrayList<>(c.identities());
        ids.add(identity);
        Customer after = new Customer(c.id(), c.tenantId(), c.name(), ids, c.organization(), c.language(),
            c.mergedInto(), c.createdAt(), c.version() + 1);
        steps.commitChanges(new ChangeSet(List.of(), List.of(after), List.of(),
            DeskSteps.claims(p.tenantId(), after.id().value())));
        return after;
    }

    Customer updateCustomer(Principal p, io.madoguchi.core.customer.UpdateCustomer command) {
        DeskAccess.requireStaff(p, "change customers");
        validator.check(requireNonNull(command, "command"));
        Customer c = customer(p, command.customerId());
        refuseMerged(c, "customerId");
        if (command.expectedVersion() != 0 && c.version() != command.expectedVersion()) {
            throw new ConflictException("customer " + c.id() + " is at version " + c.version()
                + ", the change was based on version " + command.expectedVersion());
        }
        OrganizationId org = command.organization();
        if (org != null) {
            if (steps.store.organization(p.tenantId(), org).isEmpty()) {
                throw ValidationException.of("organization", "unknown organization " + org);
            }
        }
        Customer after = new Customer(c.id(), c.tenantId(), command.name() != null ? command.name().strip() : c.name(),
            c.identities(), org != null ? org : c.organization(),
            command.language() != null ? command.language() : c.language(),
            c.mergedInto(), c.createdAt(), c.version() + 1);
        if (after.name().equals(c.name()) && java.util.Objects.equals(after.organization(), c.organization())
            && java.util.Objects.equals(after.language(), c.language())) {
            return c;
        }
        steps.commitChanges(new ChangeSet(List.of(), List.of(after), List.of(),
            DeskSteps.claims(p.tenantId(), after.id().value())));
        return after;
    }

    /** A merged-away customer is kept only as a pointer to the survivor: it takes no more changes. */
    private static void refuseMerged(Customer c, String field) {
        if (c.mergedInto() != null) {
            throw ValidationException.of(field, "customer " + c.id() + " was merged into " + c.mergedInto()
                + "; change the surviving customer instead");
        }
    }

    Customer mergeCustomers(Principal p, CustomerId survivor, CustomerId merged) {
        DeskAccess.requireStaff(p, "merge customers");
        requireNonNull(survivor, "survivor");
        requireNonNull(merged, "merged");
        if (survivor.equals(merged)) {
            throw ValidationException.of("merged", "cannot merge customer " + merged + " into itself");
        }
        Customer after;
        for (int attempt = 0; ; attempt++) {
            try {
                after = mergeOnce(p, survivor, merged);
                break;
            } catch (DuplicateRequestException e) {
                throw e;
            } catch (ConflictException e) {
                if (attempt >= DeskSteps.RETRIES) {
                    throw e;
                }
            }
        }
        sweep(p, after, merged);
        return after;
    }

    private Customer mergeOnce(Principal p, CustomerId survivor, CustomerId merged) {
        Customer s = customer(p, survivor);
        Customer m = customer(p, merged);
        if (s.mergedInto() != null) {
            throw ValidationException.of("survivor", "customer " + survivor + " was already merged into "
                + s.mergedInto());
        }
        CustomerId mergedInto = m.mergedInto();
        if (mergedInto != null) {
            Optional<Customer> done = mergedBefore(p, mergedInto);
            if (done.isPresent()) {
                return done.get();
            }
            throw ValidationException.of("merged", "customer " + merged + " was already merged into " + mergedInto);
        }
        List<ChannelIdentity> ids = new ArrayList<>(s.identities());
        for (ChannelIdentity i : m.identities()) {
            if (!ids.contains(i)) {
                ids.add(i);
            }
        }
        Customer s2 = new Customer(s.id(), s.tenantId(), s.name(), ids,
            s.organization() != null ? s.organization() : m.organization(),
            s.language() != null ? s.language() : m.language(), null, s.createdAt(), s.version() + 1);
        Customer m2 = new Customer(m.id(), m.tenantId(), m.name(), List.of(), m.organization(), m.language(), s.id(),
            m.createdAt(), m.version() + 1);
        // one change set: both customers, every moved ticket and the events, so a crash cannot leave it half done
        Instant now = steps.now();
        List<TicketDraft> drafts = moveTickets(p, merged, s2, now);
        List<TicketId> moved = drafts.stream().map(d -> d.id).toList();
        CustomerMerged event = new CustomerMerged(p.tenantId(), p, now, s.id(), m.id(), moved);
        Optional<String> earlier = steps.commitStep(p, drafts, now, List.of(s2, m2), List.of(event), s2.id().value());
        // a subscriber's redelivered merge that committed first (while this one was between its reads and its
        // commit): nothing was written now; answer with the survivor that merge stored
        return earlier.flatMap(id -> steps.store.customer(CustomerId.of(id))).orElse(s2);
    }

    /**
     * The survivor a subscriber's earlier delivery of the event being handled stored with this very merge step, if
     * this is such a redelivery (the merged customer then reads as merged already): the merge is not repeated, and
     * the step counts as done so the subscriber's later steps keep their keys.
     *
     * @param into the customer the merged customer was merged into
     */
    private Optional<Customer> mergedBefore(Principal p, CustomerId into) {
        IdempotencyKey key = SubscriberRunner.stepKey(p.tenantId());
        if (key == null) {
            return Optional.empty();
        }
        // the claim's result is the survivor's id when the claimed step was this merge
        Optional<Customer> stored = steps.store.eventLog().claimed(key)
            .filter(id -> id.equals(into.value()))
            .flatMap(id -> steps.store.customer(into))
            .filter(c -> c.tenantId().equals(p.tenantId()));
        if (stored.isPresent()) {
            SubscriberRunner.stepDone();
        }
        return stored;
    }

    /**
     * Moves the tickets a creation committed while the merge ran (after the merge read the merged customer's
     * tickets, before it committed) to the survivor. No ticket can reach the merged customer after the merge
     * committed: a creation names the requester's version it read, which the merge changed. Always one step (also
     * when nothing is left), so a subscriber's redelivered merge keeps its step keys.
     */
    private void sweep(Principal p, Customer survivor, CustomerId merged) {
        for (int attempt = 0; ; attempt++) {
            Instant now = steps.now();
            List<TicketDraft> drafts = moveTickets(p, merged, survivor, now);
            if (drafts.isEmpty()) {
                SubscriberRunner.stepDone();
                return;
            }
            try {
                steps.commit(p, drafts, now, List.of(), List.of(), survivor.id().value());
                return;
            } catch (DuplicateRequestException e) {
                throw e;
            } catch (ConflictException e) {
                // a moved ticket changed meanwhile: read them again
                if (attempt >= DeskSteps.RETRIES) {
                    throw e;
                }
            }
        }
    }

    /** @return a draft per ticket of {@code from}, each moved to {@code to} */
    private List<TicketDraft> moveTickets(Principal p, CustomerId from, Customer to, Instant now) {
        List<TicketDraft> drafts = new ArrayList<>();
        TicketQuery q = TicketQuery.builder().requester(from).sort(io.madoguchi.core.ticket.TicketSort.CREATED, false)
            .limit(TicketQuery.MAX_LIMIT).build();
        while (true) {
            TicketPage page = steps.store.query(p.tenantId(), q, false);
            for (Ticket t : page.tickets()) {
                TicketDraft d = new TicketDraft(t, now);
                d.action("requester");
                d.change("requester", d.requester, to.id());
                d.requester = to.id();
                if (d.organization == null) {
                    d.organization = to.organization();
                }
                d.event(t2 -> new RequesterChanged(t2, p, t2.updatedAt(), from, to.id()));
                drafts.add(d);
            }
            if (page.next().isEmpty()) {
                return drafts;
            }
            q = q.after(page.nextCursor());
        }
    }
}
