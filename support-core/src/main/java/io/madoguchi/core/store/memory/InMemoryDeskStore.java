package io.madoguchi.core.store.memory;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.ConflictException;
import io.madoguchi.core.CustomerId;
import io.madoguchi.core.GroupId;
import io.madoguchi.core.NotFoundException;
import io.madoguchi.core.OrganizationId;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.agent.Agent;
import io.madoguchi.core.agent.Group;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.customer.Organization;
import io.madoguchi.core.store.KeysetCursor;
import io.madoguchi.core.store.TextFolding;
import io.madoguchi.core.macro.Macro;
import io.madoguchi.core.store.ChangeSet;
import io.madoguchi.core.store.CheckpointStore;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.store.EventLog;
import io.madoguchi.core.store.TicketWrite;
import io.madoguchi.core.ticket.AuditEntry;
import io.madoguchi.core.ticket.CustomFieldDefinition;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketPage;
import io.madoguchi.core.ticket.TicketQuery;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A thread-safe in-memory {@link DeskStore} with its {@link InMemoryEventLog} and {@link InMemoryCheckpointStore}.
 * Each ticket's snapshot, messages and history live in one slot guarded by the slot's monitor; a commit locks its
 * slots in id order, then (with the customers' lock if it writes customers or is based on their versions) the log's
 * lock, checks every claim and version, applies, and appends its events, so a change set is all or nothing and
 * events are in commit order. Messages and history are append-only arrays, never copied per change. Agents, groups
 * and organizations are kept by tenant and id. A query or count that names a requester reads only that customer's
 * tickets (an index kept by every commit), so finding a customer's conversation does not grow with the store.
 */
public final class InMemoryDeskStore implements DeskStore {

    private final ConcurrentHashMap<TicketId, Slot> tickets = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<SequenceKey, AtomicLong> sequences = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<CustomerId, Customer> customers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<IdentityKey, CustomerId> identities = new ConcurrentHashMap<>();
    private final Object customerLock = new Object();
    private final ConcurrentHashMap<Scoped<OrganizationId>, Organization> organizations = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Scoped<AgentId>, Agent> agents = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Scoped<GroupId>, Group> groups = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<TenantId, Map<String, Macro>> macros = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<TenantId, Map<String, CustomFieldDefinition>> fields = new ConcurrentHashMap<>();
    /** Unsolved tickets per tenant and agent, kept up to date by every commit (read by assignment). */
    private final ConcurrentHashMap<TenantId, ConcurrentHashMap<AgentId, AtomicInteger>> load =
            new ConcurrentHashMap<>();
    /**
     * The tickets of each requester, kept by every commit under the log's lock (one entry per ticket, as the ticket
     * map has). Readers filter what they find by the ticket itself, so a set read during a commit is never wrong,
     * at most a commit behind, as any read of {@link #tickets} is.
     */
    private final ConcurrentHashMap<RequesterKey, Set<TicketId>> byRequester = new ConcurrentHashMap<>();

    private record RequesterKey(TenantId tenantId, CustomerId requester) {
    }

    private record IdentityKey(TenantId tenantId, ChannelIdentity identity) {
    }

    private record SequenceKey(TenantId tenantId, String name) {
    }

    /** An id in its tenant's namespace: agents, groups and organizations have their own ids per tenant. */
    private record Scoped<I>(TenantId tenantId, I id) {
    }

    private static final class Slot {
        volatile Ticket ticket;
        Message[] messages;
        int messageCount;
        AuditEntry[] audit;
        int auditCount;

        Slot(Ticket ticket) {
            this.ticket = ticket;
            this.messages = new Message[2];
            this.audit = new AuditEntry[2];
        }

        void append(TicketWrite w) {
            List<Message> added = w.newMessages();
            for (int i = 0; i < added.size(); i++) { // indexed: no iterator per commit
                if (messageCount == messages.length) {
                    messages = Arrays.copyOf(messages, messageCount * 2);
                }
                messages[messageCount++] = added.get(i);
            }
            if (auditCount == audit.length) {
                audit = Arrays.copyOf(audit, auditCount * 2);
            }
            audit[auditCount++] = w.audit();
            ticket = w.ticket();
        }
    }

    private final InMemoryCheckpointStore checkpointStore;
    private final InMemoryEventLog log;

    /** Creates an empty store whose claims and parked events age on the system clock. */
    public InMemoryDeskStore() {
        this(Clock.systemUTC());
    }

    /**
     * A store whose parked events are kept {@link InMemoryCheckpointStore#DEFAULT_MAX_PARKED_AGE}.
     *
     * @param clock the clock idempotency claims and parked events age on (the desk's clock)
     */
    public InMemoryDeskStore(Clock clock) {
        this(clock, InMemoryCheckpointStore.DEFAULT_MAX_PARKED_AGE);
    }

    /**
     * @param clock the clock idempotency claims and parked events age on (the desk's clock)
     * @param maxParkedAge how long an event a subscriber parked is kept for redelivery; positive
     * @throws IllegalArgumentException if {@code maxParkedAge} is not positive
     */
    public InMemoryDeskStore(Clock clock, Duration maxParkedAge) {
        this.checkpointStore = new InMemoryCheckpointStore(clock, maxParkedAge);
        this.log = new InMemoryEventLog(checkpointStore, clock);
    }

    @Override
    public long nextSequence(TenantId tenantId, String name) {
        SequenceKey key = new SequenceKey(tenantId, name);
        AtomicLong seq = sequences.get(key);
        if (seq == null) {
            seq = sequences.computeIfAbsent(key, k -> new AtomicLong());
        }
        return seq.incrementAndGet();
    }

    @Override
    public EventLog eventLog() {
        return log;
    }

    @Override
    public CheckpointStore checkpoints() {
        return checkpointStore;
    }

    @Override
    public void commit(ChangeSet changes) {
        if (changes.isEmpty()) {
            return;
        }
        List<TicketWrite> writes = changes.tickets();
        TicketWrite[] sorted = writes.toArray(new TicketWrite[writes.size()]);
        if (sorted.length > 1) {
            Arrays.sort(sorted, Comparator.comparing(w -> w.ticket().id()));
        }
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i].ticket().id().equals(sorted[i - 1].ticket().id())) {
                throw new IllegalArgumentException("two writes for ticket " + sorted[i].ticket().id());
            }
        }
        Slot[] slots = new Slot[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            Ticket t = sorted[i].ticket();
            if (t.version() == 1) {
                slots[i] = new Slot(t);
            } else {
                Slot s = tickets.get(t.id());
                if (s == null) {
                    throw new NotFoundException("ticket " + t.id() + " does not exist");
                }
                slots[i] = s;
            }
        }
        lockAndApply(sorted, slots, 0, changes);
    }

    private void lockAndApply(TicketWrite[] writes, Slot[] slots, int i, ChangeSet changes) {
        if (i < slots.length) {
            synchronized (slots[i]) {
                lockAndApply(writes, slots, i + 1, changes);
            }
            return;
        }
        List<Customer> changed = changes.customers();
        if (changed.isEmpty() && changes.customerVersions().isEmpty()) {
            log.commit(changes.events(), changes.claims(), () -> checkTickets(writes, slots),
                () -> applyTickets(writes, slots));
            return;
        }
        synchronized (customerLock) {
            // a step based on customer versions that writes no customer (every ticket creation) claims nothing
            Map<IdentityKey, CustomerId> claimed = changed.isEmpty() ? Map.of() : new HashMap<>();
            log.commit(changes.events(), changes.claims(), () -> {
                checkTickets(writes, slots);
                checkCustomerVersions(changes.customerVersions());
                if (!changed.isEmpty()) {
                    claimed.putAll(checkCustomers(changed));
                }
            }, () -> {
                applyTickets(writes, slots);
                applyCustomers(changed, claimed);
            });
        }
    }

    private void checkTickets(TicketWrite[] writes, Slot[] slots) {
        for (int k = 0; k < writes.length; k++) {
            Ticket t = writes[k].ticket();
            if (t.version() == 1) {
                if (tickets.containsKey(t.id())) {
                    throw new ConflictException("ticket " + t.id() + " already exists");
                }
            } else if (slots[k].ticket.version() != t.version() - 1) {
                throw new ConflictException("ticket " + t.id() + " is at version " + slots[k].ticket.version()
                    + ", the change was based on version " + (t.version() - 1));
            } else if (!slots[k].ticket.tenantId().equals(t.tenantId())) {
                throw new ConflictException("ticket " + t.id() + " belongs to another tenant");
            }
        }
    }

    /** Applies checked ticket writes; runs under the log's lock, so a created id cannot be taken meanwhile. */
    private void applyTickets(TicketWrite[] writes, Slot[] slots) {
        for (int k = 0; k < writes.length; k++) {
            Ticket before = writes[k].ticket().version() == 1 ? null : slots[k].ticket;
            if (writes[k].ticket().version() == 1) {
                slots[k].append(writes[k]);
                tickets.put(writes[k].ticket().id(), slots[k]);
            } else {
                slots[k].append(writes[k]);
            }
            countLoad(before, writes[k].ticket());
            indexRequester(before, writes[k].ticket());
        }
    }

    private void indexRequester(@Nullable Ticket before, Ticket after) {
        if (before != null && before.requester().equals(after.requester())) {
            return;
        }
        byRequester.computeIfAbsent(new RequesterKey(after.tenantId(), after.requester()),
            k -> ConcurrentHashMap.newKeySet()).add(after.id());
        if (before != null) {
            Set<TicketId> was = byRequester.get(new RequesterKey(before.tenantId(), before.requester()));
            if (was != null) {
                was.remove(before.id());
            }
        }
    }

    /** The slots a query has to look at: the requester's tickets when it names one, else every ticket. */
    private Iterable<Slot> candidates(TenantId tenantId, TicketQuery q) {
        if (q.requester() == null) {
            return tickets.values();
        }
        Set<TicketId> ids = byRequester.get(new RequesterKey(tenantId, q.requester()));
        if (ids == null) {
            return List.of();
        }
        List<Slot> slots = new ArrayList<>(ids.size());
        for (TicketId id : ids) {
            Slot s = tickets.get(id);
            if (s != null) {
                slots.add(s);
            }
        }
        return slots;
    }

    private void countLoad(@Nullable Ticket before, Ticket after) {
        AgentId was = before != null && before.status().isUnsolved() ? before.assignee() : null;
        AgentId is = after.status().isUnsolved() ? after.assignee() : null;
        if (java.util.Objects.equals(was, is)) {
            return;
        }
        ConcurrentHashMap<AgentId, AtomicInteger> m = load.computeIfAbsent(after.tenantId(),
                t -> new ConcurrentHashMap<>());
        AtomicInteger had = was == null ? null : m.get(was);
        if (had != null) {
            had.decrementAndGet();
        }
        if (is != null) {
            m.computeIfAbsent(is, a -> new AtomicInteger()).incrementAndGet();
        }
    }

    @Override
    public Optional<Ticket> ticket(TicketId id) {
        Slot s = tickets.get(id);
        return s == null ? Optional.empty() : Optional.of(s.ticket);
    }

    @Override
    public List<Message> messages(TicketId id) {
        Slot s = tickets.get(id);
        if (s == null) {
            return List.of();
        }
        synchronized (s) {
            return List.of(Arrays.copyOf(s.messages, s.messageCount));
        }
    }

    @Override
    public List<AuditEntry> history(TicketId id) {
        Slot s = tickets.get(id);
        if (s == null) {
            return List.of();
        }
        synchronized (s) {
            return List.of(Arrays.copyOf(s.audit, s.auditCount));
        }
    }

    @Override
    public TicketPage query(TenantId tenantId, TicketQuery q, boolean searchInternalNotes) {
        KeysetCursor after = q.cursor().isEmpty() ? null : KeysetCursor.decode(q.cursor(), q.sort(), q.descending());
        String needle = q.text() == null ? null : TextFolding.fold(q.text().strip());
        String tag = q.tag() == null ? null : TextFolding.tag(q.tag());
        Comparator<Ticket> order = KeysetCursor.order(q.sort(), q.descending());
        // keep the best limit+1 in a bounded heap ordered worst-first
        PriorityQueue<Ticket> best = new PriorityQueue<>(q.limit() + 2, order.reversed());
        for (Slot slot : candidates(tenantId, q)) {
            Ticket t = slot.ticket;
            if (!t.tenantId().equals(tenantId) || !matches(t, q, tag)) {
                continue;
            }
            if (after != null && !after.isBefore(t)) {
                continue;
            }
            if (best.size() > q.limit() && order.compare(t, best.peek()) >= 0) {
                continue;
            }
            if (needle != null && !needle.isEmpty() && !containsText(slot, t, needle, searchInternalNotes)) {
                continue;
            }
            best.add(t);
            if (best.size() > q.limit() + 1) {
                best.poll();
            }
        }
        List<Ticket> sorted = new ArrayList<>(best);
        sorted.sort(order);
        boolean more = sorted.size() > q.limit();
        List<Ticket> page = more ? sorted.subList(0, q.limit()) : sorted;
        String next = more ? new KeysetCursor(q.sort(), q.descending(),
            KeysetCursor.key(page.get(page.size() - 1), q.sort()), page.get(page.size() - 1).number()).encode() : "";
        return new TicketPage(page, next);
    }

    @Override
    public long count(TenantId tenantId, TicketQuery q, boolean searchInternalNotes) {
        String needle = q.text() == null ? null : TextFolding.fold(q.text().strip());
        String tag = q.tag() == null ? null : TextFolding.tag(q.tag());
        long n = 0;
        for (Slot slot : candidates(tenantId, q)) {
            Ticket t = slot.ticket;
            if (t.tenantId().equals(tenantId) && matches(t, q, tag)
                && (needle == null || needle.isEmpty() || containsText(slot, t, needle, searchInternalNotes))) {
                n++;
            }
        }
        return n;
    }

    private static boolean matches(Ticket t, TicketQuery q, @Nullable String tag) {
        return (q.statuses().isEmpty() || q.statuses().contains(t.status()))
            && (q.priorities().isEmpty() || q.priorities().contains(t.priority()))
            && (q.types().isEmpty() || q.types().contains(t.type()))
            && (q.assignee() == null || q.assignee().equals(t.assignee()))
            && (q.group() == null || q.group().equals(t.group()))
            && (tag == null || t.tags().contains(tag))
            && (q.channel() == null || q.channel().equals(t.channel()))
            && (q.requester() == null || q.requester().equals(t.requester()))
            && (q.organization() == null || q.organization().equals(t.organization()))
            && (q.complaint() == null || q.complaint() == t.complaint())
            && (q.createdFrom() == null || !t.createdAt().isBefore(q.createdFrom()))
            && (q.createdTo() == null || t.createdAt().isBefore(q.createdTo()))
            && (q.updatedFrom() == null || !t.updatedAt().isBefore(q.updatedFrom()))
            && (q.updatedTo() == null || t.updatedAt().isBefore(q.updatedTo()));
    }

    private static boolean containsText(Slot slot, Ticket t, String needle, boolean internal) {
        if (TextFolding.fold(t.subject()).contains(needle)) {
            return true;
        }
        Message[] ms;
        int n;
        synchronized (slot) {
            ms = slot.messages;
            n = slot.messageCount;
        }
        for (int i = 0; i < n; i++) {
            if ((internal || !ms[i].isInternal()) && TextFolding.fold(ms[i].body()).contains(needle)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Map<AgentId, Integer> openTicketsPerAgent(TenantId tenantId) {
        Map<AgentId, AtomicInteger> m = load.get(tenantId);
        if (m == null) {
            return Map.of();
        }
        Map<AgentId, Integer> counts = new HashMap<>();
        m.forEach((agent, n) -> {
            if (n.get() > 0) {
                counts.put(agent, n.get());
            }
        });
        return Map.copyOf(counts);
    }

    /** Runs under the customers' lock, so no customer write can come between this check and the commit. */
    private void checkCustomerVersions(Map<CustomerId, Long> expected) {
        for (Map.Entry<CustomerId, Long> e : expected.entrySet()) {
            Customer stored = customers.get(e.getKey());
            if (stored == null) {
                throw new NotFoundException("customer " + e.getKey() + " does not exist");
            }
            if (stored.version() != e.getValue()) {
                throw new ConflictException("customer " + e.getKey() + " is at version " + stored.version()
                    + ", the change was based on version " + e.getValue());
            }
        }
    }

    private Map<IdentityKey, CustomerId> checkCustomers(List<Customer> changed) {
        Map<IdentityKey, CustomerId> claimed = new HashMap<>();
        for (Customer c : changed) {
            Customer stored = customers.get(c.id());
            if (c.version() == 1 && stored != null) {
                throw new ConflictException("customer " + c.id() + " already exists");
            }
            if (c.version() != 1 && (stored == null || stored.version() != c.version() - 1)) {
                if (stored == null) {
                    throw new NotFoundException("customer " + c.id() + " does not exist");
                }
                throw new ConflictException("customer " + c.id() + " is at version " + stored.version()
                    + ", the change was based on version " + (c.version() - 1));
            }
            for (ChannelIdentity i : c.identities()) {
                IdentityKey key = new IdentityKey(c.tenantId(), i);
                if (claimed.put(key, c.id()) != null) {
                    throw new ConflictException("identity " + i.kind() + " given to two customers");
                }
            }
        }
        for (Map.Entry<IdentityKey, CustomerId> e : claimed.entrySet()) {
            CustomerId holder = identities.get(e.getKey());
            if (holder != null && !holder.equals(e.getValue())
                && changed.stream().noneMatch(c -> c.id().equals(holder))) {
                throw new ConflictException("identity " + e.getKey().identity().kind()
                    + " belongs to another customer");
            }
        }
        return claimed;
    }

    private void applyCustomers(List<Customer> changed, Map<IdentityKey, CustomerId> claimed) {
        for (Customer c : changed) {
            Customer old = customers.get(c.id());
            if (old != null) {
                for (ChannelIdentity i : old.identities()) {
                    identities.remove(new IdentityKey(old.tenantId(), i), c.id());
                }
            }
        }
        identities.putAll(claimed);
        for (Customer c : changed) {
            customers.put(c.id(), c);
        }
    }

    @Override
    public Optional<Customer> customer(CustomerId id) {
        return Optional.ofNullable(customers.get(id));
    }

    @Override
    public Optional<Customer> customerByIdentity(TenantId tenantId, ChannelIdentity identity) {
        CustomerId id = identities.get(new IdentityKey(tenantId, identity));
        return id == null ? Optional.empty() : Optional.ofNullable(customers.get(id));
    }

    @Override
    public void saveOrganization(Organization organization) {
        organizations.put(new Scoped<>(organization.tenantId(), organization.id()), organization);
    }

    @Override
    public Optional<Organization> organization(TenantId tenantId, OrganizationId id) {
        return Optional.ofNullable(organizations.get(new Scoped<>(tenantId, id)));
    }

    @Override
    public List<Organization> organizations(TenantId tenantId) {
        return organizations.values().stream().filter(o -> o.tenantId().equals(tenantId))
            .sorted(Comparator.comparing(Organization::id)).toList();
    }

    @Override
    public void saveAgent(Agent agent) {
        agents.put(new Scoped<>(agent.tenantId(), agent.id()), agent);
    }

    @Override
    public Optional<Agent> agent(TenantId tenantId, AgentId id) {
        return Optional.ofNullable(agents.get(new Scoped<>(tenantId, id)));
    }

    @Override
    public List<Agent> agents(TenantId tenantId) {
        return agents.values().stream().filter(a -> a.tenantId().equals(tenantId))
            .sorted(Comparator.comparing(Agent::id)).toList();
    }

    @Override
    public void saveGroup(Group group) {
        groups.put(new Scoped<>(group.tenantId(), group.id()), group);
    }

    @Override
    public Optional<Group> group(TenantId tenantId, GroupId id) {
        return Optional.ofNullable(groups.get(new Scoped<>(tenantId, id)));
    }

    @Override
    public void saveMacro(Macro macro) {
        macros.computeIfAbsent(macro.tenantId(), t -> new ConcurrentHashMap<>()).put(macro.id(), macro);
    }

    @Override
    public Optional<Macro> macro(TenantId tenantId, String id) {
        Map<String, Macro> m = macros.get(tenantId);
        return m == null ? Optional.empty() : Optional.ofNullable(m.get(id));
    }

    @Override
    public List<Macro> macros(TenantId tenantId) {
        Map<String, Macro> m = macros.get(tenantId);
        return m == null ? List.of() : List.copyOf(new TreeMap<>(m).values());
    }

    @Override
    public void saveFieldDefinition(TenantId tenantId, CustomFieldDefinition definition) {
        fields.computeIfAbsent(tenantId, t -> new ConcurrentHashMap<>()).put(definition.key(), definition);
    }

    @Override
    public Map<String, CustomFieldDefinition> fieldDefinitions(TenantId tenantId) {
        Map<String, CustomFieldDefinition> m = fields.get(tenantId);
        return m == null ? Map.of() : Map.copyOf(m);
    }
}
