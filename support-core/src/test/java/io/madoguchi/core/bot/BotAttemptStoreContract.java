package io.madoguchi.core.bot;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.store.Racers;
import io.madoguchi.core.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link BotAttemptStore} must have. Shipped in the support-core test-jar: a store
 * implementation's test extends it and returns a fresh, empty store from {@link #newStore(MutableClock)}, whose
 * age bound is at least 30 days.
 */
public abstract class BotAttemptStoreContract {

    /** The instant the clock starts at. */
    protected static final Instant T0 = Instant.parse("2026-11-24T01:00:00Z");
    private static final TenantId CITY = TenantId.of("amagasaki-city");
    private static final TenantId SHOP = TenantId.of("madoguchi-shop");

    /** The clock handed to the store. */
    protected final MutableClock clock = MutableClock.startingAt(T0);
    private BotAttemptStore store;

    /**
     * @param clock the clock the store measures ages on
     * @return a new, empty store
     */
    protected abstract BotAttemptStore newStore(MutableClock clock);

    /**
     * @param clock the clock the store measures ages on
     * @param maxPerTenant the attempts (and routings) each tenant may keep
     * @return a new, empty store with that size bound (and an age bound of 30 days)
     */
    protected abstract BotAttemptStore newStore(MutableClock clock, int maxPerTenant);

    /**
     * @param store the store under test
     * @return another instance over the same data, as a second host process would build it on the same clock; the
     *     store itself for a store that lives in one process
     */
    protected BotAttemptStore sameData(BotAttemptStore store) {
        return store;
    }

    /** Creates the store. */
    @BeforeEach
    public void freshStore() {
        store = newStore(clock);
    }

    /**
     * @param tenant a tenant
     * @param ticket a ticket id
     * @param dueInHours when the wait runs out, hours after {@link #T0}
     * @return an attempt answered at {@link #T0}
     */
    protected static BotAttempt attempt(TenantId tenant, String ticket, int dueInHours) {
        return new BotAttempt(tenant, TicketId.of(ticket), "住民票の写しを取りたい", Locale.JAPANESE, "juminhyo",
            "住民票の写しを取りたい", 0.91, T0, T0.plus(Duration.ofHours(dueInHours)));
    }

    @Test
    public void aSavedAttemptIsFoundByTenantAndTicketWithEveryField() {
        BotAttempt a = new BotAttempt(CITY, TicketId.of("T-1"), "じゅうみんひょうがほしい", Locale.JAPANESE, "juminhyo",
            "住民票の写しを取りたい", 0.875, T0.plusNanos(1_234_567), T0.plus(Duration.ofDays(3)));

        store.save(a);

        assertThat(store.find(CITY, TicketId.of("T-1"))).contains(a);
        assertThat(store.find(CITY, TicketId.of("T-1")).orElseThrow().answeredAt())
            .isEqualTo(T0.plusNanos(1_234_000));
        assertThat(store.find(SHOP, TicketId.of("T-1"))).isEmpty();
        assertThat(store.find(CITY, TicketId.of("T-2"))).isEmpty();
        assertThat(store.attemptCount()).isEqualTo(1);
    }

    @Test
    public void savingAgainReplacesTheTicketsAttempt() {
        store.save(attempt(CITY, "T-1", 10));
        BotAttempt again = new BotAttempt(CITY, TicketId.of("T-1"), "粗大ごみを出したい", Locale.JAPANESE, "gomi",
            "粗大ごみの出し方を知りたい", 0.7, T0, T0.plus(Duration.ofHours(20)));

        store.save(again);

        assertThat(store.find(CITY, TicketId.of("T-1"))).contains(again);
        assertThat(store.attemptCount()).isEqualTo(1);
        assertThat(store.verdictDue(T0.plus(Duration.ofHours(10)), 10)).isEmpty();
        assertThat(store.verdictDue(T0.plus(Duration.ofHours(20)), 10)).containsExactly(again);
    }

