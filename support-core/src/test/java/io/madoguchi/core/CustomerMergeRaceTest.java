package io.madoguchi.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.agent.Agent;
import io.madoguchi.core.agent.Group;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.customer.Organization;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.EventSubscriber;
import io.madoguchi.core.macro.Macro;
import io.madoguchi.core.store.ChangeSet;
import io.madoguchi.core.store.CheckpointStore;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.store.EventLog;
import io.madoguchi.core.ticket.AuditEntry;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.CustomFieldDefinition;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketPage;
import io.madoguchi.core.ticket.TicketQuery;
import io.madoguchi.core.time.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A customer merge racing with ticket creation for the merged customer leaves no ticket on the merged-away
 * customer: deterministically, with the store pausing at the two points where the race bites, and with threads.
 */
class CustomerMergeRaceTest {

    private final MutableClock clock = MutableClock.startingAt(Instant.parse("2026-11-30T00:00:00Z"));
    private final PausingStore store = new PausingStore(DeskStore.inMemory(clock));
    private final SupportDesk desk = SupportDesk.builder().clock(clock).store(store).build();
    private final TenantId tenant = TenantId.of("shop-a");
    private final Principal sato = Principal.agent(tenant, AgentId.of("sato"));
    private final Principal mail = desk.system(tenant, "mail");

    private Ticket openFor(Customer c, String subject) {
        return desk.createTicket(mail, CreateTicket.builder(c.id(), Channel.LINE, subject, "問い合わせ本文").build());
    }

    private List<Ticket> ticketsOf(Customer c) {
        return desk.query(sato, TicketQuery.builder().requester(c.id()).build()).tickets();
    }

    @Test
    void aTicketCreatedAfterTheMergeReadTheCustomersTicketsMovesToTheSurvivor() {
        Customer survivor = desk.resolveCustomer(mail, ChannelIdentity.email("tanaka@example.jp"), "田中");
        Customer merged = desk.resolveCustomer(mail, ChannelIdentity.line("U-tanaka"), "たなか");
        Ticket before = openFor(merged, "合併前");
        AtomicReference<Ticket> during = new AtomicReference<>();
        // the merge has read the merged customer's tickets; a creation commits before the merge does
        store.afterQueryOf.set(merged.id());
        store.afterQuery.set(() -> during.set(openFor(merged, "合併中")));

        desk.mergeCustomers(sato, survivor.id(), merged.id());

        assertThat(during.get()).isNotNull();
        assertThat(ticketsOf(merged)).isEmpty();
        assertThat(ticketsOf(survivor)).extracting(Ticket::id)
            .containsExactlyInAnyOrder(before.id(), during.get().id());
    }

    @Test
    void aCreationThatReadTheCustomerBeforeTheMergeCommittedLandsOnTheSurvivor() {
        Customer survivor = desk.resolveCustomer(mail, ChannelIdentity.email("tanaka@example.jp"), "田中");
        Customer merged = desk.resolveCustomer(mail, ChannelIdentity.line("U-tanaka"), "たなか");
        // the creation has read the requester; the whole merge commits before the creation does
        store.beforeTicketNumber.set(() -> desk.mergeCustomers(sato, survivor.id(), merged.id()));

        Ticket created = openFor(merged, "合併と同時");

        assertThat(desk.customer(sato, merged.id()).mergedIntoId()).contains(survivor.id());
        assertThat(created.requester()).isEqualTo(survivor.id());
        assertThat(ticketsOf(merged)).isEmpty();
        assertThat(ticketsOf(survivor)).extracting(Ticket::id).containsExactly(created.id());
    }

