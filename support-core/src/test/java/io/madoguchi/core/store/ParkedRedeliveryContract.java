package io.madoguchi.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.NotFoundException;
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
import io.madoguchi.core.feedback.ComplaintDetected;
import io.madoguchi.core.feedback.SurveyInvitationScheduled;
import io.madoguchi.core.feedback.SurveyKeyRing;
import io.madoguchi.core.feedback.SurveyPolicy;
import io.madoguchi.core.feedback.Surveys;
import io.madoguchi.core.feedback.text.TextAnalyzer;
import io.madoguchi.core.integration.DeskEscalation;
import io.madoguchi.core.integration.DeskSurveys;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A parked event redelivered long after it was parked (beyond the store's claim retention), or an event retried that
 * late, repeats none of the desk steps its subscriber committed before it failed: the claims of the steps of an event
 * its subscriber has not finished (beyond its checkpoint, or parked) outlive the retention until it is finished, and
 * age normally after that. A parked event is kept at most the store's maximum age of parked events (30 days by
 * default), measured on the store's clock: an older one is dropped (by the store's prune, or when its subscriber parks
 * another event), is never redelivered, and the claims of its steps are released as a finished event's are. Every
 * {@link DeskStore} must pass it; an implementation extends this class and says how it is made on a clock and how its
 * claims are pruned.
 */
public abstract class ParkedRedeliveryContract {

    private static final TenantId TENANT = TenantId.of("parked-contract");
    private static final Principal ADMIN = Principal.admin(TENANT, AgentId.of("admin"));
    private static final String SUBSCRIBER = "acknowledge";
    /** Longer than the default claim retention of every store (7 days). */
    private static final Duration LATER = Duration.ofDays(8);
    /** The default maximum age of a parked event of every store. */
    private static final Duration MAX_PARKED_AGE = Duration.ofDays(30);

    /** The clock of the store and the desk. */
    protected final MutableClock clock = MutableClock.startingAt(Instant.parse("2026-11-24T00:00:00Z"));

    /**
     * @param clock the clock claims age on
     * @return a new, empty store with its default claim retention
     */
    protected abstract DeskStore newStore(Clock clock);

    /**
     * @param clock the clock claims and parked events age on
     * @param maxParkedAge how long the store keeps a parked event
     * @return a new, empty store with its default claim retention and the given maximum age of parked events
     */
    protected abstract DeskStore newStore(Clock clock, Duration maxParkedAge);

    /**
     * Removes what the store's bounds let it remove now (claims past the retention among them), as its own
     * housekeeping would.
     *
     * @param store the store
     */
    protected abstract void prune(DeskStore store);

    /** Acknowledges every new ticket with one reply, then fails while {@link #broken} is set. */
    private static final class Acknowledger implements EventSubscriber {
        final AtomicBoolean broken = new AtomicBoolean(true);
        SupportDesk desk;

        @Override
        public String name() {
            return SUBSCRIBER;
        }

        @Override
        public void handle(EventEnvelope event) {
            if (event.event() instanceof TicketCreated created) {
                desk.reply(desk.system(TENANT, SUBSCRIBER), created.ticketId(), "お問い合わせを受け付けました");
                if (broken.get()) {
                    throw new IllegalStateException("the step after the acknowledgement failed");
                }
            }
        }
    }

    private final class Scenario {
        final DeskStore store;
        final Acknowledger ack = new Acknowledger();
        final SupportDesk desk;
        final TicketId ticket;
        final long position;

        Scenario() {
            this(newStore(clock));
        }

        Scenario(DeskStore store) {
            this.store = store;
            desk = SupportDesk.builder().clock(clock).store(store)
                .subscriberRetry(new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(1))).build();
            ack.desk = desk;
            desk.subscribe(ack);
            Customer c = desk.createCustomer(desk.system(TENANT, "line"),
                new NewCustomer("山田 花子", List.of(ChannelIdentity.line("U-parked")), null, "ja"));
            ticket = desk.createTicket(Principal.customer(TENANT, c.id()),
                CreateTicket.builder(c.id(), Channel.LINE, "ポイント", "ポイントが反映されていません").build()).id();
            List<ParkedEvent> parked = desk.parkedEvents(ADMIN, SUBSCRIBER);
            assertThat(parked).extracting(ParkedEvent::type).containsExactly("desk.TicketCreated");
            position = parked.get(0).position();
            assertThat(bodies()).as("the acknowledgement was committed before the handling failed")
                .containsExactly("ポイントが反映されていません", "お問い合わせを受け付けました");
        }