    @Test
    public void removeReturnsTheAttemptOnceAndForgetsIt() {
        BotAttempt a = attempt(CITY, "T-1", 10);
        store.save(a);

        assertThat(store.remove(CITY, TicketId.of("T-1"))).contains(a);
        assertThat(store.remove(CITY, TicketId.of("T-1"))).isEmpty();
        assertThat(store.find(CITY, TicketId.of("T-1"))).isEmpty();
        assertThat(store.verdictDue(T0.plus(Duration.ofDays(1)), 10)).isEmpty();
    }

    @Test
    public void ofConcurrentRemovesOnlyOneGetsTheAttempt() throws Exception {
        for (int round = 0; round < 50; round++) {
            TicketId ticket = TicketId.of("T-" + round);
            store.save(attempt(CITY, ticket.value(), 10));

            assertThat(Racers.winners(4, () -> store.remove(CITY, ticket).isPresent())).as("round %d", round)
                .isEqualTo(1);
        }
    }

    @Test
    public void verdictDueListsWhatRanOutEarliestFirstUpToMax() {
        store.save(attempt(CITY, "T-3", 30));
        store.save(attempt(CITY, "T-1", 10));
        store.save(attempt(SHOP, "T-2", 20));
        store.save(attempt(CITY, "T-4", 40));

        assertThat(store.verdictDue(T0.plus(Duration.ofHours(9)), 10)).isEmpty();
        assertThat(store.verdictDue(T0.plus(Duration.ofHours(30)), 10)).extracting(a -> a.ticket().value())
            .containsExactly("T-1", "T-2", "T-3");
        assertThat(store.verdictDue(T0.plus(Duration.ofHours(30)), 2)).extracting(a -> a.ticket().value())
            .containsExactly("T-1", "T-2");
    }

    @Test
    public void routingsAreDueAtTheirInstantAndRemovedOnce() {
        Instant opening = T0.plus(Duration.ofHours(8));
        store.scheduleRouting(new BotRouting(CITY, TicketId.of("T-2"), opening.plusSeconds(60)));
        store.scheduleRouting(new BotRouting(CITY, TicketId.of("T-1"), opening));

        assertThat(store.routingDue(opening.minusNanos(1000), 10)).isEmpty();
        assertThat(store.routingDue(opening.plusSeconds(60), 10)).extracting(r -> r.ticket().value())
            .containsExactly("T-1", "T-2");
        assertThat(store.routingCount()).isEqualTo(2);
        assertThat(store.removeRouting(CITY, TicketId.of("T-1"))).isTrue();
        assertThat(store.removeRouting(CITY, TicketId.of("T-1"))).isFalse();
        assertThat(store.removeRouting(SHOP, TicketId.of("T-2"))).isFalse();
        assertThat(store.routingDue(opening.plusSeconds(60), 10)).extracting(r -> r.ticket().value())
            .containsExactly("T-2");
    }

    @Test
    public void schedulingARoutingAgainReplacesIt() {
        store.scheduleRouting(new BotRouting(CITY, TicketId.of("T-1"), T0.plus(Duration.ofHours(1))));
        store.scheduleRouting(new BotRouting(CITY, TicketId.of("T-1"), T0.plus(Duration.ofHours(5))));

        assertThat(store.routingCount()).isEqualTo(1);
        assertThat(store.routingDue(T0.plus(Duration.ofHours(2)), 10)).isEmpty();
    }

    @Test
    public void nextDueIsTheEarliestOfWaitsAndRoutings() {
        assertThat(store.nextDue()).isEmpty();
        store.save(attempt(CITY, "T-1", 10));
        assertThat(store.nextDue()).contains(T0.plus(Duration.ofHours(10)));
        store.scheduleRouting(new BotRouting(CITY, TicketId.of("T-2"), T0.plus(Duration.ofHours(3))));
        assertThat(store.nextDue()).contains(T0.plus(Duration.ofHours(3)));
        store.removeRouting(CITY, TicketId.of("T-2"));
        store.remove(CITY, TicketId.of("T-1"));
        assertThat(store.nextDue()).isEmpty();
    }

