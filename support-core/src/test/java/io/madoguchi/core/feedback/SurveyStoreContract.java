package io.madoguchi.core.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.CustomerId;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.DuplicateRequestException;
import io.madoguchi.core.store.EventLog;
import io.madoguchi.core.store.IdempotencyKey;
import io.madoguchi.core.store.memory.InMemoryCheckpointStore;
import io.madoguchi.core.store.memory.InMemoryEventLog;
import io.madoguchi.core.feedback.SurveyStore.Admission;
import io.madoguchi.core.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link SurveyStore} must have. A store implementation proves itself by extending this class in
 * its tests and implementing {@link #newStore(MutableClock)}; it ships in the support-core test-jar.
 */
public abstract class SurveyStoreContract {

    /** The first tenant. */
    protected static final TenantId TENANT = TenantId.of("contract-a");
    /** Another tenant. */
    protected static final TenantId OTHER = TenantId.of("contract-b");
    /** A customer. */
    protected static final CustomerId SATO = CustomerId.of("sato-hanako");
    /** The contract's start time. */
    protected static final Instant T0 = Instant.parse("2026-11-24T00:00:00Z");
    private static final Duration WEEK = Duration.ofDays(7);

    /** The clock the store under test ages its records on. */
    protected final MutableClock clock = MutableClock.startingAt(T0);
    /** The store under test. */
    protected SurveyStore store;
    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    /**
     * @param clock the clock to age records on
     * @return a new, empty store
     */
    protected abstract SurveyStore newStore(MutableClock clock);

    /**
     * @param clock the clock
     * @param maxPerTenant the invitations each tenant may keep
     * @return a new, empty store with that size bound (an age bound of 400 days, 10 enrolments)
     */
    protected abstract SurveyStore newStore(MutableClock clock, int maxPerTenant);

    /**
     * @param store the store under test
     * @return another instance over the same data, as a second host process would build it on the same clock; the
     *     store itself for a store that lives in one process
     */
    protected SurveyStore sameData(SurveyStore store) {
        return store;
    }

    /**
     * @return the event log a unit of work of the store under test appends to: a new in-memory log here; a database
     *     store's tests give the log of the store's own database
     */
    protected EventLog eventLog() {
        return new InMemoryEventLog(new InMemoryCheckpointStore(), clock);
    }

    /** Creates the store. */
    @BeforeEach
    public void createStore() {
        store = newStore(clock);
    }

    /** Stops the threads of the concurrent cases. */
    @AfterEach
    public void stopThreads() {
        pool.shutdownNow();
    }

    /**
     * @param id the invitation's id
     * @param tenant its tenant
     * @param customer its customer
     * @param ticket its ticket, or null
     * @param due when it is due
     * @return an invitation expiring 14 days after it is due
     */
    protected static Invitation invitation(String id, TenantId tenant, CustomerId customer, String ticket,
                                           Instant due) {
        return new Invitation(id, tenant, customer, ticket == null ? null : TicketId.of(ticket), AgentId.of("suzuki"),
            null, Channel.EMAIL, SurveyDefinition.defaultCsat(), SurveyTrigger.ON_SOLVE, due,
                due.plus(Duration.ofDays(14)),
            Locale.JAPANESE, "st1.k1.token-" + id);
    }

    /**
     * @param id the response's id
     * @param inv the invitation answered
     * @param at when
     * @return a response to it
     */
    protected static SurveyResponse response(String id, Invitation inv, Instant at) {
        return new SurveyResponse(id, inv.id(), inv.tenant(), inv.survey().id(), inv.trigger(), inv.ticket(),
            inv.customer(), inv.agent(), inv.group(), inv.channel(), at, List.of(Answer.score("csat", 5)),
            "丁寧な対応でした", null, null);
    }

    @Test
    void anInvitationIsFoundOnlyWithinItsOwnTenant() {
        Invitation inv = invitation("i-1", TENANT, SATO, "T-1", T0);
        store.schedule(inv, "k1", null);

        assertThat(store.invitation(TENANT, "i-1")).get().extracting(StoredInvitation::invitation).isEqualTo(inv);
        assertThat(store.invitation(OTHER, "i-1")).isEmpty();
        assertThat(sameData(store).invitation(OTHER, "i-1")).isEmpty();
    }

    @Test
    void aUniqueKeyIsHeldByOneInvitationPerTenant() {
        Invitation first = invitation("i-1", TENANT, SATO, "T-1", T0);
        assertThat(store.schedule(first, "ticket:T-1/csat", null).admission()).isEqualTo(Admission.SCHEDULED);
        SurveyStore.ScheduleOutcome again = store.schedule(invitation("i-2", TENANT, SATO, "T-1", T0),
            "ticket:T-1/csat",
            null);
        assertThat(again.admission()).isEqualTo(Admission.KEY_TAKEN);
        assertThat(again.holder().invitation()).isEqualTo(first);
        assertThat(store.invitation(TENANT, "i-2")).isEmpty();
        assertThat(store.schedule(invitation("i-3", OTHER, SATO, "T-1", T0), "ticket:T-1/csat", null).admission())
            .isEqualTo(Admission.SCHEDULED);
        assertThat(store.invitation(TENANT, "i-1")).get().satisfies(s -> {
            assertThat(s.invitation()).isEqualTo(first);
            assertThat(s.state()).isEqualTo(InvitationState.SCHEDULED);
        });
    }

    @Test
    void theKeyStaysHeldWhateverStateItsInvitationReaches() {
        Invitation first = invitation("i-1", TENANT, SATO, "T-1", T0);
        store.schedule(first, "ticket:T-1/csat", null);
        store.transition("i-1", InvitationState.SCHEDULED, InvitationState.SENT, T0);
        store.recordResponse(response("r-1", first, T0.plusSeconds(60)));
        SurveyStore.ScheduleOutcome again = store.schedule(invitation("i-2", TENANT, SATO, "T-1", T0),
            "ticket:T-1/csat",
            null);
        assertThat(again.admission()).isEqualTo(Admission.KEY_TAKEN);
        assertThat(again.holder().state()).isEqualTo(InvitationState.ANSWERED);
    }

    @Test
    void aCustomerInvitedWithinTheThrottleIsRefusedUntilTheWithdrawnOnesNoLongerCount() {
        store.schedule(invitation("i-1", TENANT, SATO, "T-1", T0), "k1", WEEK);
        assertThat(store.throttleMark(TENANT, SATO)).contains(T0);
        assertThat(store.schedule(invitation("i-2", TENANT, SATO, "T-2", T0.plus(Duration.ofDays(6))), "k2", WEEK)
            .admission()).isEqualTo(Admission.THROTTLED);
        assertThat(store.invitation(TENANT, "i-2")).isEmpty();
        assertThat(store.schedule(invitation("i-3", TENANT, CustomerId.of("kato"), "T-3", T0), "k3", WEEK).admission())
            .isEqualTo(Admission.SCHEDULED);
        assertThat(store.schedule(invitation("i-4", OTHER, SATO, "T-4", T0), "k4", WEEK).admission())
            .isEqualTo(Admission.SCHEDULED);
        assertThat(store.schedule(invitation("i-5", TENANT, SATO, "T-5", T0.plus(WEEK)), "k5", WEEK).admission())
            .isEqualTo(Admission.SCHEDULED);

        assertThat(store.withdraw(TENANT, TicketId.of("T-5"), T0)).extracting(Invitation::id).containsExactly("i-5");
        assertThat(store.throttleMark(TENANT, SATO)).contains(T0);
        assertThat(store.invitation(TENANT, "i-5")).get().extracting(StoredInvitation::state)
            .isEqualTo(InvitationState.WITHDRAWN);
        assertThat(store.withdraw(TENANT, TicketId.of("T-5"), T0)).isEmpty();
        assertThat(store.schedule(invitation("i-6", TENANT, SATO, "T-6", T0.plus(Duration.ofDays(6))), "k6", null)
            .admission()).as("no throttle given").isEqualTo(Admission.SCHEDULED);
    }

    @Test
    void onlyAScheduledInvitationIsRescheduledAndItsDueOrderFollows() {
        Invitation a = invitation("i-a", TENANT, SATO, "T-1", T0.plusSeconds(10));
        Invitation b = invitation("i-b", TENANT, CustomerId.of("kato"), "T-2", T0.plusSeconds(20));
        store.schedule(a, "ka", null);
        store.schedule(b, "kb", null);
        Invitation later = invitation("i-a", TENANT, SATO, "T-1", T0.plusSeconds(30));
        assertThat(store.reschedule(later)).isTrue();
        assertThat(store.invitation(TENANT, "i-a")).get().extracting(StoredInvitation::invitation).isEqualTo(later);
        assertThat(store.throttleMark(TENANT, SATO)).contains(T0.plusSeconds(30));
        assertThat(store.scheduledDue(T0.plusSeconds(60), 10)).extracting(StoredInvitation::id)
            .containsExactly("i-b", "i-a");
        assertThat(store.scheduledDue(T0.plusSeconds(25), 10)).extracting(StoredInvitation::id).containsExactly("i-b");

        store.transition("i-b", InvitationState.SCHEDULED, InvitationState.SENT, T0);
        assertThat(store.reschedule(invitation("i-b", TENANT, CustomerId.of("kato"), "T-2", T0.plusSeconds(90))))
            .isFalse();
        assertThat(store.reschedule(invitation("i-x", TENANT, SATO, "T-9", T0))).isFalse();
        assertThat(store.reschedule(invitation("i-a", TENANT, CustomerId.of("kato"), "T-1", T0))).as("other customer")
            .isFalse();
    }

    @Test
    void dueInvitationsComeEarliestFirstAndAtMostMax() {
        for (int i = 0; i < 5; i++) {
            store.schedule(invitation("i-" + i, TENANT, CustomerId.of("c" + i), "T-" + i, T0.plusSeconds(50 - i * 10)),
                "k" + i, null);
        }
        assertThat(store.scheduledDue(T0.plusSeconds(100), 3)).extracting(StoredInvitation::id)
            .containsExactly("i-4", "i-3", "i-2");
        store.transition("i-4", InvitationState.SCHEDULED, InvitationState.SENT, T0);
        assertThat(store.scheduledDue(T0.plusSeconds(30), 10)).extracting(StoredInvitation::id)
            .containsExactly("i-3", "i-2");
        assertThat(store.count(TENANT, InvitationState.SCHEDULED)).isEqualTo(4);
        assertThat(store.count(TENANT, InvitationState.SENT)).isEqualTo(1);
        assertThat(store.count(OTHER, InvitationState.SCHEDULED)).isZero();
    }

    @Test
    void aTransitionIsACompareAndSetThatOneOfManyConcurrentCallersWins() throws Exception {
        store.schedule(invitation("i-1", TENANT, SATO, "T-1", T0), "k", null);
        List<Callable<Boolean>> racers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            racers.add(() -> store.transition("i-1", InvitationState.SCHEDULED, InvitationState.SENT, T0));
        }
        long winners = 0;
        for (Future<Boolean> f : pool.invokeAll(racers)) {
            winners += f.get() ? 1 : 0;
        }
        assertThat(winners).isEqualTo(1);
        assertThat(store.invitation(TENANT, "i-1")).get().extracting(StoredInvitation::state)
            .isEqualTo(InvitationState.SENT);
        assertThat(store.transition("i-1", InvitationState.SCHEDULED, InvitationState.EXPIRED, T0)).isFalse();
        assertThat(store.transition("nope", InvitationState.SCHEDULED, InvitationState.SENT, T0)).isFalse();
    }

    @Test
    void anInvitationIsAnsweredExactlyOnceEvenWhenAnswersRace() throws Exception {
        Invitation inv = invitation("i-1", TENANT, SATO, "T-1", T0);
        store.schedule(inv, "k", null);
        store.transition("i-1", InvitationState.SCHEDULED, InvitationState.SENT, T0);
        List<Callable<Boolean>> racers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String id = "r-" + i;
            racers.add(() -> store.recordResponse(response(id, inv, T0.plusSeconds(5))));
        }
        List<String> recorded = new ArrayList<>();
        List<Future<Boolean>> results = pool.invokeAll(racers);
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i).get()) {
                recorded.add("r-" + i);
            }
        }
        assertThat(recorded).hasSize(1);
        assertThat(store.invitation(TENANT, "i-1")).get().extracting(StoredInvitation::state)
            .isEqualTo(InvitationState.ANSWERED);
        assertThat(store.responses(TENANT, Instant.MIN, Instant.MAX)).extracting(SurveyResponse::id)
            .containsExactlyElementsOf(recorded);
    }

    @Test
    void withdrawnExpiredAndUnknownInvitationsTakeNoAnswer() {
        Invitation withdrawn = invitation("i-1", TENANT, SATO, "T-1", T0);
        Invitation expired = invitation("i-2", TENANT, CustomerId.of("kato"), "T-2", T0);
        store.schedule(withdrawn, "k1", null);
        store.schedule(expired, "k2", null);
        store.withdraw(TENANT, TicketId.of("T-1"), T0);
        store.transition("i-2", InvitationState.SCHEDULED, InvitationState.EXPIRED, T0);
        assertThat(store.recordResponse(response("r-1", withdrawn, T0))).isFalse();
        assertThat(store.recordResponse(response("r-2", expired, T0))).isFalse();
        assertThat(store.recordResponse(response("r-3", invitation("i-9", TENANT, SATO, "T-9", T0), T0))).isFalse();
        assertThat(store.responses(TENANT, Instant.MIN, Instant.MAX)).isEmpty();
    }

    @Test
    void removingAResponseReopensTheInvitationInTheStateItHadBefore() {
        Invitation sent = invitation("i-1", TENANT, SATO, "T-1", T0);
        Invitation unsent = invitation("i-2", TENANT, CustomerId.of("kato"), "T-2", T0);
        store.schedule(sent, "k1", null);
        store.schedule(unsent, "k2", null);
        store.transition("i-1", InvitationState.SCHEDULED, InvitationState.SENT, T0);
        store.recordResponse(response("r-1", sent, T0));
        store.recordResponse(response("r-2", unsent, T0));

        assertThat(store.removeResponse("i-1")).isTrue();
        assertThat(store.removeResponse("i-2")).isTrue();
        assertThat(store.removeResponse("i-2")).isFalse();
        assertThat(store.invitation(TENANT, "i-1")).get().extracting(StoredInvitation::state)
            .isEqualTo(InvitationState.SENT);
        assertThat(store.invitation(TENANT, "i-2")).get().extracting(StoredInvitation::state)
            .isEqualTo(InvitationState.SCHEDULED);
        assertThat(store.scheduledDue(T0, 10)).extracting(StoredInvitation::id).containsExactly("i-2");
        assertThat(store.response(TENANT, "r-1")).isEmpty();
        assertThat(store.recordResponse(response("r-3", sent, T0))).isTrue();
    }

    @Test
    void responsesAreFoundPerTenantAndByAnswerTime() {
        Invitation a = invitation("i-1", TENANT, SATO, "T-1", T0);
        Invitation b = invitation("i-2", TENANT, CustomerId.of("kato"), "T-2", T0);
        Invitation c = invitation("i-3", OTHER, SATO, "T-3", T0);
        for (Invitation inv : List.of(a, b, c)) {
            store.schedule(inv, "k-" + inv.id(), null);
        }
        SurveyResponse later = response("r-1", a, T0.plusSeconds(20));
        SurveyResponse earlier = response("r-2", b, T0.plusSeconds(10));
        SurveyResponse foreign = response("r-3", c, T0.plusSeconds(10));
        store.recordResponse(later);
        store.recordResponse(earlier);
        store.recordResponse(foreign);

        assertThat(store.responses(TENANT, Instant.MIN, Instant.MAX)).containsExactly(earlier, later);
        assertThat(store.responses(TENANT, T0.plusSeconds(10), T0.plusSeconds(20))).containsExactly(earlier);
        assertThat(store.response(TENANT, "r-1")).contains(later);
        assertThat(store.response(TENANT, "r-3")).isEmpty();
        assertThat(store.response(OTHER, "r-3")).contains(foreign);
    }

    @Test
    void aCustomerIsEnrolledOnceAndTheDueTimeMovesByCompareAndSet() {
        RelationshipEnrolment e = new RelationshipEnrolment(TENANT, SATO, Channel.LINE, Locale.JAPANESE, T0);
        assertThat(store.enrol(e)).isTrue();
        assertThat(store.enrol(e.dueAt(T0.plusSeconds(5)))).isFalse();
        assertThat(store.enrol(new RelationshipEnrolment(OTHER, SATO, Channel.LINE, Locale.JAPANESE,
            T0.plusSeconds(1))))
            .isTrue();
        assertThat(store.enrolmentsDue(T0, 10)).containsExactly(e);
        assertThat(store.enrolmentsDue(T0.plusSeconds(1), 1)).containsExactly(e);

        assertThat(store.moveEnrolment(e, T0.plus(Duration.ofDays(90)))).isTrue();
        assertThat(store.moveEnrolment(e, T0.plus(Duration.ofDays(1)))).as("stale").isFalse();
        assertThat(store.enrolmentsDue(T0.plus(Duration.ofDays(89)), 10)).extracting(RelationshipEnrolment::tenant)
            .containsExactly(OTHER);
        assertThat(store.enrolmentsDue(T0.plus(Duration.ofDays(90)), 10)).hasSize(2);
    }

    /** Runs the calls at once, alternating between the store and a second instance over its data. */
    private List<Boolean> onTwoInstances(int n, java.util.function.BiFunction<SurveyStore, Integer, Boolean> call)
        throws Exception {
        SurveyStore second = sameData(store);
        List<Callable<Boolean>> racers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SurveyStore s = i % 2 == 0 ? store : second;
            int index = i;
            racers.add(() -> call.apply(s, index));
        }
        List<Boolean> out = new ArrayList<>();
        for (Future<Boolean> f : pool.invokeAll(racers)) {
            out.add(f.get());
        }
        return out;
    }

    @Test
    void aLinkAnsweredOnTwoInstancesAtOnceIsRecordedOnce() throws Exception {
        Invitation inv = invitation("i-1", TENANT, SATO, "T-1", T0);
        store.schedule(inv, "k", null);
        store.transition("i-1", InvitationState.SCHEDULED, InvitationState.SENT, T0);

        List<Boolean> recorded = onTwoInstances(8, (s, i) -> s.recordResponse(response("r-" + i, inv, T0)));

        assertThat(recorded).containsOnlyOnce(true);
        assertThat(sameData(store).responses(TENANT, Instant.MIN, Instant.MAX)).hasSize(1);
        assertThat(store.invitation(TENANT, "i-1")).get().extracting(StoredInvitation::state)
            .isEqualTo(InvitationState.ANSWERED);
    }

    @Test
    void aKeyScheduledOnTwoInstancesAtOnceIsHeldByOneInvitation() throws Exception {
        List<Boolean> scheduled = onTwoInstances(8, (s, i) -> s.schedule(
            invitation("i-" + i, TENANT, CustomerId.of("c" + i), "T-1", T0), "ticket:T-1/csat", null).admission()
            == Admission.SCHEDULED);

        assertThat(scheduled).containsOnlyOnce(true);
        assertThat(store.count(TENANT, InvitationState.SCHEDULED)).isEqualTo(1);
    }

    @Test
    void aCustomerScheduledOnTwoInstancesAtOnceIsThrottledToOneInvitation() throws Exception {
        List<Boolean> scheduled = onTwoInstances(8, (s, i) -> s.schedule(
            invitation("i-" + i, TENANT, SATO, "T-" + i, T0), "k" + i, WEEK).admission() == Admission.SCHEDULED);

        assertThat(scheduled).containsOnlyOnce(true);
        assertThat(store.count(TENANT, InvitationState.SCHEDULED)).isEqualTo(1);
    }

    @Test
    void japaneseTextAndMicrosecondsComeBackUnchanged() {
        Instant fine = T0.plusNanos(123_456_000);
        Invitation inv = new Invitation("招待-1", TENANT, CustomerId.of("佐藤花子"), TicketId.of("問い合わせ-1"),
            AgentId.of("鈴木"), null, Channel.LINE, SurveyDefinition.defaultNps(), SurveyTrigger.ON_SOLVE, fine,
            fine.plus(Duration.ofDays(14)), Locale.JAPAN, "st1.k1.トークン");
        store.schedule(inv, "チケット:問い合わせ-1/nps", null);
        SurveyResponse r = new SurveyResponse("回答-1", inv.id(), TENANT, "nps", SurveyTrigger.ON_SOLVE, inv.ticket(),
            inv.customer(), inv.agent(), null, Channel.LINE, fine.plusNanos(1_000), List.of(Answer.score("nps", 9),
            Answer.text("理由", "配送が早く、梱包も丁寧でした。𠮷野家の件も解決😊")), "また利用します", "speed", null);

        assertThat(store.recordResponse(r)).isTrue();

        assertThat(sameData(store).invitation(TENANT, "招待-1")).get().extracting(StoredInvitation::invitation)
            .isEqualTo(inv);
        assertThat(sameData(store).response(TENANT, "回答-1")).contains(r);
        assertThat(store.responses(TENANT, fine, fine.plusNanos(2_000))).containsExactly(r);
    }

    @Test
    void anAnswerAndItsEventsAreWrittenTogetherOrNotAtAll() {
        EventLog log = eventLog();
        Invitation inv = invitation("i-1", TENANT, SATO, "T-1", T0);
        store.schedule(inv, "k1", null);
        IdempotencyKey held = new IdempotencyKey(TENANT, "feedback:answered", "i-1");
        log.append(List.of(), Map.of(held, "earlier"));
        long head = log.head();

        assertThatThrownBy(() -> store.recordResponse(response("r-1", inv, T0), log, List.of(answered(inv, "r-1")),
            Map.of(held, "r-1"))).isInstanceOf(DuplicateRequestException.class);
        assertThat(store.invitation(TENANT, "i-1").orElseThrow().state()).isEqualTo(InvitationState.SCHEDULED);
        assertThat(store.response(TENANT, "r-1")).isEmpty();
        assertThat(log.head()).isEqualTo(head);

        IdempotencyKey claim = new IdempotencyKey(TENANT, "feedback:answered", "i-1/2");
        assertThat(store.recordResponse(response("r-2", inv, T0), log, List.of(answered(inv, "r-2")),
            Map.of(claim, "r-2"))).isTrue();
        assertThat(store.invitation(TENANT, "i-1").orElseThrow().state()).isEqualTo(InvitationState.ANSWERED);
        assertThat(store.response(TENANT, "r-2")).isPresent();
        assertThat(log.read(head, 10)).extracting(e -> ((SurveyInvitationAnswered) e.event()).responseId())
            .containsExactly("r-2");
        assertThat(log.claimed(claim)).contains("r-2");

        IdempotencyKey again = new IdempotencyKey(TENANT, "feedback:answered", "i-1/3");
        assertThat(store.recordResponse(response("r-3", inv, T0), log, List.of(answered(inv, "r-3")),
            Map.of(again, "r-3"))).as("answered already: nothing written, nothing appended").isFalse();
        assertThat(log.claimed(again)).isEmpty();
        assertThat(log.read(head, 10)).hasSize(1);
        assertThat(store.response(TENANT, "r-3")).isEmpty();
    }

    @Test
    void anInvitationMarkedSentAndItsEventAreWrittenTogetherOrNotAtAll() {
        EventLog log = eventLog();
        Invitation inv = invitation("i-1", TENANT, SATO, "T-1", T0);
        store.schedule(inv, "k1", null);
        IdempotencyKey held = new IdempotencyKey(TENANT, "feedback:sent", "i-1");
        log.append(List.of(), Map.of(held, "earlier"));
        long head = log.head();
        Instant at = T0.plusSeconds(60);

        assertThatThrownBy(() -> store.transition("i-1", InvitationState.SCHEDULED, InvitationState.SENT, at, log,
            List.of(SurveyInvitationSent.of(inv, at)), Map.of(held, "i-1")))
            .isInstanceOf(DuplicateRequestException.class);
        assertThat(store.invitation(TENANT, "i-1").orElseThrow().state()).isEqualTo(InvitationState.SCHEDULED);
        assertThat(store.scheduledDue(at, 10)).extracting(StoredInvitation::invitation).containsExactly(inv);
        assertThat(log.head()).isEqualTo(head);

        IdempotencyKey claim = new IdempotencyKey(TENANT, "feedback:sent", "i-1/2");
        assertThat(store.transition("i-1", InvitationState.SCHEDULED, InvitationState.SENT, at, log,
            List.of(SurveyInvitationSent.of(inv, at)), Map.of(claim, "i-1"))).isTrue();
        assertThat(sameData(store).invitation(TENANT, "i-1").orElseThrow().state()).isEqualTo(InvitationState.SENT);
        assertThat(store.scheduledDue(at, 10)).isEmpty();
        assertThat(log.read(head, 10)).extracting(e -> ((SurveyInvitationSent) e.event()).invitationId())
            .containsExactly("i-1");
        assertThat(log.claimed(claim)).contains("i-1");

        IdempotencyKey again = new IdempotencyKey(TENANT, "feedback:sent", "i-1/3");
        assertThat(store.transition("i-1", InvitationState.SCHEDULED, InvitationState.SENT, at, log,
            List.of(SurveyInvitationSent.of(inv, at)), Map.of(again, "i-1")))
            .as("no longer scheduled: nothing written, nothing appended").isFalse();
        assertThat(log.claimed(again)).isEmpty();
        assertThat(log.read(head, 10)).hasSize(1);
    }

    private static SurveyInvitationAnswered answered(Invitation inv, String responseId) {
        return new SurveyInvitationAnswered(inv.tenant(), inv.id(), responseId, inv.ticket(), inv.customer(),
            inv.survey().id(), inv.channel(), T0);
    }

    @Test
    void oneTenantsInvitationsNeverPushOutAnothers() {
        SurveyStore small = newStore(clock, 3);
        for (int i = 1; i <= 3; i++) {
            Invitation a = invitation("a-" + i, TENANT, CustomerId.of("a" + i), "A-" + i, T0);
            small.schedule(a, "k" + i, null);
            small.recordResponse(response("ra-" + i, a, T0.plusSeconds(i)));
        }
        for (int i = 1; i <= 20; i++) {
            small.schedule(invitation("b-" + i, OTHER, CustomerId.of("b" + i), "B-" + i, T0.plusSeconds(i)),
                "k" + i, null);
        }

        for (int i = 1; i <= 3; i++) {
            assertThat(small.invitation(TENANT, "a-" + i)).as("a-" + i).isPresent();
            assertThat(small.response(TENANT, "ra-" + i)).as("ra-" + i).isPresent();
        }
        assertThat(small.count(TENANT, InvitationState.ANSWERED)).isEqualTo(3);
        assertThat(small.scheduledDue(T0.plusSeconds(60), 100)).extracting(StoredInvitation::id)
            .as("the writing tenant's own oldest went").containsExactly("b-18", "b-19", "b-20");
        assertThat(small.schedule(invitation("b-21", OTHER, CustomerId.of("b1"), "B-1", T0), "k1", null)
            .admission()).as("a dropped invitation's key is free again").isEqualTo(SurveyStore.Admission.SCHEDULED);
    }

    @Test
    void oneTenantsEnrolmentsDoNotUseUpAnothersBound() {
        SurveyStore small = newStore(clock, 3);
        for (int i = 1; i <= 10; i++) {
            assertThat(small.enrol(new RelationshipEnrolment(OTHER, CustomerId.of("b" + i), Channel.LINE,
                Locale.JAPANESE, T0))).isTrue();
        }
        assertThatThrownBy(() -> small.enrol(new RelationshipEnrolment(OTHER, CustomerId.of("b11"), Channel.LINE,
            Locale.JAPANESE, T0))).isInstanceOfSatisfying(io.madoguchi.core.store.StoreException.class,
                e -> assertThat(e.isTransient()).isFalse());

        // the other tenant's ten enrolments leave this tenant's own bound of ten untouched
        assertThat(small.enrol(new RelationshipEnrolment(TENANT, SATO, Channel.EMAIL, Locale.JAPANESE, T0))).isTrue();
        assertThat(small.enrolmentsDue(T0, 100)).filteredOn(e -> e.tenant().equals(TENANT)).hasSize(1);
    }
}