        List<String> bodies() {
            return desk.messages(ADMIN, ticket).stream().map(Message::body).toList();
        }

        IdempotencyKey firstStep() {
            return new IdempotencyKey(TENANT, "subscriber:" + SUBSCRIBER, position + "/1");
        }

        /** Opens another ticket, whose acknowledgement the broken subscriber also commits and then parks. */
        long parkAnother(String lineUser) {
            Customer c = desk.createCustomer(desk.system(TENANT, "line"),
                new NewCustomer("鈴木 次郎", List.of(ChannelIdentity.line(lineUser)), null, "ja"));
            desk.createTicket(Principal.customer(TENANT, c.id()),
                CreateTicket.builder(c.id(), Channel.LINE, "返品", "返品したいです").build());
            List<ParkedEvent> parked = desk.parkedEvents(ADMIN, SUBSCRIBER);
            return parked.get(parked.size() - 1).position();
        }

        IdempotencyKey firstStep(long of) {
            return new IdempotencyKey(TENANT, "subscriber:" + SUBSCRIBER, of + "/1");
        }

        void redeliverFixed() {
            ack.broken.set(false);
            assertThat(desk.redeliver(ADMIN, SUBSCRIBER, position)).isTrue();
            assertThat(desk.parkedEvents(ADMIN, SUBSCRIBER)).isEmpty();
        }
    }

    @Test
    public void aParkedEventRedeliveredAfterThePruneBeyondTheClaimRetentionRepeatsNoCommittedStep() {
        Scenario s = new Scenario();
        clock.advance(LATER);
        prune(s.store);
        assertThat(s.store.eventLog().claimed(s.firstStep())).as("the claim of a parked event's step is kept")
            .isPresent();

        s.redeliverFixed();

        assertThat(s.bodies()).containsExactly("ポイントが反映されていません", "お問い合わせを受け付けました");
    }

    @Test
    public void aParkedEventRedeliveredBeyondTheClaimRetentionDoesNotTakeOverItsOwnOldClaim() {
        Scenario s = new Scenario();
        clock.advance(LATER);

        s.redeliverFixed();

        assertThat(s.bodies()).containsExactly("ポイントが反映されていません", "お問い合わせを受け付けました");
    }

    @Test
    public void theClaimsOfARedeliveredEventAgeAsAnyOtherOnceItIsNoLongerParked() {
        Scenario s = new Scenario();
        clock.advance(LATER);
        s.redeliverFixed();
        clock.advance(Duration.ofHours(1));
        prune(s.store);

        assertThat(s.store.eventLog().claimed(s.firstStep())).isEmpty();
    }

    @Test
    public void aParkedEventOlderThanTheMaxAgeIsDroppedByThePruneAndItsStepClaimsAreReleased() {
        Scenario s = new Scenario();
        clock.advance(Duration.ofDays(20));
        long younger = s.parkAnother("U-younger");
        clock.advance(MAX_PARKED_AGE.minus(Duration.ofDays(20)));
        prune(s.store);
        assertThat(s.desk.parkedEvents(ADMIN, SUBSCRIBER)).as("exactly the maximum age old: still kept")
            .extracting(ParkedEvent::position).containsExactly(s.position, younger);
        assertThat(s.store.eventLog().claimed(s.firstStep())).isPresent();

        clock.advance(Duration.ofSeconds(1));
        prune(s.store);

        assertThat(s.desk.parkedEvents(ADMIN, SUBSCRIBER)).as("only the event older than the maximum age is dropped")
            .extracting(ParkedEvent::position).containsExactly(younger);
        assertThat(s.store.checkpoints().isParked(SUBSCRIBER, s.position)).isFalse();
        // as after a redelivery: the store may look for released claims only now and then
        clock.advance(Duration.ofHours(1));
        prune(s.store);
        assertThat(s.store.eventLog().claimed(s.firstStep()))
            .as("the dropped event's step claim, past the claim retention, is released as for a finished event")
            .isEmpty();
        assertThat(s.store.eventLog().claimed(s.firstStep(younger)))
            .as("the step claim of the event still parked is kept past the claim retention").isPresent();
        assertThatThrownBy(() -> s.desk.redeliver(ADMIN, SUBSCRIBER, s.position))
            .as("a dropped event is not redelivered").isInstanceOf(NotFoundException.class);
        assertThat(s.desk.redeliver(ADMIN, SUBSCRIBER, younger)).isFalse();
    }

    @Test
    public void parkingAnEventDropsTheSubscribersParkedEventsOlderThanTheMaxAge() {
        Scenario s = new Scenario();
        clock.advance(MAX_PARKED_AGE.plusSeconds(1));

        long newer = s.parkAnother("U-newer");

        assertThat(s.store.checkpoints().parked(SUBSCRIBER)).extracting(ParkedEvent::position)
            .containsExactly(newer);
        assertThat(s.store.eventLog().claimed(s.firstStep(newer))).isPresent();
    }

    @Test
    public void theMaxAgeOfParkedEventsIsTheOneTheStoreWasMadeWith() {
        Scenario s = new Scenario(newStore(clock, Duration.ofDays(2)));
        clock.advance(Duration.ofDays(2));
        prune(s.store);
        assertThat(s.desk.parkedEvents(ADMIN, SUBSCRIBER)).extracting(ParkedEvent::position)
            .containsExactly(s.position);

        clock.advance(Duration.ofMillis(1));
        prune(s.store);

        assertThat(s.desk.parkedEvents(ADMIN, SUBSCRIBER)).isEmpty();
    }

    @Test
    public void aMaxAgeOfParkedEventsThatIsNotPositiveIsRefused() {
        assertThatThrownBy(() -> newStore(clock, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("maxParkedAge");
        assertThatThrownBy(() -> newStore(clock, Duration.ofDays(-1))).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("maxParkedAge");
    }

    /**
     * The survey service on the desk's log, fed by {@link DeskSurveys} and escalating through {@link DeskEscalation},
     * whose hook after an append (the desk's delivery) fails once when {@link #hookFails} is set, after the append
     * committed: a connection lost at that moment, say. The failed handling is then parked.
     */
    private final class FeedbackScenario {
        final DeskStore store = newStore(clock);
        final SupportDesk desk = SupportDesk.builder().clock(clock).store(store)
            .subscriberRetry(new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(1))).build();
        final AtomicBoolean hookFails = new AtomicBoolean();
        final Surveys surveys = Surveys.builder().clock(clock)
            .keys(new SurveyKeyRing()
                .add("k1", "parked-contract-secret-0123456789".getBytes(StandardCharsets.US_ASCII)))
            .policy(SurveyPolicy.builder().delay(Channel.LINE, Duration.ofDays(10)).build())
            .eventLog(store.eventLog(), () -> {
                desk.processEvents();
                if (hookFails.getAndSet(false)) {
                    throw new StoreException("the connection was lost after the commit", true);
                }
            }).build();
        final Customer customer;
        final TicketId ticket;

        FeedbackScenario() {
            desk.subscribe(new DeskSurveys(surveys, TextAnalyzer.defaults(), Locale.JAPANESE));
            desk.subscribe(new DeskEscalation(desk));
            customer = desk.createCustomer(desk.system(TENANT, "line"),
                new NewCustomer("高橋 三郎", List.of(ChannelIdentity.line("U-feedback")), null, "ja"));
            ticket = desk.createTicket(Principal.customer(TENANT, customer.id()),
                CreateTicket.builder(customer.id(), Channel.LINE, "配送", "荷物がまだ届きません").build()).id();
        }

        /** @return the position of the one event {@link DeskSurveys} parked */
        long parked() {
            List<ParkedEvent> parked = desk.parkedEvents(ADMIN, DeskSurveys.NAME);
            assertThat(parked).hasSize(1);
            return parked.get(0).position();
        }

        long logged(Class<?> type) {
            return store.eventLog().read(0, 10_000).stream().filter(e -> type.isInstance(e.event())).count();
        }

        long complaintNotes() {
            return desk.messages(ADMIN, ticket).stream().filter(m -> m.body().contains("complaint detected")).count();
        }
    }

    @Test
    public void aComplaintReportedBeforeItsHandlingFailedIsNotEscalatedAgainByARedeliveryBeyondTheClaimRetention() {
        FeedbackScenario s = new FeedbackScenario();
        s.hookFails.set(true);
        s.desk.reply(Principal.customer(TENANT, s.customer.id()), s.ticket,
            "いつまで待たせるのか。対応がひどい。二度と頼まない。責任者を出せ。");
        long position = s.parked();
        assertThat(s.logged(ComplaintDetected.class)).isEqualTo(1);
        assertThat(s.complaintNotes()).as("escalated once before the handling failed").isEqualTo(1);

        clock.advance(LATER);
        prune(s.store);
        assertThat(s.desk.redeliver(ADMIN, DeskSurveys.NAME, position)).isTrue();

        assertThat(s.logged(ComplaintDetected.class)).as("the complaint is in the log once").isEqualTo(1);
        assertThat(s.complaintNotes()).as("and escalated once").isEqualTo(1);
        assertThat(s.desk.parkedEvents(ADMIN, DeskSurveys.NAME)).isEmpty();
    }

    @Test
    public void aSurveyScheduledBeforeItsHandlingFailedIsNotScheduledAgainByARedeliveryBeyondTheClaimRetention() {
        FeedbackScenario s = new FeedbackScenario();
        s.hookFails.set(true);
        s.desk.changeStatus(ADMIN, s.ticket, TicketStatus.SOLVED);
        long position = s.parked();
        assertThat(s.logged(SurveyInvitationScheduled.class)).isEqualTo(1);

        clock.advance(LATER);
        prune(s.store);
        assertThat(s.desk.redeliver(ADMIN, DeskSurveys.NAME, position)).isTrue();

        assertThat(s.logged(SurveyInvitationScheduled.class)).as("the invitation is scheduled in the log once")
            .isEqualTo(1);
        assertThat(s.surveys.dueInvitations(clock.instant().plus(Duration.ofDays(3)))).as("one invitation")
            .hasSize(1);
    }

    @Test
    public void anEventStillRetriedBeyondTheClaimRetentionRepeatsNoCommittedStep() {
        DeskStore store = newStore(clock);
        Acknowledger ack = new Acknowledger();
        // one retry, due after the claim retention: the event is neither handled nor parked until then
        SupportDesk desk = SupportDesk.builder().clock(clock).store(store)
            .subscriberRetry(new RetryPolicy(2, LATER, LATER)).build();
        ack.desk = desk;
        desk.subscribe(ack);
        Customer c = desk.createCustomer(desk.system(TENANT, "line"),
            new NewCustomer("佐藤 一郎", List.of(ChannelIdentity.line("U-retried")), null, "ja"));
        TicketId ticket = desk.createTicket(Principal.customer(TENANT, c.id()),
            CreateTicket.builder(c.id(), Channel.LINE, "配送", "荷物が届きません").build()).id();
        assertThat(desk.parkedEvents(ADMIN, SUBSCRIBER)).isEmpty();

        clock.advance(LATER.plusHours(1));
        prune(store);
        ack.broken.set(false);
        desk.processEvents();

        assertThat(desk.messages(ADMIN, ticket).stream().map(Message::body).toList())
            .as("the acknowledgement committed before the failure is not made again by the late retry")
            .containsExactly("荷物が届きません", "お問い合わせを受け付けました");
        assertThat(desk.parkedEvents(ADMIN, SUBSCRIBER)).isEmpty();
    }
}
