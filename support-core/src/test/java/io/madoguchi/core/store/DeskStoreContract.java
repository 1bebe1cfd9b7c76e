package io.madoguchi.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.ConflictException;
import io.madoguchi.core.CustomerId;
import io.madoguchi.core.GroupId;
import io.madoguchi.core.NotFoundException;
import io.madoguchi.core.OrganizationId;
import io.madoguchi.core.Principal;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.agent.Agent;
import io.madoguchi.core.agent.Group;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.customer.Organization;
import io.madoguchi.core.macro.Macro;
import io.madoguchi.core.ticket.AuditEntry;
import io.madoguchi.core.ticket.AuthorKind;
import io.madoguchi.core.ticket.CustomFieldDefinition;
import io.madoguchi.core.ticket.FieldChange;
import io.madoguchi.core.ticket.FieldType;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Priority;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketPage;
import io.madoguchi.core.ticket.TicketQuery;
import io.madoguchi.core.ticket.TicketSort;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.ticket.TicketType;
import io.madoguchi.core.ticket.Visibility;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link DeskStore} must have. A store implementation proves itself by extending this class
 * in its tests and implementing {@link #newStore()}; it ships in the support-core test-jar.
 */
public abstract class DeskStoreContract {

    /** The first tenant. */
    protected static final TenantId TENANT = TenantId.of("contract-a");
    /** Another tenant. */
    protected static final TenantId OTHER = TenantId.of("contract-b");
    private static final Instant T0 = Instant.parse("2026-11-24T00:00:00Z");
    private static final Principal ACTOR = Principal.system(TENANT, "contract");

    /** The store under test. */
    protected DeskStore store;

    /** @return a new, empty store */
    protected abstract DeskStore newStore();

    /** Creates the store. */
    @BeforeEach
    public void createStore() {
        store = newStore();
    }

    /** @return a ticket snapshot for tests */
    protected static Ticket ticket(TenantId tenant, String id, long number, long version, TicketStatus status,
                                   Priority priority, Instant created, Instant updated,
                                   List<String> tags, String subject) {
        return new Ticket(TicketId.of(id), tenant, number, subject, CustomerId.of("c-" + number % 3),
            number % 6 == 0 ? OrganizationId.of("org-6") : null, number % 2 == 0 ? Channel.EMAIL : Channel.LINE,
            status, priority,
            number % 3 == 0 ? TicketType.INCIDENT : TicketType.QUESTION, number % 5 == 0, tags, Map.of(),
            number % 4 == 0 ? AgentId.of("agent-1") : null, number % 8 == 0 ? GroupId.of("tier-2") : null, "ja",
            created, updated, null, version, null, List.of(), 1, 1);
    }

    private static Ticket simple(TenantId tenant, String id, long number) {
        return ticket(tenant, id, number, 1, TicketStatus.NEW, Priority.NORMAL, T0.plusSeconds(number),
                T0.plusSeconds(number), List.of(), "件名 " + number);
    }

    private static Message message(Ticket t, int seq, Visibility v, String body) {
        return new Message(t.id(), seq, v, v == Visibility.PUBLIC ? AuthorKind.CUSTOMER : AuthorKind.AGENT, "x", body,
                List.of(), t.updatedAt());
    }

    private static TicketWrite create(Ticket t, String body) {
        return new TicketWrite(t, List.of(message(t, 1, Visibility.PUBLIC, body)),
            new AuditEntry(1, t.createdAt(), ACTOR, "created", List.of(new FieldChange("status", "", "new")), false));
    }

    private static Ticket next(Ticket t, TicketStatus status, Instant at, int publicMessages) {
        return next(t, status, at, publicMessages, publicMessages);
    }

    private static Ticket next(Ticket t, TicketStatus status, Instant at, int messages, int publicMessages) {
        return new Ticket(t.id(), t.tenantId(), t.number(), t.subject(), t.requester(), t.organization(),
            t.channel(), status, t.priority(), t.type(), t.complaint(), t.tags(), t.customFields(), t.assignee(),
            t.group(), t.language(),
            t.createdAt(), at, t.solvedAt(), t.version() + 1, t.mergedInto(), t.links(), t.messageCount() + messages,
            t.publicMessageCount() + publicMessages);
    }

    private static TicketWrite update(Ticket after, String action, Message... messages) {
        return new TicketWrite(after, List.of(messages), new AuditEntry(after.version(), after.updatedAt(), ACTOR,
                action, List.of(), false));
    }

    @Test
    public void createdTicketIsReadBackWithMessagesAndHistory() {
        Ticket t = simple(TENANT, "T1", 1);
        store.commit(List.of(create(t, "注文が届きません")));
        assertThat(store.ticket(t.id())).contains(t);
        assertThat(store.messages(t.id())).extracting(Message::body).containsExactly("注文が届きません");
        assertThat(store.history(t.id())).extracting(AuditEntry::action).containsExactly("created");
        assertThat(store.ticket(TicketId.of("missing"))).isEmpty();
        assertThat(store.messages(TicketId.of("missing"))).isEmpty();
        assertThat(store.history(TicketId.of("missing"))).isEmpty();
    }

    @Test
    public void sequencesCountFromOnePerTenantAndNeverRepeat() throws Exception {
        assertThat(store.nextSequence(TENANT, "ticket")).isEqualTo(1);
        assertThat(store.nextSequence(OTHER, "ticket")).isEqualTo(1);
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread th = new Thread(() -> {
                for (int k = 0; k < 500; k++) {
                    assertThat(seen.add(store.nextSequence(TENANT, "ticket"))).isTrue();
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        assertThat(seen).hasSize(2000).doesNotContain(1L);
    }

    @Test
    public void staleUpdateConflictsAndWritesNothing() {
        Ticket t = simple(TENANT, "T1", 1);
        store.commit(List.of(create(t, "本文")));
        Ticket v2 = next(t, TicketStatus.OPEN, T0.plusSeconds(60), 1);
        store.commit(List.of(update(v2, "public_reply", message(v2, 2, Visibility.PUBLIC, "返信"))));
        Ticket staleV2 = next(t, TicketStatus.SOLVED, T0.plusSeconds(120), 0);
        assertThatThrownBy(() -> store.commit(List.of(update(staleV2, "status"))))
                .isInstanceOf(ConflictException.class);
        assertThat(store.ticket(t.id())).contains(v2);
        assertThat(store.history(t.id())).hasSize(2);
        assertThat(store.messages(t.id())).hasSize(2);
    }

    @Test
    public void creatingAnExistingTicketConflictsAndUpdatingAMissingOneIsNotFound() {
        Ticket t = simple(TENANT, "T1", 1);
        store.commit(List.of(create(t, "本文")));
        assertThatThrownBy(() -> store.commit(List.of(create(simple(TENANT, "T1", 9), "別物"))))
                .isInstanceOf(ConflictException.class);
        assertThat(store.ticket(t.id())).contains(t);
        Ticket ghost = next(simple(TENANT, "T404", 4), TicketStatus.OPEN, T0, 0);
        assertThatThrownBy(() -> store.commit(List.of(update(ghost, "status")))).isInstanceOf(NotFoundException.class);
    }

    @Test
    public void multiTicketCommitIsAllOrNothing() {
        Ticket a = simple(TENANT, "TA", 1);
        Ticket b = simple(TENANT, "TB", 2);
        store.commit(List.of(create(a, "a"), create(b, "b")));
        Ticket a2 = next(a, TicketStatus.CLOSED, T0.plusSeconds(5), 0);
        Ticket staleB = next(b, TicketStatus.OPEN, T0.plusSeconds(5), 0);
        store.commit(List.of(update(next(b, TicketStatus.PENDING, T0.plusSeconds(4), 0), "status")));
        Ticket c = simple(TENANT, "TC", 3);
        assertThatThrownBy(() -> store.commit(List.of(update(a2, "merged_into"),
            update(staleB, "merged_from"), create(c, "c"))))
            .isInstanceOf(ConflictException.class);
        assertThat(store.ticket(a.id())).contains(a);
        assertThat(store.ticket(c.id())).isEmpty();
        assertThat(store.history(a.id())).hasSize(1);
    }

    @Test
    public void messagesAndHistoryAppendInOrderAndEarlierReadsDoNotChange() {
        Ticket t = simple(TENANT, "T1", 1);
        store.commit(List.of(create(t, "最初")));
        List<Message> early = store.messages(t.id());
        Ticket cur = t;
        for (int i = 2; i <= 6; i++) {
            Ticket n = next(cur, TicketStatus.OPEN, T0.plusSeconds(i), 1, i % 2 == 0 ? 0 : 1);
            store.commit(List.of(update(n, "m" + i,
                    message(n, i, i % 2 == 0 ? Visibility.INTERNAL : Visibility.PUBLIC, "本文" + i))));
            cur = n;
        }
        assertThat(early).hasSize(1);
        assertThat(store.messages(t.id())).extracting(Message::seq).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(store.history(t.id())).extracting(AuditEntry::version).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(store.ticket(t.id()).orElseThrow().version()).isEqualTo(6);
        // the count of public messages (what a customer sees) is kept as written
        assertThat(store.ticket(t.id()).orElseThrow().messageCount()).isEqualTo(6);
        assertThat(store.ticket(t.id()).orElseThrow().publicMessageCount()).isEqualTo(3);
    }

    @Test
    public void concurrentWritersNeverLoseAnAcceptedChange() throws Exception {
        Ticket t = simple(TENANT, "T1", 1);
        store.commit(List.of(create(t, "本文")));
        AtomicInteger accepted = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread th = new Thread(() -> {
                for (int k = 0; k < 500; k++) {
                    Ticket cur = store.ticket(t.id()).orElseThrow();
                    Ticket n = next(cur, TicketStatus.OPEN, T0.plusSeconds(k), 0);
                    try {
                        store.commit(List.of(update(n, "x")));
                        accepted.incrementAndGet();
                    } catch (ConflictException e) {
                        // refused, not lost
                    }
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        assertThat(store.ticket(t.id()).orElseThrow().version()).isEqualTo(accepted.get() + 1L);
        assertThat(store.history(t.id())).hasSize(accepted.get() + 1);
    }

    private void seed(int n) {
        for (int i = 1; i <= n; i++) {
            Ticket t = ticket(TENANT, "Q" + i, i, 1, TicketStatus.values()[i % 4], Priority.values()[i % 4],
                T0.plus(Duration.ofMinutes(i % 7)), T0.plus(Duration.ofMinutes(i)),
                i % 3 == 0 ? List.of("vip") : List.of(),
                i % 10 == 0 ? "ＰＯＳレジが起動しない " + i : "問い合わせ " + i);
            store.commit(List.of(create(t, i == 11 ? "Ｗｉ－Ｆｉ がつながらない" : "本文 " + i)));
        }
        store.commit(List.of(create(simple(OTHER, "X1", 1), "他テナント")));
    }

    @Test
    public void queryFiltersWithinTheTenant() {
        seed(40);
        TicketPage all = store.query(TENANT, TicketQuery.builder().limit(1000).build(), true);
        assertThat(all.tickets()).hasSize(40).allMatch(t -> t.tenantId().equals(TENANT));
        assertThat(all.next()).isEmpty();
        assertThat(store.query(TENANT, TicketQuery.builder().status(TicketStatus.OPEN).limit(1000)
            .build(), true).tickets())
            .hasSize(10).allMatch(t -> t.status() == TicketStatus.OPEN);
        assertThat(store.query(TENANT, TicketQuery.builder().priority(Priority.URGENT, Priority.LOW).limit(1000)
            .build(), true).tickets())
            .hasSize(20);
        assertThat(store.query(TENANT, TicketQuery.builder().tag("ＶＩＰ").limit(1000).build(), true)
                .tickets()).hasSize(13);
        assertThat(store.query(TENANT, TicketQuery.builder().channel(Channel.LINE).limit(1000).build(), true)
                .tickets()).hasSize(20);
        assertThat(store.query(TENANT, TicketQuery.builder().requester(CustomerId.of("c-1")).limit(1000)
            .build(), true).tickets())
            .allMatch(t -> t.requester().value().equals("c-1")).hasSize(14);
        assertThat(store.query(TENANT, TicketQuery.builder().assignee(AgentId.of("agent-1")).limit(1000).build(), true)
                .tickets()).hasSize(10);
        assertThat(store.query(TENANT, TicketQuery.builder().complaint(true).limit(1000).build(), true)
                .tickets()).hasSize(8);
        assertThat(store.query(TENANT, TicketQuery.builder().group(GroupId.of("tier-2")).limit(1000).build(), true)
                .tickets()).hasSize(5);
        assertThat(store.query(TENANT, TicketQuery.builder().organization(OrganizationId.of("org-6")).limit(1000)
            .build(), true).tickets())
            .hasSize(6);
        assertThat(store.query(TENANT, TicketQuery.builder().type(TicketType.INCIDENT).limit(1000).build(), true)
                .tickets()).hasSize(13);
        assertThat(store.query(TENANT, TicketQuery.builder().type(TicketType.INCIDENT).tag("vip")
            .status(TicketStatus.NEW)
            .limit(1000).build(), true).tickets()).extracting(Ticket::number).containsExactlyInAnyOrder(12L, 24L, 36L);
        assertThat(store.query(TENANT, TicketQuery.builder().updatedBetween(T0.plus(Duration.ofMinutes(5)),
            T0.plus(Duration.ofMinutes(15)))
            .limit(1000).build(), true).tickets()).hasSize(10);
        assertThat(store.query(TENANT, TicketQuery.builder().createdBetween(T0, T0.plus(Duration.ofMinutes(1)))
            .limit(1000).build(), true).tickets())
            .hasSize(5);
    }

    private static Ticket ofRequester(TenantId tenant, String id, long number, String requester, Channel channel,
                                      TicketStatus status, Instant updated) {
        return new Ticket(TicketId.of(id), tenant, number, "件名 " + number, CustomerId.of(requester), null, channel,
            status, Priority.NORMAL, TicketType.QUESTION, false, List.of(), Map.of(), null, null, "ja", T0, updated,
            null, 1, null, List.of(), 1, 1);
    }

    private TicketQuery.Builder latestOf(String requester, Channel channel) {
        return TicketQuery.builder().requester(CustomerId.of(requester)).channel(channel)
            .sort(TicketSort.UPDATED, true).limit(1);
    }

    @Test
    public void aCustomersLatestConversationIsFoundAmongManyTicketsInItsTenantOnly() {
        // 60 tickets of one customer, alternating LINE and mail, most of them solved or closed, among 200 of others
        TicketStatus[] statuses = {TicketStatus.CLOSED, TicketStatus.SOLVED, TicketStatus.CLOSED, TicketStatus.OPEN};
        List<Ticket> mine = new ArrayList<>();
        for (int i = 1; i <= 60; i++) {
            Ticket t = ofRequester(TENANT, "M" + i, i, "c-常連", i % 2 == 1 ? Channel.LINE : Channel.EMAIL,
                statuses[i % 4], T0.plus(Duration.ofMinutes(i)));
            mine.add(t);
            store.commit(List.of(create(t, "問い合わせ " + i)));
        }
        for (int i = 1; i <= 200; i++) {
            store.commit(List.of(create(ofRequester(TENANT, "O" + i, 100 + i, "c-他" + i % 20, Channel.LINE,
                TicketStatus.OPEN, T0.plus(Duration.ofHours(5)).plusSeconds(i)), "別のお客様")));
        }
        // the same customer id in another tenant, updated last of all
        store.commit(List.of(create(ofRequester(OTHER, "X1", 1, "c-常連", Channel.LINE, TicketStatus.OPEN,
            T0.plus(Duration.ofDays(1))), "他テナント")));

        assertThat(store.query(TENANT, latestOf("c-常連", Channel.LINE).build(), false).tickets())
            .extracting(Ticket::id).containsExactly(TicketId.of("M59"));
        assertThat(store.query(TENANT, latestOf("c-常連", Channel.EMAIL).build(), false).tickets())
            .extracting(Ticket::id).containsExactly(TicketId.of("M60"));
        // an older LINE ticket written later becomes the latest: the lookup follows every write
        Ticket m7 = mine.get(6);
        store.commit(List.of(update(next(m7, TicketStatus.OPEN, T0.plus(Duration.ofHours(2)), 1), "reopened",
            message(m7, 2, Visibility.PUBLIC, "まだ届きません"))));
        TicketPage latest = store.query(TENANT, latestOf("c-常連", Channel.LINE).build(), false);
        assertThat(latest.tickets()).extracting(Ticket::id).containsExactly(TicketId.of("M7"));
        assertThat(latest.tickets().get(0).version()).isEqualTo(2);
        assertThat(latest.next()).isNotEmpty();
        // asked for unsolved tickets only, solved and closed ones are left out
        List<Ticket> open = store.query(TENANT, TicketQuery.builder().requester(CustomerId.of("c-常連"))
            .status(TicketStatus.NEW, TicketStatus.OPEN, TicketStatus.PENDING, TicketStatus.ON_HOLD)
            .sort(TicketSort.UPDATED, true).limit(1000).build(), false).tickets();
        assertThat(open).extracting(Ticket::number)
            .containsExactly(7L, 59L, 55L, 51L, 47L, 43L, 39L, 35L, 31L, 27L, 23L, 19L, 15L, 11L, 3L);
        List<Ticket> all = store.query(TENANT, TicketQuery.builder().requester(CustomerId.of("c-常連")).limit(1000)
            .build(), false).tickets();
        assertThat(all).hasSize(60).allMatch(t -> t.tenantId().equals(TENANT))
            .allMatch(t -> t.requester().equals(CustomerId.of("c-常連")));
        assertThat(store.count(TENANT, TicketQuery.builder().requester(CustomerId.of("c-常連")).build(), false))
            .isEqualTo(60);
        assertThat(store.count(TENANT, latestOf("c-常連", Channel.LINE).text("まだ届きません").build(), true))
            .isEqualTo(1);
        assertThat(store.query(OTHER, latestOf("c-常連", Channel.LINE).build(), false).tickets())
            .extracting(Ticket::id).containsExactly(TicketId.of("X1"));
        assertThat(store.query(OTHER, latestOf("c-常連", Channel.EMAIL).build(), false).tickets()).isEmpty();
        assertThat(store.query(TENANT, latestOf("c-未登録", Channel.LINE).build(), false).tickets()).isEmpty();
        assertThat(store.count(TENANT, TicketQuery.builder().requester(CustomerId.of("c-未登録")).build(), false))
            .isZero();
    }

    @Test
    public void textSearchIsCaseAndWidthInsensitive() {
        seed(20);
        assertThat(store.query(TENANT, TicketQuery.builder().text("pos").build(), true).tickets())
            .extracting(Ticket::number)
            .containsExactlyInAnyOrder(10L, 20L);
        assertThat(store.query(TENANT, TicketQuery.builder().text("wi-fi").build(), true).tickets())
            .extracting(Ticket::number)
            .containsExactly(11L);
        assertThat(store.query(OTHER, TicketQuery.builder().text("pos").build(), true).tickets()).isEmpty();
    }

    @Test
    public void internalNotesMatchTextOnlyWhenAsked() {
        Ticket t = simple(TENANT, "T1", 1);
        store.commit(List.of(create(t, "公開の本文")));
        Ticket n = next(t, TicketStatus.OPEN, T0.plusSeconds(9), 1, 0);
        store.commit(List.of(update(n, "internal_note", message(n, 2, Visibility.INTERNAL, "社内だけの話"))));
        assertThat(store.query(TENANT, TicketQuery.builder().text("社内だけ").build(), true).tickets()).hasSize(1);
        assertThat(store.query(TENANT, TicketQuery.builder().text("社内だけ").build(), false).tickets()).isEmpty();
    }

    @Test
    public void sortsAreTotalAndPagesVisitEveryTicketOnceWhileTicketsChange() {
        seed(45);
        for (TicketSort sort : TicketSort.values()) {
            for (boolean desc : new boolean[] {true, false}) {
                TicketQuery q = TicketQuery.builder().sort(sort, desc).limit(7).build();
                List<Ticket> expected = store.query(TENANT, q.toBuilder().limit(1000).build(), true).tickets();
                List<TicketId> seen = new ArrayList<>();
                TicketPage page = store.query(TENANT, q, true);
                int pages = 0;
                while (true) {
                    page.tickets().forEach(t -> seen.add(t.id()));
                    pages++;
                    // a ticket already read changes; it must not come back, nothing may be skipped
                    if (!page.tickets().isEmpty()) {
                        Ticket first = store.ticket(page.tickets().get(0).id()).orElseThrow();
                        store.commit(List.of(update(next(first, first.status(), first.updatedAt(), 0), "touch")));
                    }
                    if (page.next().isEmpty()) {
                        break;
                    }
                    page = store.query(TENANT, q.after(page.nextCursor()), true);
                }
                assertThat(pages).isEqualTo(7);
                assertThat(seen).hasSize(45).doesNotHaveDuplicates()
                    .containsExactlyElementsOf(expected.stream().map(Ticket::id).toList());
            }
        }
    }

    @Test
    public void cursorOfAnotherSortIsRejected() {
        seed(10);
        TicketPage p = store.query(TENANT, TicketQuery.builder().sort(TicketSort.CREATED, true).limit(3).build(), true);
        assertThatThrownBy(() -> store.query(TENANT, TicketQuery.builder().sort(TicketSort.PRIORITY, true)
            .cursor(p.nextCursor()).build(), true))
            .isInstanceOf(io.madoguchi.core.ValidationException.class);
    }

    @Test
    public void openTicketsAreCountedPerAgent() {
        seed(40);
        assertThat(store.openTicketsPerAgent(TENANT)).containsExactly(Map.entry(AgentId.of("agent-1"), 10));
        assertThat(store.openTicketsPerAgent(OTHER)).isEmpty();
        // Q4 (agent-1, unsolved) is solved, Q8 moves to agent-2
        Ticket q4 = store.ticket(TicketId.of("Q4")).orElseThrow();
        store.commit(List.of(update(next(q4, TicketStatus.SOLVED, q4.updatedAt(), 0), "status")));
        Ticket q8 = store.ticket(TicketId.of("Q8")).orElseThrow();
        Ticket q8b = new Ticket(q8.id(), q8.tenantId(), q8.number(), q8.subject(), q8.requester(), null,
            q8.channel(), q8.status(), q8.priority(), q8.type(), q8.complaint(), q8.tags(), q8.customFields(),
            AgentId.of("agent-2"), null, q8.language(),
            q8.createdAt(), q8.updatedAt(), null, q8.version() + 1, null, q8.links(), q8.messageCount(),
            q8.publicMessageCount());
        store.commit(List.of(update(q8b, "assign")));
        assertThat(store.openTicketsPerAgent(TENANT)).containsOnly(Map.entry(AgentId.of("agent-1"), 8),
                Map.entry(AgentId.of("agent-2"), 1));
    }

    private static Customer customer(String id, TenantId tenant, long version, ChannelIdentity... ids) {
        return new Customer(CustomerId.of(id), tenant, "顧客 " + id, List.of(ids), null, "ja", null, T0, version);
    }

    @Test
    public void identitiesAreUniquePerTenant() {
        store.commitCustomers(List.of(customer("C1", TENANT, 1, ChannelIdentity.email("a@example.jp"))));
        assertThatThrownBy(() -> store.commitCustomers(List.of(customer("C2", TENANT, 1,
            ChannelIdentity.email("A@example.jp")))))
            .isInstanceOf(ConflictException.class);
        store.commitCustomers(List.of(customer("C3", OTHER, 1, ChannelIdentity.email("a@example.jp"))));
        assertThat(store.customer(CustomerId.of("C2"))).isEmpty();
        assertThat(store.customerByIdentity(TENANT, ChannelIdentity.email("a@example.jp"))).map(Customer::id)
                .contains(CustomerId.of("C1"));
        assertThat(store.customerByIdentity(OTHER, ChannelIdentity.email("a@example.jp"))).map(Customer::id)
                .contains(CustomerId.of("C3"));
    }

    @Test
    public void customerUpdatesAreVersionedAndIdentitiesMoveAtomically() {
        store.commitCustomers(List.of(customer("C1", TENANT, 1, ChannelIdentity.email("a@example.jp")),
            customer("C2", TENANT, 1, ChannelIdentity.line("U1"))));
        assertThatThrownBy(() -> store.commitCustomers(List.of(customer("C1", TENANT, 3))))
                .isInstanceOf(ConflictException.class);
        // move U1 from C2 to C1 in one commit
        store.commitCustomers(List.of(customer("C1", TENANT, 2, ChannelIdentity.email("a@example.jp"),
            ChannelIdentity.line("U1")), customer("C2", TENANT, 2)));
        assertThat(store.customerByIdentity(TENANT, ChannelIdentity.line("U1"))).map(Customer::id)
                .contains(CustomerId.of("C1"));
        assertThat(store.customer(CustomerId.of("C2")).orElseThrow().identities()).isEmpty();
        // an identity held by another customer cannot be taken without releasing it
        assertThatThrownBy(() -> store.commitCustomers(List.of(customer("C2", TENANT, 3, ChannelIdentity.line("U1")))))
            .isInstanceOf(ConflictException.class);
        assertThat(store.customer(CustomerId.of("C2")).orElseThrow().version()).isEqualTo(2);
    }

    @Test
    public void configurationIsSavedAndListedPerTenant() {
        store.saveGroup(new Group(GroupId.of("g1"), TENANT, "一次対応"));
        store.saveAgent(Agent.of(TENANT, AgentId.of("b"), "B"));
        store.saveAgent(Agent.of(TENANT, AgentId.of("a"), "A"));
        store.saveAgent(Agent.of(OTHER, AgentId.of("z"), "Z"));
        store.saveOrganization(new Organization(OrganizationId.of("o1"), TENANT, "株式会社例", Set.of("example.co.jp")));
        store.saveMacro(Macro.reply(TENANT, "thanks", "お礼", Map.of("ja", "ありがとうございます")));
        store.saveFieldDefinition(TENANT, CustomFieldDefinition.of("order_no", "注文番号", FieldType.TEXT));
        assertThat(store.agents(TENANT)).extracting(a -> a.id().value()).containsExactly("a", "b");
        assertThat(store.group(TENANT, GroupId.of("g1"))).isPresent();
        assertThat(store.group(OTHER, GroupId.of("g1"))).isEmpty();
        assertThat(store.agent(TENANT, AgentId.of("a"))).map(Agent::name).contains("A");
        assertThat(store.agent(TENANT, AgentId.of("z"))).isEmpty();
        assertThat(store.organization(TENANT, OrganizationId.of("o1"))).isPresent();
        assertThat(store.organization(OTHER, OrganizationId.of("o1"))).isEmpty();
        assertThat(store.organizations(TENANT)).hasSize(1);
        assertThat(store.organizations(OTHER)).isEmpty();
        assertThat(store.macro(TENANT, "thanks")).isPresent();
        assertThat(store.macro(OTHER, "thanks")).isEmpty();
        assertThat(store.macros(TENANT)).hasSize(1);
        assertThat(store.fieldDefinitions(TENANT)).containsKey("order_no");
        assertThat(store.fieldDefinitions(OTHER)).isEmpty();
        Set<String> ids = new HashSet<>();
        store.agents(TENANT).forEach(a -> ids.add(a.id().value()));
        assertThat(ids).doesNotContain("z");
    }

    @Test
    public void agentGroupAndOrganizationIdsArePerTenant() {
        store.saveAgent(Agent.of(TENANT, AgentId.of("a1"), "佐藤"));
        store.saveAgent(Agent.of(OTHER, AgentId.of("a1"), "別会社の佐藤"));
        store.saveGroup(new Group(GroupId.of("g1"), TENANT, "一次対応"));
        store.saveGroup(new Group(GroupId.of("g1"), OTHER, "別会社の一次対応"));
        store.saveOrganization(new Organization(OrganizationId.of("o1"), TENANT, "株式会社例", Set.of()));
        store.saveOrganization(new Organization(OrganizationId.of("o1"), OTHER, "別会社の取引先", Set.of()));
        // saving in one tenant never replaces the other tenant's object of the same id
        assertThat(store.agent(TENANT, AgentId.of("a1"))).map(Agent::name).contains("佐藤");
        assertThat(store.agent(OTHER, AgentId.of("a1"))).map(Agent::name).contains("別会社の佐藤");
        assertThat(store.group(TENANT, GroupId.of("g1"))).map(Group::name).contains("一次対応");
        assertThat(store.group(OTHER, GroupId.of("g1"))).map(Group::name).contains("別会社の一次対応");
        assertThat(store.organization(TENANT, OrganizationId.of("o1"))).map(Organization::name).contains("株式会社例");
        assertThat(store.organization(OTHER, OrganizationId.of("o1"))).map(Organization::name).contains("別会社の取引先");
        assertThat(store.agents(TENANT)).extracting(Agent::name).containsExactly("佐藤");
        assertThat(store.organizations(OTHER)).extracting(Organization::name).containsExactly("別会社の取引先");
        store.saveAgent(Agent.of(OTHER, AgentId.of("a1"), "改名"));
        assertThat(store.agent(TENANT, AgentId.of("a1"))).map(Agent::name).contains("佐藤");
        assertThat(store.agents(OTHER)).extracting(Agent::name).containsExactly("改名");
    }

    // ------------------------------------------------------------------ change sets, the event log, claims

    private static io.madoguchi.core.event.StatusChanged statusEvent(Ticket after, TicketStatus from) {
        return new io.madoguchi.core.event.StatusChanged(after, ACTOR, after.updatedAt(), from, after.status());
    }

    private static IdempotencyKey key(TenantId tenant, String k) {
        return new IdempotencyKey(tenant, "inbound:line", k);
    }

    @Test
    public void aChangeSetAppendsItsEventsInOrderWithIncreasingPositions() {
        Ticket t = simple(TENANT, "T1", 1);
        Ticket t2 = next(t, TicketStatus.OPEN, T0.plusSeconds(60), 0);
        long before = store.eventLog().head();
        store.commit(new ChangeSet(List.of(create(t, "本文")), List.of(), List.of(statusEvent(t, TicketStatus.NEW)),
            Map.of()));
        store.commit(new ChangeSet(List.of(update(t2, "status")), List.of(), List.of(statusEvent(t2, TicketStatus.NEW),
            statusEvent(t2, TicketStatus.PENDING)), Map.of()));
        List<io.madoguchi.core.event.EventEnvelope> read = store.eventLog().read(before, 10);
        assertThat(read).hasSize(3);
        assertThat(read).extracting(io.madoguchi.core.event.EventEnvelope::position)
            .containsExactly(before + 1, before + 2, before + 3);
        assertThat(read.get(2).event()).isEqualTo(statusEvent(t2, TicketStatus.PENDING));
        assertThat(store.eventLog().head()).isEqualTo(before + 3);
        assertThat(store.eventLog().read(before + 1, 1)).extracting(e -> e.position()).containsExactly(before + 2);
        assertThat(store.eventLog().read(before + 3, 10)).isEmpty();
    }

    @Test
    public void aRefusedChangeSetWritesNoTicketNoEventAndNoClaim() {
        Ticket t = simple(TENANT, "T1", 1);
        store.commit(List.of(create(t, "本文")));
        long head = store.eventLog().head();
        Ticket stale = next(next(t, TicketStatus.OPEN, T0.plusSeconds(1), 0), TicketStatus.SOLVED,
                T0.plusSeconds(2), 0);
        assertThatThrownBy(() -> store.commit(new ChangeSet(List.of(update(stale, "status")), List.of(),
            List.of(statusEvent(stale, TicketStatus.OPEN)), Map.of(key(TENANT, "m-1"), "T1"))))
            .isInstanceOf(ConflictException.class);
        assertThat(store.eventLog().head()).isEqualTo(head);
        assertThat(store.eventLog().claimed(key(TENANT, "m-1"))).isEmpty();
        assertThat(store.ticket(t.id()).orElseThrow().version()).isEqualTo(1);
    }

    @Test
    public void aChangeSetBasedOnAStaleCustomerVersionWritesNothing() {
        store.commitCustomers(List.of(customer("C1", TENANT, 1, ChannelIdentity.line("U1"))));
        Ticket t = ticket(TENANT, "T1", 3, 1, TicketStatus.NEW, Priority.NORMAL, T0, T0, List.of(), "件名");
        // a customer write (a merge, say) between reading the customer and committing the ticket
        store.commitCustomers(List.of(customer("C1", TENANT, 2, ChannelIdentity.line("U1"))));
        long head = store.eventLog().head();
        assertThatThrownBy(() -> store.commit(new ChangeSet(List.of(create(t, "本文")), List.of(),
            List.of(statusEvent(t, TicketStatus.NEW)), Map.of(key(TENANT, "m-1"), "T1"),
            Map.of(CustomerId.of("C1"), 1L)))).isInstanceOf(ConflictException.class);
        assertThat(store.ticket(t.id())).isEmpty();
        assertThat(store.eventLog().head()).isEqualTo(head);
        assertThat(store.eventLog().claimed(key(TENANT, "m-1"))).isEmpty();
        assertThat(store.customer(CustomerId.of("C1")).orElseThrow().version()).isEqualTo(2);
        // based on the current version it commits, and the guard writes nothing to the customer
        store.commit(new ChangeSet(List.of(create(t, "本文")), List.of(), List.of(statusEvent(t, TicketStatus.NEW)),
            Map.of(key(TENANT, "m-1"), "T1"), Map.of(CustomerId.of("C1"), 2L)));
        assertThat(store.ticket(t.id())).contains(t);
        assertThat(store.eventLog().head()).isEqualTo(head + 1);
        assertThat(store.customer(CustomerId.of("C1")).orElseThrow().version()).isEqualTo(2);
    }

    @Test
    public void aClaimedKeyRefusesTheSecondChangeSetWithTheFirstResult() {
        Ticket a = simple(TENANT, "T1", 1);
        Ticket b = simple(TENANT, "T2", 2);
        store.commit(new ChangeSet(List.of(create(a, "ライン")), List.of(), List.of(), Map.of(key(TENANT, "m-1"), "T1")));
        long head = store.eventLog().head();
        assertThatThrownBy(() -> store.commit(new ChangeSet(List.of(create(b, "ライン")), List.of(),
            List.of(statusEvent(b, TicketStatus.NEW)), Map.of(key(TENANT, "m-1"), "T2"))))
            .isInstanceOfSatisfying(io.madoguchi.core.DuplicateRequestException.class,
                e -> assertThat(e.existingResult()).isEqualTo("T1"));
        assertThat(store.ticket(b.id())).isEmpty();
        assertThat(store.eventLog().head()).isEqualTo(head);
        assertThat(store.eventLog().claimed(key(TENANT, "m-1"))).contains("T1");
        // claims are per tenant: the same provider id in another tenant is a new request
        store.commit(new ChangeSet(List.of(create(simple(OTHER, "T3", 1), "別テナント")), List.of(), List.of(),
            Map.of(key(OTHER, "m-1"), "T3")));
        assertThat(store.eventLog().claimed(key(OTHER, "m-1"))).contains("T3");
    }

    @Test
    public void appendWritesEventsAndClaimsTogether() {
        Ticket t = simple(TENANT, "T1", 1);
        store.commit(List.of(create(t, "本文")));
        long head = store.eventLog().append(List.of(statusEvent(t, TicketStatus.NEW)),
            Map.of(new IdempotencyKey(TENANT, "sla:breach", "T1/first_reply/1"), "fired"));
        assertThat(store.eventLog().head()).isEqualTo(head);
        assertThatThrownBy(() -> store.eventLog().append(List.of(statusEvent(t, TicketStatus.NEW)),
            Map.of(new IdempotencyKey(TENANT, "sla:breach", "T1/first_reply/1"), "fired")))
            .isInstanceOf(io.madoguchi.core.DuplicateRequestException.class);
        assertThat(store.eventLog().head()).isEqualTo(head);
    }

    @Test
    public void customersAndTicketsOfOneChangeSetCommitTogether() {
        Customer c = new Customer(CustomerId.of("C1"), TENANT, "山田 花子", List.of(ChannelIdentity.line("U1")), null,
            "ja", null, T0, 1);
        Ticket t = simple(TENANT, "T1", 1);
        Ticket taken = simple(TENANT, "T2", 2);
        store.commit(List.of(create(taken, "先")));
        // the second ticket already exists: the customer is not written either
        assertThatThrownBy(() -> store.commit(new ChangeSet(List.of(create(t, "本文"), create(taken, "重複")),
            List.of(c), List.of(), Map.of()))).isInstanceOf(ConflictException.class);
        assertThat(store.customer(c.id())).isEmpty();
        assertThat(store.customerByIdentity(TENANT, ChannelIdentity.line("U1"))).isEmpty();
        store.commit(new ChangeSet(List.of(create(t, "本文")), List.of(c), List.of(), Map.of()));
        assertThat(store.customer(c.id())).contains(c);
        assertThat(store.ticket(t.id())).isPresent();
    }

    @Test
    public void concurrentChangeSetsGetUniquePositionsInCommitOrderPerTicket() throws Exception {
        int threads = 4;
        int perThread = 200;
        List<Ticket> tickets = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Ticket t = simple(TENANT, "T" + (i + 1), i + 1);
            store.commit(List.of(create(t, "本文")));
            tickets.add(t);
        }
        long start = store.eventLog().head();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Ticket first = tickets.get(i);
            workers.add(new Thread(() -> {
                Ticket cur = first;
                for (int k = 0; k < perThread; k++) {
                    Ticket after = next(cur, TicketStatus.OPEN, cur.updatedAt().plusSeconds(1), 0);
                    store.commit(new ChangeSet(List.of(update(after, "touch")), List.of(),
                        List.of(statusEvent(after, TicketStatus.OPEN)), Map.of()));
                    cur = after;
                }
            }));
        }
        workers.forEach(Thread::start);
        for (Thread w : workers) {
            w.join();
        }
        List<io.madoguchi.core.event.EventEnvelope> all = new ArrayList<>();
        long after = start;
        while (true) {
            List<io.madoguchi.core.event.EventEnvelope> page = store.eventLog().read(after, 100);
            if (page.isEmpty()) {
                break;
            }
            all.addAll(page);
            after = page.get(page.size() - 1).position();
        }
        assertThat(all).hasSize(threads * perThread);
        Map<TicketId, Long> lastVersion = new java.util.HashMap<>();
        for (io.madoguchi.core.event.EventEnvelope e : all) {
            Ticket t = ((io.madoguchi.core.event.TicketEvent) e.event()).ticket();
            long prev = lastVersion.getOrDefault(t.id(), 1L);
            assertThat(t.version()).isEqualTo(prev + 1);
            lastVersion.put(t.id(), t.version());
        }
    }

    @Test
    public void checkpointsMoveOnlyForwardFromWhereTheCallerSawThem() {
        CheckpointStore cps = store.checkpoints();
        assertThat(cps.checkpoint("sla")).isZero();
        cps.register("sla");
        assertThat(cps.checkpoints()).containsEntry("sla", 0L);
        cps.advance("sla", 0, 5);
        assertThat(cps.checkpoint("sla")).isEqualTo(5);
        assertThatThrownBy(() -> cps.advance("sla", 0, 6)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> cps.advance("sla", 5, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThat(cps.checkpoint("sla")).isEqualTo(5);
        assertThat(cps.checkpoint("surveys")).isZero();
    }

    @Test
    public void aParkedEventMovesTheCheckpointPastItAndStaysUntilUnparked() {
        CheckpointStore cps = store.checkpoints();
        cps.register("bot");
        ParkedEvent parked = new ParkedEvent("bot", 3, "desk.TicketCreated", "IllegalStateException: 壊れた", 8, T0);
        assertThatThrownBy(() -> cps.park(parked, 1)).isInstanceOf(ConflictException.class);
        cps.advance("bot", 0, 2);
        cps.park(parked, 2);
        assertThat(cps.checkpoint("bot")).isEqualTo(3);
        assertThat(cps.parked("bot")).containsExactly(parked);
        assertThat(cps.parked("sla")).isEmpty();
        assertThat(cps.unpark("bot", 3)).isTrue();
        assertThat(cps.unpark("bot", 3)).isFalse();
        assertThat(cps.parked("bot")).isEmpty();
        assertThat(cps.remove("bot")).isTrue();
        assertThat(cps.checkpoints()).doesNotContainKey("bot");
    }

    @Test
    public void countsMatchWhatTheQueryFinds() {
        for (int i = 1; i <= 30; i++) {
            Ticket t = ticket(TENANT, "T" + i, i, 1, i % 3 == 0 ? TicketStatus.PENDING : TicketStatus.NEW,
                Priority.NORMAL, T0.plusSeconds(i), T0.plusSeconds(i), i % 5 == 0 ? List.of("クレーム") : List.of(),
                "件名 " + i);
            store.commit(List.of(create(t, i % 2 == 0 ? "ﾊﾟｽﾜｰﾄﾞを忘れました" : "配送について")));
        }
        store.commit(List.of(create(simple(OTHER, "T99", 1), "パスワード")));
        List<TicketQuery> queries = List.of(TicketQuery.builder().build(),
            TicketQuery.builder().status(TicketStatus.PENDING).build(),
            TicketQuery.builder().tag("クレーム").build(),
            TicketQuery.builder().channel(Channel.LINE).status(TicketStatus.NEW).build(),
            TicketQuery.builder().text("パスワード").limit(3).build());
        for (TicketQuery q : queries) {
            long viaPages = 0;
            TicketQuery page = q;
            while (true) {
                TicketPage p = store.query(TENANT, page, true);
                viaPages += p.tickets().size();
                if (p.next().isEmpty()) {
                    break;
                }
                page = page.after(p.nextCursor());
            }
            assertThat(store.count(TENANT, q, true)).as(q.toString()).isEqualTo(viaPages);
        }
        assertThat(store.count(TENANT, TicketQuery.builder().build(), true)).isEqualTo(30);
        assertThat(store.count(TENANT, TicketQuery.builder().status(TicketStatus.PENDING).build(), true)).isEqualTo(10);
        assertThat(store.count(TENANT, TicketQuery.builder().text("パスワード").build(), true)).isEqualTo(15);
    }

    @Test
    public void instantsKeepMicrosecondsAndOrderPagesByThem() {
        Instant base = Instant.parse("2026-11-24T09:00:00.000001Z");
        // three tickets updated one microsecond apart, numbered against that order
        for (int i = 0; i < 3; i++) {
            Ticket t = ticket(TENANT, "U" + i, 10 - i, 1, TicketStatus.OPEN, Priority.NORMAL, base,
                base.plusNanos(1_000L * i), List.of(), "件名");
            store.commit(List.of(create(t, "本文")));
        }
        assertThat(store.ticket(TicketId.of("U1")).orElseThrow().updatedAt()).isEqualTo(base.plusNanos(1_000));
        assertThat(store.history(TicketId.of("U2")).get(0).at()).isEqualTo(base);
        assertThat(store.messages(TicketId.of("U2")).get(0).createdAt()).isEqualTo(base.plusNanos(2_000));
        TicketQuery q = TicketQuery.builder().sort(TicketSort.UPDATED, false).limit(1).build();
        List<String> ids = new ArrayList<>();
        TicketPage page = store.query(TENANT, q, true);
        while (true) {
            page.tickets().forEach(t -> ids.add(t.id().value()));
            if (page.next().isEmpty()) {
                break;
            }
            page = store.query(TENANT, q.after(page.nextCursor()), true);
        }
        assertThat(ids).containsExactly("U0", "U1", "U2");
        // the window [base + 1µs, base + 2µs) holds exactly U1
        assertThat(store.query(TENANT, TicketQuery.builder().updatedBetween(base.plusNanos(1_000),
            base.plusNanos(2_000))
            .build(), true).tickets()).extracting(t -> t.id().value()).containsExactly("U1");
    }

    @Test
    public void japaneseTextRoundTripsExactlyAndIsFoundByAnyWidthOrCase() {
        String subject = "【至急】ﾊﾟｽﾜｰﾄﾞ再設定メールが届かない𠮷野家さま";
        String body = "ログインできません。\n全角ＡＢＣ、半角ｶﾀｶﾅ、絵文字😀、旧字「髙」も含みます。";
        Ticket t = ticket(TENANT, "J1", 1, 1, TicketStatus.NEW, Priority.HIGH, T0, T0, List.of("クレーム", "vip"), subject);
        store.commit(List.of(create(t, body)));
        assertThat(store.ticket(t.id()).orElseThrow().subject()).isEqualTo(subject);
        assertThat(store.messages(t.id()).get(0).body()).isEqualTo(body);
        assertThat(store.ticket(t.id()).orElseThrow().tags()).containsExactly("クレーム", "vip");
        for (String needle : List.of("パスワード", "パスワード再設定", "abc", "ＡＢＣ", "カタカナ",
            "𠮷野家", "😀", "髙")) {
            assertThat(store.query(TENANT, TicketQuery.builder().text(needle).build(), false).tickets())
                .as(needle).extracting(Ticket::id).containsExactly(t.id());
        }
        assertThat(store.query(TENANT, TicketQuery.builder().text("高").build(), false).tickets()).isEmpty();
        assertThat(store.query(TENANT, TicketQuery.builder().tag("ｸﾚｰﾑ").build(), false).tickets()).hasSize(1);
        assertThat(store.count(TENANT, TicketQuery.builder().text("届かない").build(), false)).isEqualTo(1);
    }

    @Test
    public void textSearchTreatsLikeWildcardsAsPlainCharacters() {
        store.commit(List.of(create(simple(TENANT, "W1", 1), "割引率は100%です")));
        store.commit(List.of(create(simple(TENANT, "W2", 2), "割引率は1000です")));
        store.commit(List.of(create(simple(TENANT, "W3", 3), "file_name と filename")));
        assertThat(store.query(TENANT, TicketQuery.builder().text("100%").build(), false).tickets())
            .extracting(t -> t.id().value()).containsExactly("W1");
        assertThat(store.query(TENANT, TicketQuery.builder().text("e_n").build(), false).tickets())
            .extracting(t -> t.id().value()).containsExactly("W3");
    }
}