    @Test
    public void attemptToStringLeavesOutTheCustomersQuestion() {
        BotAttempt a = new BotAttempt(CITY, TicketId.of("T-1"), "山田花子です。090-1234-5678 に連絡ください", Locale.JAPANESE,
            "juminhyo", "住民票の写しを取りたい", 0.9, T0, T0.plusSeconds(1));
        store.save(a);

        assertThat(store.find(CITY, TicketId.of("T-1")).orElseThrow().toString())
            .contains("juminhyo").doesNotContain("山田", "090");
    }

    @Test
    public void ofTwoInstancesTakingOneVerdictOnlyOneGetsTheAttempt() throws Exception {
        BotAttemptStore second = sameData(store);
        for (int round = 0; round < 20; round++) {
            TicketId ticket = TicketId.of("問い合わせ-" + round);
            store.save(attempt(CITY, ticket.value(), 10));

            assertThat(Racers.winners(4, i -> (i % 2 == 0 ? store : second).remove(CITY, ticket).isPresent()))
                .as("round %d", round).isEqualTo(1);
        }
        assertThat(second.attemptCount()).isZero();
    }

    @Test
    public void japaneseTextComesBackUnchangedOnAnotherInstance() {
        BotAttempt a = new BotAttempt(CITY, TicketId.of("問い合わせ-1"), "粗大ごみ（ソファ）の出し方を教えて😊 𠮷", Locale.JAPAN,
            "粗大ごみ", "粗大ごみの出し方を知りたい", 0.8125, T0.plusNanos(999_999), T0.plus(Duration.ofDays(3)));
        store.save(a);
        store.scheduleRouting(new BotRouting(CITY, TicketId.of("問い合わせ-1"), T0.plusNanos(1_000)));

        assertThat(sameData(store).find(CITY, TicketId.of("問い合わせ-1"))).contains(a);
        assertThat(sameData(store).routingDue(T0.plusNanos(1_000), 10)).extracting(BotRouting::at)
            .containsExactly(T0.plusNanos(1_000));
    }

    @Test
    void oneTenantsAttemptsAndRoutingsNeverPushOutAnothers() {
        BotAttemptStore small = newStore(clock, 3);
        for (int i = 1; i <= 3; i++) {
            small.save(attemptAnsweredAt(CITY, "A-" + i, T0.plusSeconds(i)));
            small.scheduleRouting(new BotRouting(CITY, TicketId.of("A-" + i), T0.plus(Duration.ofHours(1))));
        }
        for (int i = 1; i <= 20; i++) {
            small.save(attempt(SHOP, "B-" + i, 1));
            small.scheduleRouting(new BotRouting(SHOP, TicketId.of("B-" + i), T0.plus(Duration.ofHours(1))));
        }

        for (int i = 1; i <= 3; i++) {
            assertThat(small.find(CITY, TicketId.of("A-" + i))).as("A-" + i).isPresent();
        }
        assertThat(small.attemptCount()).isEqualTo(6);
        assertThat(small.routingDue(T0.plus(Duration.ofHours(1)), 100)).extracting(r -> r.ticket().value())
            .as("the writing tenant's own first routings went")
            .containsExactlyInAnyOrder("A-1", "A-2", "A-3", "B-18", "B-19", "B-20");
    }

    private static BotAttempt attemptAnsweredAt(TenantId tenant, String ticket, Instant at) {
        return new BotAttempt(tenant, TicketId.of(ticket), "住民票が欲しい", Locale.JAPANESE, "juminhyo",
            "住民票の写しを取りたい", 0.9, at, at.plus(Duration.ofDays(3)));
    }
}
