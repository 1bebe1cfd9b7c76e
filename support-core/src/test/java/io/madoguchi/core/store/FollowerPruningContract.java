package io.madoguchi.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.Channel;
import io.madoguchi.core.DuplicateRequestException;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.customer.NewCustomer;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.EventSubscriber;
import io.madoguchi.core.event.SupportEvent;
import io.madoguchi.core.event.TicketCreated;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.time.MutableClock;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A reader without a checkpoint ({@code SupportDesk.follow}) does not hold back the log's pruning: when the log no
 * longer retains the events after its position, it is told which positions it missed
 * ({@link EventSubscriber#missed}) and goes on with the oldest retained event, instead of skipping them silently; and
 * a reader whose unread events were all dropped does not keep the desk looping. Positions of every store are dense
 * (appends take the next positions under one lock, a rolled-back append takes none), so a position missing below the
 * oldest retained one was pruned. Every {@link DeskStore} must pass it; an implementation says how it is made and how
 * it drops consumed events. The timeout is a hang guard, not a timing assertion: the runner looped for ever when the
 * log retained nothing after a reader's position.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public abstract class FollowerPruningContract {

    private static final TenantId TENANT = TenantId.of("follow-contract");

    /** The clock of the store and the desk. */
    protected final MutableClock clock = MutableClock.startingAt(Instant.parse("2026-11-24T00:00:00Z"));

    /**
     * @param clock the clock claims age on
     * @return a new, empty store
     */
    protected abstract DeskStore newStore(Clock clock);

    /**
     * Makes the store drop the events every subscriber has passed, as its own housekeeping would, so that none at or
     * below {@code position} is retained any more; a store that keeps a fixed number of them may first append copies
     * of {@code filler}.
     *
     * @param store the store
     * @param position the newest position that must be dropped
     * @param filler an event the store may append as often as it needs
     */
    protected abstract void dropThrough(DeskStore store, long position, SupportEvent filler);

    /** Records what it reads, and the ranges it is told it missed. */
    private static class Reader implements EventSubscriber {
        final List<Long> positions = new CopyOnWriteArrayList<>();
        final List<String> subjects = new CopyOnWriteArrayList<>();
        final List<List<Long>> missed = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "kpi-reader";
        }

        @Override
        public void handle(EventEnvelope envelope) {
            positions.add(envelope.position());
            if (envelope.event() instanceof TicketCreated c) {
                subjects.add(c.ticket().subject());
            }
        }

        @Override
        public void missed(long afterPosition, long nextPosition) {
            missed.add(List.of(afterPosition, nextPosition));
        }
    }

    private final class Scenario {
        final DeskStore store = newStore(clock);
        final SupportDesk desk;
        final Customer customer;

        Scenario(boolean synchronous) {
            desk = SupportDesk.builder().clock(clock).store(store).synchronousDelivery(synchronous).build();
            customer = desk.createCustomer(desk.system(TENANT, "line"),
                new NewCustomer("山田 花子", List.of(ChannelIdentity.line("U-follow")), null, "ja"));
        }

        long open(String subject) {
            desk.createTicket(Principal.customer(TENANT, customer.id()),
                CreateTicket.builder(customer.id(), Channel.LINE, subject, "本文です").build());
            return store.eventLog().head();
        }

        /** Drops every event up to the head, and returns the oldest position retained afterwards. */
        long dropAll() {
            long head = store.eventLog().head();
            SupportEvent filler = store.eventLog().read(0, 100).stream().map(EventEnvelope::event)
                .filter(e -> !(e instanceof TicketCreated)).findFirst().orElseThrow();
            dropThrough(store, head, filler);
            long oldest = store.eventLog().oldest();
            assertThat(oldest).as("the store dropped the events").isGreaterThan(head);
            return oldest;
        }
    }

    @Test
    public void aFollowerThatFellBehindThePrunedLogIsToldWhatItMissedAndGoesOn() {
        Scenario s = new Scenario(false);
        long first = s.open("配送について");
        Reader reader = new Reader();
        s.desk.follow(reader, first);
        s.open("返品したい"); // committed after the follower's position, then dropped before it reads it
        long oldest = s.dropAll();
        s.open("剪定の後");

        s.desk.processEvents();

        assertThat(reader.missed).as("the positions dropped before the follower read them")
            .containsExactly(List.of(first, oldest));
        assertThat(reader.positions.get(0)).as("then it reads on from the oldest retained event").isEqualTo(oldest);
        assertThat(reader.subjects).doesNotContain("返品したい").endsWith("剪定の後");
        s.open("その次");
        s.desk.processEvents();
        assertThat(reader.missed).as("told once").hasSize(1);
        assertThat(reader.subjects).endsWith("剪定の後", "その次");
    }

    @Test
    public void aFollowerStartedBeforeTheOldestRetainedEventIsToldWhatItMissedAndGoesOn() {
        Scenario s = new Scenario(true);
        long first = s.open("配送について");
        s.open("返品したい");
        long oldest = s.dropAll();
        Reader reader = new Reader();

        s.desk.follow(reader, first);
        s.open("剪定の後");

        assertThat(reader.missed).containsExactly(List.of(first, oldest));
        assertThat(reader.positions.get(0)).isEqualTo(oldest);
        assertThat(reader.subjects).doesNotContain("配送について", "返品したい").endsWith("剪定の後");
    }

    @Test
    public void aFollowerFromTheStartReadsWhatIsRetainedAndMissesNothing() {
        Scenario s = new Scenario(true);
        s.open("配送について");
        long oldest = s.dropAll();
        Reader reader = new Reader();

        s.desk.follow(reader, 0); // 0: whatever the log retains, as a backfill reads it
        s.open("剪定の後");

        assertThat(reader.missed).as("it asked for the retained log, not for events before it").isEmpty();
        assertThat(reader.positions.get(0)).isEqualTo(oldest);
        assertThat(reader.subjects).endsWith("剪定の後").doesNotContain("配送について");
    }

    @Test
    public void aNewSubscriberOfALogWhoseEventsWereDroppedStartsAtTheOldestRetainedEvent() {
        Scenario s = new Scenario(true);
        s.open("配送について");
        long oldest = s.dropAll();
        Reader subscriber = new Reader();

        s.desk.subscribe(subscriber);
        s.open("剪定の後");

        assertThat(subscriber.missed).as("a new subscriber starts at the retained log, as documented").isEmpty();
        assertThat(subscriber.positions.get(0)).isEqualTo(oldest);
        assertThat(subscriber.subjects).endsWith("剪定の後");
        assertThat(s.store.checkpoints().checkpoint(subscriber.name())).isEqualTo(s.store.eventLog().head());
    }

    @Test
    public void aRefusedAppendTakesNoPositionSoPositionsHaveNoGaps() {
        Scenario s = new Scenario(true);
        long head = s.open("配送について");
        SupportEvent event = s.store.eventLog().read(0, 1).get(0).event();
        IdempotencyKey key = new IdempotencyKey(TENANT, "test", "一度だけ");
        assertThat(s.store.eventLog().append(List.of(event), Map.of(key, "x"))).isEqualTo(head + 1);

        assertThatThrownBy(() -> s.store.eventLog().append(List.of(event, event), Map.of(key, "y")))
            .isInstanceOf(DuplicateRequestException.class);
        long next = s.open("返品したい");

        assertThat(s.store.eventLog().read(head, 100)).extracting(EventEnvelope::position)
            .as("the positions that the follower's check for dropped events takes as dense")
            .containsExactlyElementsOf(LongStream.rangeClosed(head + 1, next).boxed().toList());
    }
}