    @Test
    void racingThreadsNeverLeaveATicketOnTheMergedAwayCustomer() throws Exception {
        int rounds = 300;
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<String> stranded = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            Customer survivor = desk.resolveCustomer(mail, ChannelIdentity.email("s" + round + "@example.jp"), "残る人");
            Customer merged = desk.resolveCustomer(mail, ChannelIdentity.line("U" + round), "消える人");
            CyclicBarrier start = new CyclicBarrier(3);
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                int writer = w;
                threads.add(new Thread(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < 3; i++) {
                            openFor(merged, "同時作成 " + writer + "-" + i);
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            threads.add(new Thread(() -> {
                try {
                    start.await();
                    desk.mergeCustomers(sato, survivor.id(), merged.id());
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join();
            }
            if (!ticketsOf(merged).isEmpty()) {
                stranded.add(round + ": " + ticketsOf(merged).size());
            }
            assertThat(ticketsOf(survivor)).hasSize(6);
        }
        assertThat(failures).isEmpty();
        assertThat(stranded).isEmpty();
    }

    /**
     * A host subscriber merges customers when asked to. Its lease runs out while it merges: after it read the
     * customers and their tickets, a second instance takes the lease and delivers the same event, and its merge
     * commits first. The late first merge then finds its step claimed: it answers with what the second one stored
     * instead of failing (it threw {@code NoSuchElementException}, reading the survivor's customer id as a ticket id),
     * and nothing is moved twice or lost.
     */
    @Test
    void aMergeWhoseLeaseRanOutWhileAnotherInstanceRedeliveredItIsANoOp() {
        Customer survivor = desk.resolveCustomer(mail, ChannelIdentity.email("tanaka@example.jp"), "田中");
        Customer merged = desk.resolveCustomer(mail, ChannelIdentity.line("U-tanaka"), "たなか");
        Ticket first = openFor(merged, "合併前 1");
        Ticket second = openFor(merged, "合併前 2");
        List<String> failures = new CopyOnWriteArrayList<>();
        List<Customer> results = new CopyOnWriteArrayList<>();
        SupportDesk[] instances = new SupportDesk[2];
        for (int i = 0; i < 2; i++) {
            int instance = i;
            instances[i] = SupportDesk.builder().clock(clock).store(store).subscriber(new EventSubscriber() {
                @Override
                public String name() {
                    return "customer-merger";
                }

                @Override
                public void handle(EventEnvelope e) {
                    if (e.event() instanceof io.madoguchi.core.event.TicketCreated c
                        && c.ticket().subject().equals("統合依頼")) {
                        try {
                            results.add(instances[instance].mergeCustomers(sato, survivor.id(), merged.id()));
                        } catch (RuntimeException ex) {
                            failures.add(instance + ": " + ex);
                            throw ex;
                        }
                    }
                }
            }).build();
        }
        // instance 0 delivers the request; once its merge has read the merged customer's tickets its lease runs out
        // and instance 1 delivers the same event, merging first
        store.afterQueryOf.set(merged.id());
        store.afterQuery.set(() -> {
            clock.advance(java.time.Duration.ofSeconds(61));
            instances[1].processEvents();
        });
        Customer request = desk.resolveCustomer(mail, ChannelIdentity.email("ops@example.jp"), "運用");
        desk.createTicket(mail, CreateTicket.builder(request.id(), Channel.EMAIL, "統合依頼", "二人は同じ方です").build());
        instances[0].processEvents();

        assertThat(failures).isEmpty();
        assertThat(results).hasSize(2).extracting(Customer::id).containsOnly(survivor.id());
        assertThat(results.get(0)).isEqualTo(results.get(1)).isEqualTo(desk.customer(sato, survivor.id()));
        assertThat(desk.customer(sato, survivor.id()).identities())
            .containsExactly(ChannelIdentity.email("tanaka@example.jp"), ChannelIdentity.line("U-tanaka"));
        assertThat(desk.customer(sato, merged.id()).mergedIntoId()).contains(survivor.id());
        assertThat(ticketsOf(merged)).isEmpty();
        assertThat(ticketsOf(survivor)).extracting(Ticket::id).containsExactlyInAnyOrder(first.id(), second.id());
        for (Ticket t : List.of(first, second)) {
            assertThat(desk.history(sato, t.id())).filteredOn(a -> a.action().equals("requester")).hasSize(1);
        }
        List<EventEnvelope> log = store.eventLog().read(0, 1000);
        assertThat(log).filteredOn(e -> e.event() instanceof io.madoguchi.core.event.CustomerMerged).hasSize(1);
        assertThat(log).filteredOn(e -> e.event() instanceof io.madoguchi.core.event.RequesterChanged).hasSize(2);
        Principal admin = Principal.admin(tenant, AgentId.of("admin"));
        assertThat(instances[0].parkedEvents(admin, "customer-merger")).isEmpty();
        assertThat(instances[1].parkedEvents(admin, "customer-merger")).isEmpty();
    }

    /**
     * A subscriber's merge committed, then its delivery failed (its instance lost the lease before passing the
     * event): the redelivered event finds the customer merged by that very step and goes on as if it had just merged
     * it, instead of failing on "already merged" until the event is parked.
     */
    @Test
    void aRedeliveredMergeThatWasCommittedBeforeIsANoOp() {
        Customer survivor = desk.resolveCustomer(mail, ChannelIdentity.email("tanaka@example.jp"), "田中");
        Customer merged = desk.resolveCustomer(mail, ChannelIdentity.line("U-tanaka"), "たなか");
        Ticket first = openFor(merged, "合併前");
        List<String> failures = new CopyOnWriteArrayList<>();
        List<Customer> results = new CopyOnWriteArrayList<>();
        SupportDesk[] instance = new SupportDesk[1];
        instance[0] = SupportDesk.builder().clock(clock).store(store).subscriber(new EventSubscriber() {
            @Override
            public String name() {
                return "customer-merger";
            }

            @Override
            public void handle(EventEnvelope e) {
                if (e.event() instanceof io.madoguchi.core.event.TicketCreated c
                    && c.ticket().subject().equals("統合依頼")) {
                    try {
                        results.add(instance[0].mergeCustomers(sato, survivor.id(), merged.id()));
                    } catch (RuntimeException ex) {
                        failures.add(ex.toString());
                        throw ex;
                    }
                    if (results.size() == 1) {
                        throw new IllegalStateException("lease lost before the checkpoint moved");
                    }
                }
            }
        }).build();
        Customer request = desk.resolveCustomer(mail, ChannelIdentity.email("ops@example.jp"), "運用");
        desk.createTicket(mail, CreateTicket.builder(request.id(), Channel.EMAIL, "統合依頼", "二人は同じ方です").build());
        instance[0].processEvents();
        clock.advance(java.time.Duration.ofHours(1));
        instance[0].processEvents();

        assertThat(failures).isEmpty();
        assertThat(results).hasSize(2).containsOnly(desk.customer(sato, survivor.id()));
        assertThat(ticketsOf(survivor)).extracting(Ticket::id).containsExactly(first.id());
        assertThat(desk.history(sato, first.id())).filteredOn(a -> a.action().equals("requester")).hasSize(1);
        assertThat(store.eventLog().read(0, 1000))
            .filteredOn(e -> e.event() instanceof io.madoguchi.core.event.CustomerMerged).hasSize(1);
        assertThat(instance[0].parkedEvents(Principal.admin(tenant, AgentId.of("admin")), "customer-merger")).isEmpty();
        // outside a redelivery a second merge of the same customers is still refused
        assertThatThrownBy(() -> desk.mergeCustomers(sato, survivor.id(), merged.id()))
            .isInstanceOf(ValidationException.class).hasMessageContaining("already merged");
    }

    /** A store that runs a hook at the two points where a merge and a creation interleave. */
    private static final class PausingStore implements DeskStore {
        private final DeskStore inner;
        final AtomicReference<CustomerId> afterQueryOf = new AtomicReference<>();
        final AtomicReference<Runnable> afterQuery = new AtomicReference<>();
        final AtomicReference<Runnable> beforeTicketNumber = new AtomicReference<>();

        PausingStore(DeskStore inner) {
            this.inner = inner;
        }

        @Override
        public long nextSequence(TenantId tenantId, String name) {
            if (name.equals("ticket")) {
                Runnable hook = beforeTicketNumber.getAndSet(null);
                if (hook != null) {
                    hook.run();
                }
            }
            return inner.nextSequence(tenantId, name);
        }

        @Override
        public TicketPage query(TenantId tenantId, TicketQuery query, boolean searchInternalNotes) {
            TicketPage page = inner.query(tenantId, query, searchInternalNotes);
            if (query.requester() != null && query.requester().equals(afterQueryOf.get())) {
                Runnable hook = afterQuery.getAndSet(null);
                if (hook != null) {
                    hook.run();
                }
            }
            return page;
        }

        @Override
        public void commit(ChangeSet changes) {
            inner.commit(changes);
        }

        @Override
        public EventLog eventLog() {
            return inner.eventLog();
        }

        @Override
        public CheckpointStore checkpoints() {
            return inner.checkpoints();
        }

        @Override
        public Optional<Ticket> ticket(TicketId id) {
            return inner.ticket(id);
        }

        @Override
        public List<Message> messages(TicketId id) {
            return inner.messages(id);
        }

        @Override
        public List<AuditEntry> history(TicketId id) {
            return inner.history(id);
        }

        @Override
        public Map<AgentId, Integer> openTicketsPerAgent(TenantId tenantId) {
            return inner.openTicketsPerAgent(tenantId);
        }

        @Override
        public Optional<Customer> customer(CustomerId id) {
            return inner.customer(id);
        }

        @Override
        public Optional<Customer> customerByIdentity(TenantId tenantId, ChannelIdentity identity) {
            return inner.customerByIdentity(tenantId, identity);
        }

        @Override
        public void saveOrganization(Organization organization) {
            inner.saveOrganization(organization);
        }

        @Override
        public Optional<Organization> organization(TenantId tenantId, OrganizationId id) {
            return inner.organization(tenantId, id);
        }

        @Override
        public List<Organization> organizations(TenantId tenantId) {
            return inner.organizations(tenantId);
        }

        @Override
        public void saveAgent(Agent agent) {
            inner.saveAgent(agent);
        }

        @Override
        public Optional<Agent> agent(TenantId tenantId, AgentId id) {
            return inner.agent(tenantId, id);
        }

        @Override
        public List<Agent> agents(TenantId tenantId) {
            return inner.agents(tenantId);
        }

        @Override
        public void saveGroup(Group group) {
            inner.saveGroup(group);
        }

        @Override
        public Optional<Group> group(TenantId tenantId, GroupId id) {
            return inner.group(tenantId, id);
        }

        @Override
        public void saveMacro(Macro macro) {
            inner.saveMacro(macro);
        }

        @Override
        public Optional<Macro> macro(TenantId tenantId, String id) {
            return inner.macro(tenantId, id);
        }

        @Override
        public List<Macro> macros(TenantId tenantId) {
            return inner.macros(tenantId);
        }

        @Override
        public void saveFieldDefinition(TenantId tenantId, CustomFieldDefinition definition) {
            inner.saveFieldDefinition(tenantId, definition);
        }

        @Override
        public Map<String, CustomFieldDefinition> fieldDefinitions(TenantId tenantId) {
            return inner.fieldDefinitions(tenantId);
        }
    }
}
