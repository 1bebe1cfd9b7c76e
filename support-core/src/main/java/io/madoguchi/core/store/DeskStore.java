package io.madoguchi.core.store;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.CustomerId;
import io.madoguchi.core.GroupId;
import io.madoguchi.core.OrganizationId;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.agent.Agent;
import io.madoguchi.core.agent.Group;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.customer.Organization;
import io.madoguchi.core.macro.Macro;
import io.madoguchi.core.store.memory.InMemoryDeskStore;
import io.madoguchi.core.ticket.AuditEntry;
import io.madoguchi.core.ticket.CustomFieldDefinition;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketPage;
import io.madoguchi.core.ticket.TicketQuery;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the desk keeps its data (SPI). The desk checks access and validates; a store only stores, atomically and
 * with optimistic versions. Implementations must be thread-safe and pass {@code DeskStoreContract} (in the
 * support-core test-jar).
 *
 * <p>Reads return snapshots: later writes never change a returned value. Tickets and customers are looked up by id
 * alone (their ids are unique across tenants; the desk compares the tenant itself). Agents, groups, organizations,
 * macros and field definitions are per tenant: each tenant has its own ids, so two tenants may both have an agent
 * {@code a1}, and a lookup names the tenant.
 */
public interface DeskStore {

    /** @return a new thread-safe in-memory store, its claims aged on the system clock */
    static DeskStore inMemory() {
        return new InMemoryDeskStore();
    }

    /**
     * @param clock the clock idempotency claims age on (the desk's clock)
     * @return a new thread-safe in-memory store
     */
    static DeskStore inMemory(java.time.Clock clock) {
        return new InMemoryDeskStore(clock);
    }

    /**
     * @param tenantId the tenant
     * @param name the sequence, for example {@code ticket}
     * @return the next value of the tenant's sequence, starting at 1; never returned twice
     */
    long nextSequence(TenantId tenantId, String name);

    /**
     * Commits one change set, all or nothing: ticket writes, customer writes, the events (appended to
     * {@link #eventLog()}) and the idempotency claims. A ticket write with version 1 creates its ticket; any other
     * replaces the stored version {@code version - 1} and appends its messages and audit entry. Customers likewise.
     * Identities are unique per tenant. Each of {@link ChangeSet#customerVersions()} must be stored at exactly that
     * version, checked atomically with the writes (a customer write committed meanwhile makes this commit fail).
     *
     * @param changes the change set (at most one write per ticket)
     * @throws io.madoguchi.core.DuplicateRequestException if a claim is already held; nothing is written
     * @throws io.madoguchi.core.ConflictException if a created ticket or customer already exists, a stored version
     *     is not the expected one (including a customer of {@code customerVersions}), or an identity is held by
     *     another customer; nothing is written
     * @throws io.madoguchi.core.NotFoundException if an updated ticket or customer does not exist; nothing is written
     * @throws StoreException if the store failed; nothing is written
     */
    void commit(ChangeSet changes);

    /**
     * Commits ticket writes alone.
     *
     * @param writes the writes, at most one per ticket
     * @throws io.madoguchi.core.ConflictException as {@link #commit(ChangeSet)}
     * @throws io.madoguchi.core.NotFoundException as {@link #commit(ChangeSet)}
     */
    default void commit(List<TicketWrite> writes) {
        commit(ChangeSet.ofTickets(writes));
    }

    /** @return the event log this store's change sets append to */
    EventLog eventLog();

    /** @return the subscribers' checkpoints, kept beside the log */
    CheckpointStore checkpoints();

    /**
     * @param id the ticket
     * @return its latest snapshot
     */
    Optional<Ticket> ticket(TicketId id);

    /**
     * @param id the ticket
     * @return its messages in order; empty if unknown
     */
    List<Message> messages(TicketId id);

    /**
     * @param id the ticket
     * @return its audit history in version order; empty if unknown
     */
    List<AuditEntry> history(TicketId id);

