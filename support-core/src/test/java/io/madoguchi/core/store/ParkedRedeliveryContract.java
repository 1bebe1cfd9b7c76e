package io.madoguchi.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.ConflictException;
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
import io.madoguchi.core.store.jdbc.JdbcCheckpointStore;
import io.madoguchi.core.store.memory.InMemoryCheckpointStore;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.time.ManualScheduler;
import io.madoguchi.core.time.MutableClock;
import io.madoguchi.core.time.Scheduler;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
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

    /**
     * Acknowledges every new ticket with one reply, then fails while {@link #broken} is set. Before the reply it runs
     * {@link #beforeNextReply} once, if set: what happens elsewhere while a handling runs.
     */
    private static final class Acknowledger implements EventSubscriber {
        final AtomicBoolean broken = new AtomicBoolean(true);
        final AtomicReference<Runnable> beforeNextReply = new AtomicReference<>();
        /** How many times it was handed each event, by position. */
        final Map<Long, Integer> handled = new ConcurrentHashMap<>();
        SupportDesk desk;

        @Override
        public String name() {
            return SUBSCRIBER;
        }

        @Override
        public void handle(EventEnvelope event) {
            handled.merge(event.position(), 1, Integer::sum);
            if (event.event() instanceof TicketCreated created) {
                Runnable meanwhile = beforeNextReply.getAndSet(null);
                if (meanwhile != null) {
                    meanwhile.run();
                }
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
            this(store, null);
        }

        Scenario(DeskStore store, @Nullable Scheduler scheduler) {
            this.store = store;
            SupportDesk.Builder builder = SupportDesk.builder().clock(clock).store(store)
                .subscriberRetry(new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(1)));
            if (scheduler != null) {
                builder.scheduler(scheduler);
            }
            desk = builder.build();
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
    public void aParkedEventIsNotDroppedByThePruneWhileItIsRedelivered() {
        Scenario s = new Scenario();
        clock.advance(MAX_PARKED_AGE); // exactly the maximum age old: still kept
        s.ack.broken.set(false);
        // the redelivery takes long: meanwhile the event grows older than the maximum age and the store is pruned
        AtomicBoolean claimKept = new AtomicBoolean();
        s.ack.beforeNextReply.set(() -> {
            clock.advance(Duration.ofSeconds(1));
            prune(s.store);
            claimKept.set(s.store.eventLog().claimed(s.firstStep()).isPresent());
        });

        boolean handled = s.desk.redeliver(ADMIN, SUBSCRIBER, s.position);

        assertThat(s.bodies()).as("the acknowledgement committed before the event was parked is not made again")
            .containsExactly("ポイントが反映されていません", "お問い合わせを受け付けました");
        assertThat(claimKept).as("the step claim of the event being redelivered was kept through the prune").isTrue();
        assertThat(handled).as("the redelivery is reported as it went").isTrue();
        assertThat(s.desk.parkedEvents(ADMIN, SUBSCRIBER)).isEmpty();
    }

    @Test
    public void aParkedEventIsNotDroppedWhenItsSubscriberParksAnotherOnAnotherInstanceWhileItIsRedelivered() {
        Scenario s = new Scenario();
        Acknowledger elsewhere = new Acknowledger();
        SupportDesk other = SupportDesk.builder().clock(clock).store(s.store)
            .subscriberRetry(new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(1))).build();
        elsewhere.desk = other;
        other.subscribe(elsewhere);
        clock.advance(MAX_PARKED_AGE);
        s.ack.broken.set(false);
        long[] parkedMeanwhile = new long[1];
        s.ack.beforeNextReply.set(() -> {
            clock.advance(Duration.ofSeconds(1));
            parkedMeanwhile[0] = elsewhere(() -> {
                Customer c = other.createCustomer(other.system(TENANT, "line"),
                    new NewCustomer("鈴木 次郎", List.of(ChannelIdentity.line("U-meanwhile")), null, "ja"));
                other.createTicket(Principal.customer(TENANT, c.id()),
                    CreateTicket.builder(c.id(), Channel.LINE, "返品", "返品したいです").build());
                List<ParkedEvent> parked = other.parkedEvents(ADMIN, SUBSCRIBER);
                return parked.get(parked.size() - 1).position();
            });
        });

        boolean handled = s.desk.redeliver(ADMIN, SUBSCRIBER, s.position);

        assertThat(parkedMeanwhile[0]).isGreaterThan(s.position);
        assertThat(s.bodies()).as("the acknowledgement committed before the event was parked is not made again")
            .containsExactly("ポイントが反映されていません", "お問い合わせを受け付けました");
        assertThat(handled).as("the redelivery is reported as it went").isTrue();
        assertThat(s.desk.parkedEvents(ADMIN, SUBSCRIBER)).extracting(ParkedEvent::position)
            .containsExactly(parkedMeanwhile[0]);
    }

    @Test
    public void aParkedEventBeingRedeliveredIsNotRedeliveredAgainAtTheSameTimeOnAnotherInstance() {
        Scenario s = new Scenario();
        Acknowledger elsewhere = new Acknowledger();
        SupportDesk other = SupportDesk.builder().clock(clock).store(s.store).build();
        elsewhere.desk = other;
        elsewhere.broken.set(false);
        other.subscribe(elsewhere);
        s.ack.broken.set(false);
        AtomicReference<Object> second = new AtomicReference<>();
        s.ack.beforeNextReply.set(() -> second.set(elsewhere(
            () -> attempt(() -> other.redeliver(ADMIN, SUBSCRIBER, s.position)))));

        boolean handled = s.desk.redeliver(ADMIN, SUBSCRIBER, s.position);

        assertThat(second.get()).as("another admin's redelivery while this one runs").isInstanceOf(
            ConflictException.class);
        assertThat(elsewhere.handled).as("the other instance did not handle the event meanwhile").isEmpty();
        assertThat(s.ack.handled).containsEntry(s.position, 2); // parked after the first, handled by the second
        assertThat(handled).isTrue();
        assertThat(s.desk.parkedEvents(ADMIN, SUBSCRIBER)).isEmpty();
    }

    @Test
    public void aParkedEventBeingRedeliveredIsNotRedeliveredAgainAtTheSameTimeOnTheSameInstance() {
        Scenario s = new Scenario();
        s.ack.broken.set(false);
        AtomicReference<Object> second = new AtomicReference<>();
        s.ack.beforeNextReply.set(() -> second.set(attempt(() -> s.desk.redeliver(ADMIN, SUBSCRIBER, s.position))));

        boolean handled = s.desk.redeliver(ADMIN, SUBSCRIBER, s.position);

        assertThat(second.get()).as("another admin's redelivery while this one runs").isInstanceOf(
            ConflictException.class);
        assertThat(s.ack.handled).as("handled once when parked and once by the redelivery")
            .containsEntry(s.position, 2);
        assertThat(handled).isTrue();
        assertThat(s.desk.parkedEvents(ADMIN, SUBSCRIBER)).isEmpty();
        assertThatThrownBy(() -> s.desk.redeliver(ADMIN, SUBSCRIBER, s.position))
            .as("a redelivered event is no longer parked").isInstanceOf(NotFoundException.class);
    }

    @Test
    public void aRedeliveryThatOutlastsTheClaimDurationRenewsItsClaimThroughTheScheduler() {
        ManualScheduler scheduler = ManualScheduler.on(clock);
        Scenario s = new Scenario(newStore(clock), scheduler);
        SupportDesk other = SupportDesk.builder().clock(clock).store(s.store).build();
        Acknowledger elsewhere = new Acknowledger();
        elsewhere.desk = other;
        elsewhere.broken.set(false);
        other.subscribe(elsewhere);
        s.ack.broken.set(false);
        AtomicReference<Object> second = new AtomicReference<>();
        s.ack.beforeNextReply.set(() -> {
            // the handling takes three hours (a slow host system); the desk's scheduler runs meanwhile
            scheduler.advance(Duration.ofHours(3));
            second.set(elsewhere(() -> attempt(() -> other.redeliver(ADMIN, SUBSCRIBER, s.position))));
        });

        boolean handled = s.desk.redeliver(ADMIN, SUBSCRIBER, s.position);

        assertThat(second.get()).as("another admin's redelivery three hours into this one").isInstanceOf(
            ConflictException.class);
        assertThat(elsewhere.handled).as("the other instance did not handle the event meanwhile").isEmpty();
        assertThat(handled).isTrue();
        assertThat(s.desk.parkedEvents(ADMIN, SUBSCRIBER)).isEmpty();
        assertThat(s.bodies()).containsExactly("ポイントが反映されていません", "お問い合わせを受け付けました");
        assertThat(scheduler.pending()).as("the renewal stopped with the handling").isZero();
    }

    @Test
    public void aRedeliveryWhoseClaimExpiredAndWasTakenIsReportedAndLeavesTheEventToTheOtherClaimant() {
        Scenario s = new Scenario(); // no scheduler: nothing renews the claim while the handling runs
        s.ack.broken.set(false);
        AtomicBoolean taken = new AtomicBoolean();
        s.ack.beforeNextReply.set(() -> {
            clock.advance(Duration.ofHours(2));
            // another instance's redelivery claims the event once this claim has expired, and is still running
            taken.set(elsewhere(() -> s.store.checkpoints().claimRedelivery(SUBSCRIBER, s.position, "admin-b",
                Duration.ofHours(1))));
        });

        assertThatThrownBy(() -> s.desk.redeliver(ADMIN, SUBSCRIBER, s.position))
            .as("the redelivery lost its claim while it ran").isInstanceOf(ConflictException.class)
            .hasMessageContaining(SUBSCRIBER).hasMessageContaining(String.valueOf(s.position));

        assertThat(taken).isTrue();
        assertThat(s.store.checkpoints().isParked(SUBSCRIBER, s.position))
            .as("not finished over the other redelivery, which removes it when it ends").isTrue();
        assertThat(s.store.checkpoints().finishRedelivery(SUBSCRIBER, s.position, "admin-b"))
            .as("the other redelivery still holds its claim").isTrue();
        assertThat(s.bodies()).containsExactly("ポイントが反映されていません", "お問い合わせを受け付けました");
    }

    @Test
    public void aRedeliveryThatEndsStopsRenewingSoTheNextOneMayClaimTheEventAtOnce() {
        ManualScheduler scheduler = ManualScheduler.on(clock);
        Scenario s = new Scenario(newStore(clock), scheduler);
        s.ack.beforeNextReply.set(() -> scheduler.advance(Duration.ofMinutes(30)));

        assertThat(s.desk.redeliver(ADMIN, SUBSCRIBER, s.position)).as("it failed again").isFalse();

        assertThat(scheduler.pending()).as("no renewal left behind").isZero();
        scheduler.advance(Duration.ofHours(1));
        assertThat(s.store.checkpoints().claimRedelivery(SUBSCRIBER, s.position, "admin-b", Duration.ofMinutes(5)))
            .as("released when it ended, and not claimed again by a renewal").isTrue();
    }

    @Test
    public void aFailedRedeliveryLeavesTheEventParkedForTheNextAndUnderTheAgeBound() {
        Scenario s = new Scenario();

        assertThat(s.desk.redeliver(ADMIN, SUBSCRIBER, s.position)).isFalse();
        assertThat(s.desk.parkedEvents(ADMIN, SUBSCRIBER)).extracting(ParkedEvent::position)
            .containsExactly(s.position);
        s.redeliverFixed();

        Scenario t = new Scenario(newStore(clock));
        assertThat(t.desk.redeliver(ADMIN, SUBSCRIBER, t.position)).isFalse();
        clock.advance(MAX_PARKED_AGE.plusSeconds(1));
        prune(t.store);
        assertThat(t.desk.parkedEvents(ADMIN, SUBSCRIBER)).as("dropped by the age bound once no redelivery runs")
            .isEmpty();
    }

    /** Parks the event at {@code position} for the subscriber "bot", whose checkpoint must be just before it. */
    private ParkedEvent parkBot(DeskStore store, long position) {
        ParkedEvent p = new ParkedEvent("bot", position, "desk.TicketCreated", "IllegalStateException: x", 1,
            clock.instant());
        store.checkpoints().park(p, position - 1);
        return p;
    }

    @Test
    public void aRedeliveryClaimKeepsTheEventFromTheAgeBoundAndFromOtherRedeliveriesOnlyUntilItExpires() {
        DeskStore store = newStore(clock);
        CheckpointStore checkpoints = store.checkpoints();
        checkpoints.register("bot");
        parkBot(store, 1);
        clock.advance(MAX_PARKED_AGE);
        assertThat(checkpoints.claimRedelivery("bot", 1, "admin-a", Duration.ofHours(1))).isTrue();
        clock.advance(Duration.ofSeconds(1));

        prune(store);
        assertThat(checkpoints.parked("bot")).as("too old, but claimed").extracting(ParkedEvent::position)
            .containsExactly(1L);
        assertThat(checkpoints.isParked("bot", 1)).isTrue();
        assertThatThrownBy(() -> checkpoints.claimRedelivery("bot", 1, "admin-b", Duration.ofHours(1)))
            .isInstanceOf(ConflictException.class).hasMessageContaining("being redelivered");
        assertThat(checkpoints.claimRedelivery("bot", 1, "admin-a", Duration.ofHours(1))).as("renewed by its owner")
            .isTrue();

        clock.advance(Duration.ofHours(1).plusSeconds(1));
        assertThat(checkpoints.claimRedelivery("bot", 1, "admin-b", Duration.ofHours(1)))
            .as("its claim expired (its instance died, say): the age bound drops it before it is claimed again")
            .isFalse();
        prune(store);
        assertThat(checkpoints.parked("bot")).isEmpty();
        assertThat(checkpoints.finishRedelivery("bot", 1, "admin-a")).as("the expired claim lost its event")
            .isFalse();
    }

    @Test
    public void anExpiredRedeliveryClaimOnAYoungEventIsTakenOverByTheNextRedelivery() {
        DeskStore store = newStore(clock);
        CheckpointStore checkpoints = store.checkpoints();
        checkpoints.register("bot");
        parkBot(store, 1);
        assertThat(checkpoints.claimRedelivery("bot", 1, "admin-a", Duration.ofMinutes(5))).isTrue();
        clock.advance(Duration.ofMinutes(5).plusMillis(1));

        assertThat(checkpoints.claimRedelivery("bot", 1, "admin-b", Duration.ofMinutes(5))).isTrue();

        assertThat(checkpoints.finishRedelivery("bot", 1, "admin-a")).as("no longer its claim").isFalse();
        assertThat(checkpoints.isParked("bot", 1)).isTrue();
        assertThat(checkpoints.finishRedelivery("bot", 1, "admin-b")).isTrue();
        assertThat(checkpoints.parked("bot")).isEmpty();
        assertThat(checkpoints.claimRedelivery("bot", 1, "admin-c", Duration.ofMinutes(5))).as("not parked")
            .isFalse();
    }

    @Test
    public void aReleasedRedeliveryClaimPutsTheEventUnderTheAgeBoundAgain() {
        DeskStore store = newStore(clock);
        CheckpointStore checkpoints = store.checkpoints();
        checkpoints.register("bot");
        parkBot(store, 1);
        clock.advance(Duration.ofDays(10));
        parkBot(store, 2);
        clock.advance(MAX_PARKED_AGE.minus(Duration.ofDays(10)));
        assertThat(checkpoints.claimRedelivery("bot", 1, "admin-a", Duration.ofHours(1))).isTrue();
        clock.advance(Duration.ofSeconds(1));
        prune(store);
        assertThat(checkpoints.parked("bot")).extracting(ParkedEvent::position).containsExactly(1L, 2L);

        checkpoints.releaseRedelivery("bot", 1, "admin-b");
        assertThatThrownBy(() -> checkpoints.claimRedelivery("bot", 1, "admin-b", Duration.ofHours(1)))
            .as("only its owner gives a claim back").isInstanceOf(ConflictException.class);
        checkpoints.releaseRedelivery("bot", 1, "admin-a");
        prune(store);

        assertThat(checkpoints.parked("bot")).as("too old and no longer claimed").extracting(ParkedEvent::position)
            .containsExactly(2L);
        assertThat(checkpoints.claimRedelivery("bot", 1, "admin-b", Duration.ofHours(1))).isFalse();
    }

    @Test
    public void theSizeBoundPassesOverAnEventBeingRedelivered() {
        DeskStore store = newStore(clock);
        CheckpointStore checkpoints = store.checkpoints();
        checkpoints.register("bot");
        int max = InMemoryCheckpointStore.MAX_PARKED;
        assertThat(JdbcCheckpointStore.MAX_PARKED).isEqualTo(max);
        parkMany(store, "bot", max);
        assertThat(checkpoints.claimRedelivery("bot", 1, "admin-a", Duration.ofHours(1))).isTrue();

        parkBot(store, max + 1);
        List<ParkedEvent> parked = checkpoints.parked("bot");
        assertThat(parked).as("the oldest, being redelivered, is kept").hasSize(max + 1);
        assertThat(parked.get(0).position()).isEqualTo(1);
        parkBot(store, max + 2);

        parked = checkpoints.parked("bot");
        assertThat(parked).as("the oldest beyond the bound not being redelivered is dropped").hasSize(max + 1);
        assertThat(parked.subList(0, 2)).extracting(ParkedEvent::position).containsExactly(1L, 3L);
        assertThat(checkpoints.finishRedelivery("bot", 1, "admin-a")).isTrue();
        assertThat(checkpoints.parked("bot")).hasSize(max);
    }

    /**
     * Parks the events at positions 1 to {@code count} for a subscriber at checkpoint 0, as that many
     * {@link CheckpointStore#park} calls would; a store may do it faster.
     *
     * @param store the store
     * @param subscriber the subscriber
     * @param count how many
     */
    protected void parkMany(DeskStore store, String subscriber, int count) {
        for (int i = 1; i <= count; i++) {
            store.checkpoints().park(new ParkedEvent(subscriber, i, "desk.TicketCreated", "IllegalStateException: x",
                1, clock.instant()), i - 1);
        }
    }

    @Test
    public void aRedeliveryClaimLastsAPositiveTime() {
        DeskStore store = newStore(clock);
        store.checkpoints().register("bot");
        parkBot(store, 1);
        assertThatThrownBy(() -> store.checkpoints().claimRedelivery("bot", 1, "admin-a", Duration.ZERO))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThat(store.checkpoints().isParked("bot", 1)).isTrue();
    }

    /**
     * Runs work on another thread, as another host instance would, and waits for it: the calling thread may be in a
     * subscriber's handling, whose step claims the work must not take as its own.
     *
     * @return what the work returned
     */
    private static <T> T elsewhere(Callable<T> work) {
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            return other.submit(work).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the work on the other instance failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            other.shutdown();
        }
    }

    /** @return what {@code redelivery} returned, or what it threw */
    private static Object attempt(java.util.function.Supplier<Boolean> redelivery) {
        try {
            return redelivery.get();
        } catch (RuntimeException e) {
            return e;
        }
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
