package io.madoguchi.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.CustomerId;
import io.madoguchi.core.HandlingStepMismatchException;
import io.madoguchi.core.IllegalTransitionException;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.customer.NewCustomer;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.EventSubscriber;
import io.madoguchi.core.event.RetryPolicy;
import io.madoguchi.core.event.TicketCreated;
import io.madoguchi.core.feedback.ImprovementActionCompleted;
import io.madoguchi.core.feedback.Invitation;
import io.madoguchi.core.feedback.InvitationState;
import io.madoguchi.core.feedback.ScheduleResult;
import io.madoguchi.core.feedback.SolvedTicket;
import io.madoguchi.core.feedback.SurveyInvitationScheduled;
import io.madoguchi.core.feedback.SurveyInvitationSent;
import io.madoguchi.core.feedback.SurveyKeyRing;
import io.madoguchi.core.feedback.SurveyPolicy;
import io.madoguchi.core.feedback.SurveyStore;
import io.madoguchi.core.feedback.Surveys;
import io.madoguchi.core.feedback.action.ActionStatus;
import io.madoguchi.core.feedback.action.ImprovementActionStore;
import io.madoguchi.core.feedback.action.ImprovementActions;
import io.madoguchi.core.feedback.action.NewImprovementAction;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A host's durable subscriber that calls the library's public feedback writes in its handling ({@link Surveys#markSent}
 * and {@link ImprovementActions#complete}), fails after they committed, is parked, and is redelivered beyond the
 * claim retention (the write's own claim has aged out by then): the write is not repeated. These writes take no step
 * claim; what keeps them from repeating is the state their store moves together with the append (an invitation is
 * marked SENT only from SCHEDULED, a DONE action is final), which outlives the longest a parked event is kept. An
 * improvement action created in the handling under the host's idempotency key is found by its key, not created again.
 * And a desk step the host makes after a survey call keeps its step number on every delivery, whatever the survey
 * call found (an invitation sent meanwhile, a throttle lifted, due work done): the step is neither lost nor repeated.
 * Run over every store the desk's log and the feedback stores come in; an implementation says how the stores are
 * made on one clock (on one database for JDBC) and how the log's claims are pruned.
 */
public abstract class HostHandlingRedeliveryContract {

    private static final TenantId TENANT = TenantId.of("host-contract");
    private static final Principal ADMIN = Principal.admin(TENANT, AgentId.of("admin"));
    private static final String SUBSCRIBER = "host-follow-up";
    /** Longer than the default claim retention of every store (7 days). */
    private static final Duration LATER = Duration.ofDays(8);

    /** Throttles no customer: only the handling's step tells a redelivered survey request from a new one. */
    private static final SurveyPolicy UNTHROTTLED = SurveyPolicy.builder().throttle(Duration.ZERO).build();

    /** The clock of the stores and the desk. */
    protected final MutableClock clock = MutableClock.startingAt(Instant.parse("2026-11-24T00:00:00Z"));

    /**
     * The stores of one test.
     *
     * @param desk the desk's store
     * @param surveys the survey store
     * @param actions the improvement action store
     */
    public record Stores(DeskStore desk, SurveyStore surveys, ImprovementActionStore actions) {
    }

    /**
     * @param clock the clock claims age on
     * @return new, empty stores with their default bounds (on one database, for stores on a database)
     */
    protected abstract Stores newStores(Clock clock);

    /**
     * Removes the desk store's claims past their retention now, as its own housekeeping would.
     *
     * @param store the store
     */
    protected abstract void prune(DeskStore store);

    /** A host's subscriber: on each new ticket it runs {@link #work}, then fails while {@link #broken} is set. */
    private final class Host {
        final Stores stores = newStores(clock);
        final SupportDesk desk = SupportDesk.builder().clock(clock).store(stores.desk())
            .subscriberRetry(new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(1))).build();
        final Surveys surveys;
        final ImprovementActions actions;
        final AtomicBoolean broken = new AtomicBoolean(true);
        final AtomicReference<Runnable> work = new AtomicReference<>(() -> { });
        /** The host's step after {@link #work}, made only while {@link #broken} is not set: it fails before it. */
        final AtomicReference<Runnable> then = new AtomicReference<>(() -> { });
        /** The ticket whose creation is being handled. */
        final AtomicReference<TicketId> handled = new AtomicReference<>();
        /** What the last handling threw. */
        final AtomicReference<RuntimeException> failure = new AtomicReference<>();

        Host() {
            this(SurveyPolicy.defaults());
        }

        /** @param policy the tenant's survey policy */
        Host(SurveyPolicy policy) {
            surveys = Surveys.builder().clock(clock)
                .keys(new SurveyKeyRing()
                    .add("k1", "host-contract-secret-0123456789ab".getBytes(StandardCharsets.US_ASCII)))
                .policy(TENANT, policy).store(stores.surveys()).eventLog(stores.desk().eventLog()).build();
            actions = new ImprovementActions(clock, List.of(surveys), stores.actions(), stores.desk().eventLog());
            desk.subscribe(new EventSubscriber() {
                @Override
                public String name() {
                    return SUBSCRIBER;
                }

                @Override
                public void handle(EventEnvelope event) {
                    if (event.event() instanceof TicketCreated created) {
                        handled.set(created.ticketId());
                        try {
                            work.get().run();
                            if (broken.get()) {
                                throw new IllegalStateException("the host's step after the feedback write failed");
                            }
                            then.get().run();
                        } catch (RuntimeException e) {
                            failure.set(e);
                            throw e;
                        }
                    }
                }
            });
        }

        /** @return the position of the new ticket's creation, which the broken subscriber handled, then parked */
        long openTicketAndPark() {
            Customer c = desk.createCustomer(desk.system(TENANT, "line"),
                new NewCustomer("山田 花子", List.of(ChannelIdentity.line("U-host")), null, "ja"));
            desk.createTicket(Principal.customer(TENANT, c.id()),
                CreateTicket.builder(c.id(), Channel.LINE, "ポイント", "ポイントが反映されていません").build());
            List<ParkedEvent> parked = desk.parkedEvents(ADMIN, SUBSCRIBER);
            assertThat(parked).hasSize(1);
            return parked.get(0).position();
        }

        /** Redelivers the parked event, now handled to the end, without waiting. */
        void redeliver(long position) {
            broken.set(false);
            failure.set(null);
            boolean handledNow = desk.redeliver(ADMIN, SUBSCRIBER, position);
            assertThat(handledNow).as("the redelivery failed: %s", failure.get()).isTrue();
            assertThat(desk.parkedEvents(ADMIN, SUBSCRIBER)).isEmpty();
        }

        /** @return the solved ticket the host surveys: the one being handled, of a customer on LINE */
        SolvedTicket solved() {
            return new SolvedTicket(TENANT, handled.get(), CustomerId.of("c-solved"), null, null, Channel.LINE,
                Instant.parse("2026-11-23T09:00:00Z"), Locale.JAPANESE, Set.of());
        }

        List<String> bodies(TicketId ticket) {
            return desk.messages(ADMIN, ticket).stream().map(Message::body).toList();
        }

        /** Lets the claims age beyond the retention and be pruned, then redelivers the parked event, now handled. */
        void redeliverBeyondTheClaimRetention(long position, IdempotencyKey writeClaim) {
            clock.advance(LATER);
            prune(stores.desk());
            assertThat(stores.desk().eventLog().claimed(writeClaim))
                .as("the write's own claim aged out: only the store's state can keep it from repeating").isEmpty();
            broken.set(false);
            assertThat(desk.redeliver(ADMIN, SUBSCRIBER, position)).isTrue();
            assertThat(desk.parkedEvents(ADMIN, SUBSCRIBER)).isEmpty();
        }

        long logged(Class<?> type) {
            return stores.desk().eventLog().read(0, 10_000).stream().filter(e -> type.isInstance(e.event()))
                .count();
        }
    }

    @Test
    public void anInvitationAHostMarkedSentInAParkedHandlingIsNotSentAgainByARedeliveryBeyondTheRetention() {
        Host h = new Host();
        Invitation inv = h.surveys.request(TENANT, CustomerId.of("c-1"), Channel.LINE, Locale.JAPANESE,
            h.surveys.csatSurvey(TENANT)).invitation();
        h.work.set(() -> h.surveys.markSent(TENANT, inv.id()));
        long position = h.openTicketAndPark();
        assertThat(h.logged(SurveyInvitationSent.class)).isEqualTo(1);

        h.redeliverBeyondTheClaimRetention(position, new IdempotencyKey(TENANT, "feedback:sent", inv.id()));

        assertThat(h.logged(SurveyInvitationSent.class)).as("the invitation is sent in the log once").isEqualTo(1);
        assertThat(h.surveys.state(TENANT, inv.id())).contains(InvitationState.SENT);
    }

    @Test
    public void anActionAHostCompletedInAParkedHandlingIsNotCompletedAgainByARedeliveryBeyondTheRetention() {
        Host h = new Host();
        String action = h.actions.create(TENANT, "配送状況の通知を改善", AgentId.of("a-1"), LocalDate.of(2026, 12, 1),
            Set.of("delivery"), Set.of(), clock.instant()).id();
        h.work.set(() -> {
            try {
                h.actions.complete(TENANT, action);
            } catch (IllegalTransitionException completedBefore) {
                // as a host that may see its event again: completed by the earlier delivery
            }
        });
        long position = h.openTicketAndPark();
        assertThat(h.logged(ImprovementActionCompleted.class)).isEqualTo(1);

        h.redeliverBeyondTheClaimRetention(position,
            new IdempotencyKey(TENANT, "feedback:action-completed", action));

        assertThat(h.logged(ImprovementActionCompleted.class)).as("the action is completed in the log once")
            .isEqualTo(1);
        assertThat(h.actions.get(TENANT, action).status()).isEqualTo(ActionStatus.DONE);
    }

    @Test
    public void aHostsStepAfterASurveyScheduledInAParkedHandlingIsMadeByARedeliveryAfterTheInvitationWasSent() {
        Host h = new Host();
        h.work.set(() -> h.surveys.onTicketSolved(h.solved()));
        h.then.set(() -> h.desk.reply(h.desk.system(TENANT, SUBSCRIBER), h.handled.get(), "アンケートをお送りしました"));
        long position = h.openTicketAndPark();
        TicketId ticket = h.handled.get();
        assertThat(h.logged(SurveyInvitationScheduled.class)).isEqualTo(1);
        // the invitation goes out before the event is redelivered: the redelivery's onTicketSolved finds it sent
        clock.advance(Duration.ofDays(1));
        assertThat(h.surveys.dispatchDue(invitation -> { })).isEqualTo(1);

        h.redeliver(position);

        assertThat(h.bodies(ticket)).as("the host's reply after the survey, made by the redelivery, once")
            .containsExactly("ポイントが反映されていません", "アンケートをお送りしました");
        assertThat(h.logged(SurveyInvitationScheduled.class)).isEqualTo(1);
    }

    @Test
    public void aHostsStepAfterASurveyThrottledInAParkedHandlingIsNotRepeatedByARedeliveryThatSchedulesIt() {
        Host h = new Host();
        TicketId earlier = TicketId.of("T-earlier");
        SolvedTicket earlierSolve = new SolvedTicket(TENANT, earlier, CustomerId.of("c-solved"), null, null,
            Channel.LINE, Instant.parse("2026-11-22T09:00:00Z"), Locale.JAPANESE, Set.of());
        assertThat(h.surveys.onTicketSolved(earlierSolve).status()).isEqualTo(ScheduleResult.Status.SCHEDULED);
        h.work.set(() -> h.surveys.onTicketSolved(h.solved()));
        h.broken.set(false);
        AtomicBoolean failsAfterTheReply = new AtomicBoolean(true);
        h.then.set(() -> {
            h.desk.reply(h.desk.system(TENANT, SUBSCRIBER), h.handled.get(), "ご連絡ありがとうございます");
            if (failsAfterTheReply.get()) {
                throw new IllegalStateException("the host's step after the reply failed");
            }
        });
        long position = h.openTicketAndPark();
        TicketId ticket = h.handled.get();
        assertThat(h.logged(SurveyInvitationScheduled.class)).as("throttled by the earlier ticket's invitation")
            .isEqualTo(1);
        // the earlier ticket is merged away: its invitation no longer throttles the customer
        assertThat(h.surveys.withdraw(TENANT, earlier)).isEqualTo(1);

        failsAfterTheReply.set(false);
        h.redeliver(position);

        assertThat(h.bodies(ticket)).as("the reply committed by the first delivery is not made again")
            .containsExactly("ポイントが反映されていません", "ご連絡ありがとうございます");
        assertThat(h.logged(SurveyInvitationScheduled.class)).as("the redelivery's invitation is in the log")
            .isEqualTo(2);
    }

    @Test
    public void aHostsStepAfterDispatchingDueSurveysInAParkedHandlingIsMadeByItsRedelivery() {
        Host h = new Host();
        h.surveys.enrollRelationship(TENANT, CustomerId.of("c-nps"), Channel.LINE, Locale.JAPANESE);
        // the relationship invitation falls due and is created in the handling: due work, no step of it
        h.work.set(() -> h.surveys.dispatchDue(invitation -> { }));
        h.then.set(() -> h.desk.reply(h.desk.system(TENANT, SUBSCRIBER), h.handled.get(), "アンケートをお送りしました"));
        long position = h.openTicketAndPark();
        TicketId ticket = h.handled.get();
        assertThat(h.logged(SurveyInvitationScheduled.class)).isEqualTo(1);

        h.redeliver(position);

        assertThat(h.bodies(ticket)).as("the host's reply after the dispatch, made by the redelivery, once")
            .containsExactly("ポイントが反映されていません", "アンケートをお送りしました");
        assertThat(h.logged(SurveyInvitationScheduled.class)).isEqualTo(1);
    }

    @Test
    public void anActionAHostCreatedUnderAKeyInAParkedHandlingIsNotCreatedAgainByItsRedelivery() {
        Host h = new Host();
        NewImprovementAction request = new NewImprovementAction("配送状況の通知を改善", AgentId.of("a-1"),
            LocalDate.of(2026, 12, 1), Set.of("delivery"), Set.of(), Instant.parse("2026-11-01T00:00:00Z"));
        List<String> created = new java.util.concurrent.CopyOnWriteArrayList<>();
        // the key names the intent: this subscriber's action for this ticket
        h.work.set(() -> created.add(h.actions.create(TENANT, request, SUBSCRIBER + "/" + h.handled.get().value())
            .id()));
        long position = h.openTicketAndPark();
        assertThat(h.actions.list(TENANT)).hasSize(1);

        // later than any claim of the log is kept: the action store's key alone answers
        clock.advance(LATER);
        prune(h.stores.desk());
        h.redeliver(position);

        assertThat(h.actions.list(TENANT)).as("one action however often the handling is delivered").hasSize(1);
        assertThat(created).as("the redelivery got the action the first delivery created").hasSize(2)
            .containsOnly(h.actions.list(TENANT).get(0).id());
    }

    @Test
    public void aSurveyAHostRequestedInAParkedHandlingIsNotRequestedAgainByItsRedelivery() {
        Host h = new Host(UNTHROTTLED);
        List<String> requested = new java.util.concurrent.CopyOnWriteArrayList<>();
        // no throttle: nothing but the handling's step tells the redelivery's request from a new one
        h.work.set(() -> requested.add(h.surveys.request(TENANT, CustomerId.of("c-api"), Channel.LINE,
            Locale.JAPANESE, h.surveys.csatSurvey(TENANT)).invitation().id()));
        h.then.set(() -> h.desk.reply(h.desk.system(TENANT, SUBSCRIBER), h.handled.get(), "アンケートをお送りしました"));
        long position = h.openTicketAndPark();
        TicketId ticket = h.handled.get();

        h.redeliver(position);

        List<Invitation> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        assertThat(h.surveys.dispatchDue(sent::add)).as("one invitation however often the handling is delivered")
            .isEqualTo(1);
        assertThat(requested).as("the redelivery got the invitation the first delivery made").hasSize(2)
            .containsOnly(sent.get(0).id());
        assertThat(h.logged(SurveyInvitationScheduled.class)).isEqualTo(1);
        assertThat(h.bodies(ticket)).as("the host's reply after the request, made by the redelivery, once")
            .containsExactly("ポイントが反映されていません", "アンケートをお送りしました");
    }

    @Test
    public void aSurveyAHostRequestedUnderAKeyInAParkedHandlingIsNotRequestedAgainByItsRedelivery() {
        Host h = new Host(UNTHROTTLED);
        List<String> requested = new java.util.concurrent.CopyOnWriteArrayList<>();
        // the key names the intent: this subscriber's survey about this ticket
        h.work.set(() -> requested.add(h.surveys.request(TENANT, CustomerId.of("c-api"), Channel.LINE,
            Locale.JAPANESE, h.surveys.csatSurvey(TENANT), SUBSCRIBER + "/" + h.handled.get().value())
            .invitation().id()));
        long position = h.openTicketAndPark();

        // later than any claim of the log is kept: the invitation's key in the survey store alone answers
        clock.advance(LATER);
        prune(h.stores.desk());
        h.redeliver(position);

        List<Invitation> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        assertThat(h.surveys.dispatchDue(sent::add)).isEqualTo(1);
        assertThat(requested).hasSize(2).containsOnly(sent.get(0).id());
    }

    @Test
    public void aDeskStepOnAStepASurveyTookOnAnEarlierDeliveryIsRefusedAsAConflictNamingTheStep() {
        Host h = new Host(UNTHROTTLED);
        AtomicBoolean first = new AtomicBoolean(true);
        // a host whose calls take steps unevenly: the first delivery requests a survey, the redelivery does not
        h.work.set(() -> {
            if (first.getAndSet(false)) {
                h.surveys.request(TENANT, CustomerId.of("c-api"), Channel.LINE, Locale.JAPANESE,
                    h.surveys.csatSurvey(TENANT));
            }
        });
        h.then.set(() -> h.desk.reply(h.desk.system(TENANT, SUBSCRIBER), h.handled.get(), "アンケートをお送りしました"));
        long position = h.openTicketAndPark();
        TicketId ticket = h.handled.get();

        h.broken.set(false);
        assertThat(h.desk.redeliver(ADMIN, SUBSCRIBER, position)).isFalse();

        assertThat(h.failure.get()).isInstanceOf(HandlingStepMismatchException.class)
            .hasMessageContaining("step 1 of the handling of the event at position " + position)
            .hasMessageContaining(SUBSCRIBER)
            .hasMessageContaining("taken by another kind of call on an earlier delivery (a survey request)")
            .hasMessageContaining("same calls in the same order on every delivery")
            .hasMessageNotContaining("c-api");
        assertThat(h.bodies(ticket)).as("the reply was not made").containsExactly("ポイントが反映されていません");
    }

    @Test
    public void aSurveyRequestOnAStepADeskStepTookOnAnEarlierDeliveryIsRefusedBeforeItInvites() {
        Host h = new Host(UNTHROTTLED);
        AtomicBoolean first = new AtomicBoolean(true);
        // the first delivery replies, the redelivery requests a survey instead: the survey lands on the reply's step
        h.work.set(() -> {
            if (first.getAndSet(false)) {
                h.desk.reply(h.desk.system(TENANT, SUBSCRIBER), h.handled.get(), "確認いたします");
            } else {
                h.surveys.request(TENANT, CustomerId.of("c-api"), Channel.LINE, Locale.JAPANESE,
                    h.surveys.csatSurvey(TENANT));
            }
        });
        long position = h.openTicketAndPark();

        h.broken.set(false);
        assertThat(h.desk.redeliver(ADMIN, SUBSCRIBER, position)).isFalse();

        assertThat(h.failure.get()).isInstanceOf(HandlingStepMismatchException.class)
            .hasMessageContaining("step 1 of the handling of the event at position " + position)
            .hasMessageContaining("same calls in the same order on every delivery");
        assertThat(h.surveys.dispatchDue(invitation -> { })).as("no invitation was made").isZero();
    }
}