    /**
     * @param tenantId the tenant
     * @param query filters, sort, page
     * @param searchInternalNotes whether {@code text} also matches internal notes (never for customers)
     * @return the page
     * @throws io.madoguchi.core.ValidationException if the cursor is malformed or belongs to another sort
     */
    TicketPage query(TenantId tenantId, TicketQuery query, boolean searchInternalNotes);

    /**
     * Counts the tickets a query's filters match (its sort, limit and cursor are ignored): the level behind gauges
     * such as the backlog per status or channel. The default pages through {@link #query}; a store should answer
     * it with one count query.
     *
     * @param tenantId the tenant
     * @param filter the filters
     * @param searchInternalNotes whether {@code text} also matches internal notes
     * @return how many tickets match
     */
    default long count(TenantId tenantId, TicketQuery filter, boolean searchInternalNotes) {
        TicketQuery q = filter.toBuilder().limit(TicketQuery.MAX_LIMIT).cursor("").build();
        long n = 0;
        while (true) {
            TicketPage page = query(tenantId, q, searchInternalNotes);
            n += page.tickets().size();
            if (page.next().isEmpty()) {
                return n;
            }
            q = q.after(page.nextCursor());
        }
    }

    /**
     * @param tenantId the tenant
     * @return unsolved (new, open, pending, on-hold) ticket counts per assigned agent
     */
    Map<AgentId, Integer> openTicketsPerAgent(TenantId tenantId);

    /**
     * Commits customer writes alone: creates (version 1) or replaces (version - 1 stored) customers, all or none.
     *
     * @param customers the customers after the change
     * @throws io.madoguchi.core.ConflictException as {@link #commit(ChangeSet)}
     */
    default void commitCustomers(List<Customer> customers) {
        commit(ChangeSet.ofCustomers(customers));
    }

    /**
     * @param id the customer
     * @return it
     */
    Optional<Customer> customer(CustomerId id);

    /**
     * @param tenantId the tenant
     * @param identity an identity
     * @return the customer holding it
     */
    Optional<Customer> customerByIdentity(TenantId tenantId, ChannelIdentity identity);

    /** @param organization the organization to save (replaces one with the same tenant and id) */
    void saveOrganization(Organization organization);

    /**
     * @param tenantId the tenant
     * @param id the organization's id in that tenant
     * @return the organization, never one of another tenant
     */
    Optional<Organization> organization(TenantId tenantId, OrganizationId id);

    /**
     * @param tenantId the tenant
     * @return its organizations
     */
    List<Organization> organizations(TenantId tenantId);

    /** @param agent the agent to save (replaces one with the same tenant and id) */
    void saveAgent(Agent agent);

    /**
     * @param tenantId the tenant
     * @param id the agent's id in that tenant
     * @return the agent, never one of another tenant
     */
    Optional<Agent> agent(TenantId tenantId, AgentId id);

    /**
     * @param tenantId the tenant
     * @return its agents sorted by id
     */
    List<Agent> agents(TenantId tenantId);

    /** @param group the group to save (replaces one with the same tenant and id) */
    void saveGroup(Group group);

    /**
     * @param tenantId the tenant
     * @param id the group's id in that tenant
     * @return the group, never one of another tenant
     */
    Optional<Group> group(TenantId tenantId, GroupId id);

    /** @param macro the macro to save (replaces one with the same tenant and id) */
    void saveMacro(Macro macro);

    /**
     * @param tenantId the tenant
     * @param id the macro id
     * @return it
     */
    Optional<Macro> macro(TenantId tenantId, String id);

    /**
     * @param tenantId the tenant
     * @return its macros sorted by id
     */
    List<Macro> macros(TenantId tenantId);

    /**
     * @param tenantId the tenant
     * @param definition the definition to save (replaces one with the same key)
     */
    void saveFieldDefinition(TenantId tenantId, CustomFieldDefinition definition);

    /**
     * @param tenantId the tenant
     * @return its custom field definitions by key
     */
    Map<String, CustomFieldDefinition> fieldDefinitions(TenantId tenantId);
}
