package io.madoguchi.channels.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.channels.ReplyContext;
import io.madoguchi.core.Channel;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.store.StoreException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemoryOutboxStoreTest extends OutboxStoreContract {

    /** A second tenant in the same desk, beside {@link #TENANT}. */
    private static final TenantId OTHER = TenantId.of("和菓子の店");

    @Override
    protected OutboxStore inNamespace(OutboxStore of, String namespace) {
        return ((InMemoryOutboxStore) of).withNamespace(namespace);
    }

    @Override
    protected OutboxStore newStore() {
        return new InMemoryOutboxStore();
    }

    @Override
    protected OutboxStore newStoreWithMaxRows(int maxRows) {
        return new InMemoryOutboxStore(maxRows, 10_000, Duration.ofDays(7));
    }

    @Override
    protected OutboxStore newStoreWithMaxLedger(int maxLedger) {
        return new InMemoryOutboxStore(100_000, 10_000, Duration.ofDays(7), maxLedger, Duration.ofDays(90));
    }

    @Override
    protected OutboxStore newStore(int maxContexts) {
        return new InMemoryOutboxStore(100_000, maxContexts, Duration.ofDays(7));
    }

    @Test
    void finishedRowsDroppedWhenTheStoreIsFullAreRememberedWithinTheLedgersBound() {
        InMemoryOutboxStore small = new InMemoryOutboxStore(3, 10, Duration.ofDays(7), 2, Duration.ofDays(90));
        for (long id = 1; id <= 6; id++) {
            small.add(row(id, T0));
            small.update(small.get(id).orElseThrow().with(OutboxRow.Status.SENT, T0.plusSeconds(id)));
        }

        assertThat(small.size()).isEqualTo(3);
        assertThat(small.ledgerSize()).as("rows 1 to 3, dropped for the row limit: the latest two").isEqualTo(2);
        assertThat(small.add(row(3, T0))).isFalse();
        assertThat(small.add(row(2, T0))).isFalse();
        assertThat(small.add(row(1, T0))).as("beyond the ledger's bound").isTrue();
        assertThat(small.withNamespace("webhooks").ledgerSize()).as("each namespace its own").isZero();
    }

    @Test
    void aLedgerBoundThatIsNotPositiveOrARetentionShorterThanTheRowsIsRefused() {
        assertThatThrownBy(() -> new InMemoryOutboxStore(10, 10, Duration.ofDays(7), 0, Duration.ofDays(90)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxLedger");
        assertThatThrownBy(() -> new InMemoryOutboxStore(10, 10, Duration.ofDays(7), 10, Duration.ofDays(6)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ledgerRetention");
        assertThat(new InMemoryOutboxStore(10, 10, Duration.ofDays(120)).add(row(1, T0)))
            .as("a retention longer than the ledger's default").isTrue();
    }

    @Test
    void finishedRowsGoFirstWhenTheStoreIsFull() {
        InMemoryOutboxStore small = new InMemoryOutboxStore(3, 10, Duration.ofDays(7));
        small.add(row(1, T0));
        small.update(small.get(1).orElseThrow().with(OutboxRow.Status.SENT, T0));
        small.add(row(2, T0));
        small.add(row(3, T0));

        assertThat(small.add(row(4, T0))).isTrue();
        assertThat(small.size()).isEqualTo(3);
        assertThat(small.get(1)).isEmpty();
    }

    @Test
    void rowsWrittenOutOfIdOrderAreListedByIdAndUpToTheLimit() {
        InMemoryOutboxStore store = new InMemoryOutboxStore();
        for (long id : new long[] {70_001, 3, 512, 40, 1_000_000, 9}) {
            store.add(row(id, T0));
        }

        assertThat(store.withStatus(OutboxRow.Status.PENDING, 10)).extracting(OutboxRow::id)
            .containsExactly(3L, 9L, 40L, 512L, 70_001L, 1_000_000L);
        assertThat(store.withStatus(OutboxRow.Status.PENDING, 2)).extracting(OutboxRow::id)
            .containsExactly(3L, 9L);
    }

    @Test
    void unfinishedRowsAreNeverDroppedAndAFullStoreRefusesMore() {
        InMemoryOutboxStore small = new InMemoryOutboxStore(2, 10, Duration.ofDays(7));
        small.add(row(1, T0));
        small.add(row(2, T0));

        assertThatThrownBy(() -> small.add(row(3, T0))).isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.isTransient()).isTrue());
        assertThat(small.get(1)).isPresent();
        assertThat(small.get(2)).isPresent();
    }

    @Test
    void finishedRowsOlderThanTheRetentionAreDropped() {
        InMemoryOutboxStore store = new InMemoryOutboxStore(100, 10, Duration.ofDays(1));
        store.add(row(1, T0));
        store.update(store.get(1).orElseThrow().with(OutboxRow.Status.DEAD, T0));

        store.add(new OutboxRow(2, TENANT, TicketId.of("t-2"), 1, io.madoguchi.core.Channel.LINE,
            io.madoguchi.core.customer.ChannelIdentity.line("U2"), java.util.List.of("翌々日"), 0,
            ReplyContext.none(T0), OutboxRow.Status.PENDING, 0, 0, T0, null, T0.plus(Duration.ofDays(2)), 1));

        assertThat(store.get(1)).isEmpty();
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void replyContextsAreBoundedByCountAndAge() {
        InMemoryOutboxStore store = new InMemoryOutboxStore(100, 2, Duration.ofHours(1));
        keepAndResolve(store, "a", new ReplyContext(Map.of(), "ta", T0));
        keepAndResolve(store, "b", new ReplyContext(Map.of(), "tb", T0));
        keepAndResolve(store, "c", new ReplyContext(Map.of(), "tc", T0));

        assertThat(store.contextCount()).isEqualTo(2);
        assertThat(store.takeContext(TENANT, TicketId.of("a"))).isEmpty();

        keepAndResolve(store, "d", new ReplyContext(Map.of(), "td", T0.plusSeconds(7_200)));
        assertThat(store.contextCount()).isEqualTo(1);
        assertThat(store.takeContext(TENANT, TicketId.of("d"))).isPresent();
    }

    @Test
    void unresolvedContextsCountTowardsTheBoundAndGoFirstWhenOld() {
        InMemoryOutboxStore store = new InMemoryOutboxStore(100, 3, Duration.ofHours(1));
        for (int i = 1; i <= 3; i++) {
            store.keepContext(TENANT, Channel.LINE, "orphan-" + i, ChannelIdentity.line("U" + i),
                new ReplyContext(Map.of(), "t" + i, T0));
        }
        keepAndResolve(store, "a", new ReplyContext(Map.of(), "ta", T0));

        assertThat(store.contextCount()).isEqualTo(3);
        assertThat(store.unresolvedContexts(TENANT, Channel.LINE, ChannelIdentity.line("U1"), 5))
            .as("the least recently used went").isEmpty();

        keepAndResolve(store, "b", new ReplyContext(Map.of(), "tb", T0.plusSeconds(7_200)));
        assertThat(store.contextCount()).as("the orphans aged out").isEqualTo(1);
        assertThat(store.unresolvedContexts(TENANT, Channel.LINE, ChannelIdentity.line("U2"), 5)).isEmpty();
    }

    @Test
    void aTenantFullOfUnfinishedRowsIsRefusedWhileAnotherTenantStillAdds() {
        InMemoryOutboxStore small = new InMemoryOutboxStore(2, 10, Duration.ofDays(7));
        small.add(row(1, T0)); // the tenant's endpoint is down: its rows stay pending
        small.add(row(2, T0));

        assertThat(small.add(rowOf(OTHER, 3))).as("the other tenant's reply").isTrue();
        assertThatThrownBy(() -> small.add(row(4, T0))).isInstanceOfSatisfying(StoreException.class, e -> {
            assertThat(e.isTransient()).isTrue();
            assertThat(e.getMessage()).as("names the tenant").contains("'shop-a'").contains(" 2 unfinished rows");
        });
        assertThat(small.add(rowOf(OTHER, 5))).isTrue();
        assertThatThrownBy(() -> small.add(rowOf(OTHER, 6))).as("the other tenant's own limit")
            .isInstanceOfSatisfying(StoreException.class, e -> {
                assertThat(e.isTransient()).isTrue();
                assertThat(e.getMessage()).contains("'和菓子の店'").doesNotContain("shop-a");
            });

        assertThat(small.size()).isEqualTo(4);
        assertThat(small.get(1)).isPresent();
        assertThat(small.get(2)).isPresent();
        assertThat(small.get(4)).isEmpty();
        assertThat(small.get(3).orElseThrow().parts()).containsExactly("本日発送いたしました。");
    }

    @Test
    void finishedRowsAreTrimmedPerTenant() {
        InMemoryOutboxStore small = new InMemoryOutboxStore(2, 10, Duration.ofDays(7));
        small.add(row(1, T0));
        small.update(small.get(1).orElseThrow().with(OutboxRow.Status.SENT, T0));
        small.add(row(2, T0));
        small.add(rowOf(OTHER, 3));
        small.update(small.get(3).orElseThrow().with(OutboxRow.Status.SENT, T0.minusSeconds(60)));
        small.add(rowOf(OTHER, 4));

        assertThat(small.get(1)).as("the other tenant's rows leave this tenant's finished row").isPresent();

        assertThat(small.add(row(5, T0))).isTrue();
        assertThat(small.get(1)).as("this tenant's own finished row made room").isEmpty();
        assertThat(small.get(3)).as("the other tenant's older finished row stays").isPresent();
        assertThat(small.size()).isEqualTo(4);
    }

    @Test
    void oneTenantsFloodOfReplyContextsEvictsOnlyItsOwn() {
        InMemoryOutboxStore store = new InMemoryOutboxStore(100, 2, Duration.ofHours(1));
        store.keepContext(OTHER, Channel.LINE, "m-b", ChannelIdentity.line("Ub"),
            new ReplyContext(Map.of("line.to", "Ub"), "tb", T0));
        store.resolveContext(OTHER, Channel.LINE, "m-b", TicketId.of("b"), 1);
        for (int i = 1; i <= 5; i++) {
            store.keepContext(TENANT, Channel.LINE, "flood-" + i, ChannelIdentity.line("U" + i),
                new ReplyContext(Map.of(), "t" + i, T0.plusSeconds(i)));
        }

        assertThat(store.takeContext(OTHER, TicketId.of("b"))).as("the other tenant's context")
            .map(ReplyContext::replyToken).contains("tb");
        assertThat(store.contextCount()).isEqualTo(3);
        assertThat(store.unresolvedContexts(TENANT, Channel.LINE, ChannelIdentity.line("U3"), 5)).isEmpty();
        assertThat(store.unresolvedContexts(TENANT, Channel.LINE, ChannelIdentity.line("U4"), 5))
            .containsExactly("flood-4");
        assertThat(store.unresolvedContexts(TENANT, Channel.LINE, ChannelIdentity.line("U5"), 5))
            .containsExactly("flood-5");
    }

    @Test
    void everyTenantsContextsAgeOutWhicheverTenantKeepsOne() {
        InMemoryOutboxStore store = new InMemoryOutboxStore(100, 10, Duration.ofHours(1));
        store.keepContext(OTHER, Channel.LINE, "m-b", ChannelIdentity.line("Ub"), new ReplyContext(Map.of(), "tb", T0));
        store.resolveContext(OTHER, Channel.LINE, "m-b", TicketId.of("b"), 1);
        store.keepContext(OTHER, Channel.LINE, "m-c", ChannelIdentity.line("Uc"), new ReplyContext(Map.of(), "tc", T0));
        keepAndResolve(store, "a", new ReplyContext(Map.of(), "ta", T0.plusSeconds(7_200)));

        assertThat(store.contextCount()).isEqualTo(1);
        assertThat(store.takeContext(OTHER, TicketId.of("b"))).isEmpty();
        assertThat(store.unresolvedContexts(OTHER, Channel.LINE, ChannelIdentity.line("Uc"), 5)).isEmpty();
        assertThat(store.takeContext(TENANT, TicketId.of("a"))).map(ReplyContext::replyToken).contains("ta");
    }

    @Test
    void aRowUpdatedIntoAnotherTenantCountsTowardsThatTenant() {
        InMemoryOutboxStore small = new InMemoryOutboxStore(1, 10, Duration.ofDays(7));
        small.add(row(1, T0));
        OutboxRow moved = rowOf(OTHER, 1);
        small.update(new OutboxRow(1, OTHER, moved.ticketId(), 1, Channel.LINE, moved.recipient(), moved.parts(), 0,
            moved.context(), OutboxRow.Status.SENT, 0, 1, T0, null, T0, 1));

        assertThat(small.add(row(2, T0))).as("the row no longer counts for the tenant").isTrue();
        assertThat(small.add(rowOf(OTHER, 3))).as("the other tenant's finished row made room").isTrue();
        assertThat(small.get(1)).isEmpty();
        assertThat(small.size()).isEqualTo(2);
    }

    private static OutboxRow rowOf(TenantId tenant, long id) {
        return new OutboxRow(id, tenant, TicketId.of("t-" + id), 1, Channel.LINE, ChannelIdentity.line("U" + id),
            List.of("本日発送いたしました。"), 0, ReplyContext.none(T0), OutboxRow.Status.PENDING, 0, 0, T0, null, T0, 1);
    }

    private static void keepAndResolve(InMemoryOutboxStore store, String ticket, ReplyContext context) {
        store.keepContext(TENANT, Channel.LINE, "m-" + ticket, ChannelIdentity.line("U" + ticket), context);
        store.resolveContext(TENANT, Channel.LINE, "m-" + ticket, TicketId.of(ticket), 1);
    }
}
