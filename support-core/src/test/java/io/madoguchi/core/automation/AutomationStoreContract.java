package io.madoguchi.core.automation;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.core.Channel;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.sla.SlaTicket;
import io.madoguchi.core.store.Racers;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link AutomationStore} must have. Shipped in the support-core test-jar: a store
 * implementation's test extends it and returns a fresh, empty store from {@link #newStore(MutableClock)}, whose
 * age bound is at least 30 days.
 */
public abstract class AutomationStoreContract {

    /** The instant the clock starts at. */
    protected static final Instant T0 = Instant.parse("2026-11-24T01:00:00Z");
    /** The tenant most cases use. */
    protected static final TenantId SHOP = TenantId.of("madoguchi-shop");
    private static final TenantId CITY = TenantId.of("amagasaki-city");

    /** The clock handed to the store. */
    protected final MutableClock clock = MutableClock.startingAt(T0);
    private AutomationStore store;

    /**
     * @param clock the clock the store measures ages on
     * @return a new, empty store
     */
    protected abstract AutomationStore newStore(MutableClock clock);

    /**
     * @param store the store under test
     * @return another instance over the same data, as a second host process would build it on the same clock; the
     *     store itself for a store that lives in one process
     */
    protected AutomationStore sameData(AutomationStore store) {
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
     * @param at when it was created and last updated
     * @return a pending LINE ticket tracked from {@code at}
     */
    protected static TrackedTicket pending(TenantId tenant, String ticket, Instant at) {
        return TrackedTicket.startingAt(SlaTicket.of(tenant, TicketId.of(ticket), Channel.LINE)
            .withStatus(TicketStatus.PENDING), at);
    }

    @Test
    public void aSavedTicketIsFoundWithEveryFieldInMicroseconds() {
        TrackedTicket t = new TrackedTicket(SlaTicket.of(SHOP, TicketId.of("T-1"), Channel.LINE)
            .withTags(java.util.Set.of("churn-risk")), T0.plusNanos(1_234_567), T0.plusSeconds(60), T0.plusSeconds(90),
            Map.of("催促", T0.plusSeconds(60)));

        store.save(t);

        TrackedTicket read = store.find(SHOP, TicketId.of("T-1")).orElseThrow();
        assertThat(read).isEqualTo(t);
        assertThat(read.createdAt()).isEqualTo(T0.plusNanos(1_234_000));
        assertThat(store.find(CITY, TicketId.of("T-1"))).isEmpty();
        assertThat(store.count()).isEqualTo(1);
    }

    @Test
    public void markFiredSucceedsOncePerRuleAndPeriod() {
        store.save(pending(SHOP, "T-1", T0));

        assertThat(store.markFired(SHOP, TicketId.of("T-1"), "催促", T0)).isTrue();
        assertThat(store.markFired(SHOP, TicketId.of("T-1"), "催促", T0)).isFalse();
        assertThat(store.markFired(SHOP, TicketId.of("T-1"), "自動解決", T0)).isTrue();
        assertThat(store.markFired(SHOP, TicketId.of("T-1"), "催促", T0.plusSeconds(3600))).isTrue();
        assertThat(store.markFired(SHOP, TicketId.of("T-404"), "催促", T0)).isFalse();
        assertThat(store.find(SHOP, TicketId.of("T-1")).orElseThrow().fired())
            .containsEntry("催促", T0.plusSeconds(3600)).containsEntry("自動解決", T0);
    }

    @Test
    public void ofConcurrentMarksForOnePeriodOnlyOneWins() throws Exception {
        for (int round = 0; round < 50; round++) {
            TicketId ticket = TicketId.of("T-" + round);
            store.save(pending(SHOP, ticket.value(), T0));

            assertThat(Racers.winners(4, () -> store.markFired(SHOP, ticket, "催促", T0))).as("round %d", round)
                .isEqualTo(1);
        }
    }

    @Test
    public void removeForgetsATicket() {
        store.save(pending(SHOP, "T-1", T0));

        assertThat(store.remove(SHOP, TicketId.of("T-1"))).isTrue();
        assertThat(store.remove(SHOP, TicketId.of("T-1"))).isFalse();
        assertThat(store.find(SHOP, TicketId.of("T-1"))).isEmpty();
        assertThat(store.count()).isZero();
    }

    @Test
    public void pagesVisitEveryTicketOnceInTenantThenTicketOrder() {
        for (String id : List.of("T-3", "T-1", "T-2")) {
            store.save(pending(SHOP, id, T0));
        }
        store.save(pending(CITY, "T-9", T0));

        List<String> seen = new ArrayList<>();
        TrackedTicket after = null;
        while (true) {
            List<TrackedTicket> page = store.page(after, 2);
            page.forEach(t -> seen.add(t.tenant().value() + "/" + t.ticket().value()));
            if (page.size() < 2) {
                break;
            }
            after = page.get(page.size() - 1);
        }

        assertThat(seen).containsExactly("amagasaki-city/T-9", "madoguchi-shop/T-1", "madoguchi-shop/T-2",
            "madoguchi-shop/T-3");
    }

    @Test
    public void savingAgainReplacesTheTicket() {
        store.save(pending(SHOP, "T-1", T0));
        TrackedTicket solved = store.find(SHOP, TicketId.of("T-1")).orElseThrow()
            .seen(SlaTicket.of(SHOP, TicketId.of("T-1"), Channel.LINE).withStatus(TicketStatus.SOLVED),
                T0.plus(Duration.ofHours(1)));

        store.save(solved);

        assertThat(store.find(SHOP, TicketId.of("T-1"))).contains(solved);
        assertThat(solved.statusSince()).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(store.count()).isEqualTo(1);
    }

    @Test
    public void ofTwoInstancesMarkingOnePeriodOnlyOneWins() throws Exception {
        AutomationStore second = sameData(store);
        for (int round = 0; round < 20; round++) {
            TicketId ticket = TicketId.of("問い合わせ-" + round);
            store.save(pending(SHOP, ticket.value(), T0));

            assertThat(Racers.winners(4, i -> (i % 2 == 0 ? store : second).markFired(SHOP, ticket, "催促", T0)))
                .as("round %d", round).isEqualTo(1);
        }
    }

    @Test
    public void aSaveFromAStaleReadKeepsThePeriodMarkedSince() {
        store.save(pending(SHOP, "T-1", T0));
        TrackedTicket read = store.find(SHOP, TicketId.of("T-1")).orElseThrow();
        assertThat(sameData(store).markFired(SHOP, TicketId.of("T-1"), "催促", T0.plusSeconds(3600))).isTrue();

        store.save(read.seen(read.facts().withStatus(TicketStatus.OPEN), T0.plusSeconds(7200)));

        TrackedTicket now = store.find(SHOP, TicketId.of("T-1")).orElseThrow();
        assertThat(now.facts().status()).isEqualTo(TicketStatus.OPEN);
        assertThat(now.fired()).containsEntry("催促", T0.plusSeconds(3600));
        assertThat(store.markFired(SHOP, TicketId.of("T-1"), "催促", T0.plusSeconds(3600))).isFalse();
    }
}
