package io.madoguchi.channels.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.channels.ReplyContext;
import io.madoguchi.core.Channel;
import io.madoguchi.core.ConflictException;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.customer.ChannelIdentity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link OutboxStore} must have. A store proves itself by extending this class and implementing
 * {@link #newStore()}; it ships in the support-channels test-jar.
 */
public abstract class OutboxStoreContract {

    /** The tenant rows are written for. */
    protected static final TenantId TENANT = TenantId.of("shop-a");
    /** The time rows are written at. */
    protected static final Instant T0 = Instant.parse("2026-11-30T01:00:00.123456789Z");

    /** The store under test. */
    protected OutboxStore store;

    /** @return a new, empty store */
    protected abstract OutboxStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    /**
     * @param id the row id
     * @param due when it is due
     * @return a pending row with Japanese parts
     */
    protected static OutboxRow row(long id, Instant due) {
        return new OutboxRow(id, TENANT, TicketId.of("t-" + id), 2, Channel.LINE, ChannelIdentity.line("U" + id),
            List.of("お待たせしました。", "続きです。"), 0,
            new ReplyContext(Map.of("line.to", "U" + id), "token-" + id, T0), OutboxRow.Status.PENDING, 0, 0, due,
            null, T0, 1);
    }

    @Test
    void aRowIsWrittenOnceForItsId() {
        assertThat(store.add(row(7, T0))).isTrue();
        assertThat(store.add(row(7, T0.plusSeconds(60)))).isFalse();

        OutboxRow stored = store.get(7).orElseThrow();
        assertThat(stored.nextAttemptAt()).isEqualTo(T0.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        assertThat(stored.parts()).containsExactly("お待たせしました。", "続きです。");
        assertThat(stored.context().replyToken()).isEqualTo("token-7");
        assertThat(stored.version()).isEqualTo(1);
    }

    @Test
    void anUpdateFromAStaleVersionIsRefusedAndChangesNothing() {
        store.add(row(1, T0));
        OutboxRow read = store.get(1).orElseThrow();
        OutboxRow sending = store.update(read.with(OutboxRow.Status.SENDING, T0.plusSeconds(300)));

        assertThat(sending.version()).isEqualTo(2);
        assertThatThrownBy(() -> store.update(read.with(OutboxRow.Status.DEAD, T0)))
            .isInstanceOf(ConflictException.class);
        assertThat(store.get(1).orElseThrow().status()).isEqualTo(OutboxRow.Status.SENDING);
    }

    @Test
    void dueRowsArePendingOnesWhoseTimeCameAndSendingOnesWhoseLeaseRanOut() {
        store.add(row(1, T0));
        store.add(row(2, T0.plusSeconds(60)));
        store.add(row(3, T0));
        store.update(store.get(3).orElseThrow().with(OutboxRow.Status.SENDING, T0.plusSeconds(300)));
        store.add(row(4, T0));
        store.update(store.get(4).orElseThrow().with(OutboxRow.Status.SENT, T0));

        assertThat(store.due(T0, 10)).extracting(OutboxRow::id).containsExactly(1L);
        assertThat(store.due(T0.plusSeconds(300), 10)).extracting(OutboxRow::id).containsExactly(1L, 2L, 3L);
        assertThat(store.due(T0.plusSeconds(300), 2)).hasSize(2);
    }

    @Test
    void aClaimLeasesEachDueRowToOneCallerUntilTheLeaseEnds() {
        store.add(row(1, T0));
        store.add(row(2, T0.plusSeconds(60)));
        store.add(row(3, T0));
        OutboxRow before = store.get(1).orElseThrow();

        List<OutboxRow> claimed = store.claimDue(T0, T0.plusSeconds(300), 10);

        assertThat(claimed).extracting(OutboxRow::id).containsExactly(1L, 3L);
        assertThat(claimed).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(OutboxRow.Status.SENDING);
            assertThat(r.version()).isEqualTo(2);
            assertThat(store.get(r.id()).orElseThrow()).isEqualTo(r);
        });
        assertThat(store.claimDue(T0.plusSeconds(60), T0.plusSeconds(360), 10)).extracting(OutboxRow::id)
            .as("held rows are skipped; row 2 has come due").containsExactly(2L);
        assertThatThrownBy(() -> store.update(before.with(OutboxRow.Status.DEAD, T0)))
            .as("a sender that read the row before the claim cannot write it").isInstanceOf(ConflictException.class);
        assertThat(store.claimDue(T0.plusSeconds(300), T0.plusSeconds(600), 1)).extracting(OutboxRow::id)
            .as("a lease that ran out is claimed again").containsExactly(1L);
    }

    @Test
    void concurrentClaimersTakeEachDueRowOnce() throws Exception {
        int rows = 120;
        for (int i = 1; i <= rows; i++) {
            store.add(row(i, T0));
        }
        int threads = 4;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        try {
            List<java.util.concurrent.Future<List<Long>>> results = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    go.await();
                    List<Long> mine = new java.util.ArrayList<>();
                    List<OutboxRow> batch;
                    do {
                        batch = store.claimDue(T0, T0.plusSeconds(300), 7);
                        batch.forEach(r -> mine.add(r.id()));
                    } while (!batch.isEmpty());
                    return mine;
                }));
            }
            go.countDown();
            List<Long> all = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<List<Long>> f : results) {
                all.addAll(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertThat(all).hasSize(rows).doesNotHaveDuplicates();
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.due(T0, rows)).isEmpty();
    }

    @Test
    void rowsAreListedByStatus() {
        store.add(row(1, T0));
        store.add(row(2, T0));
        store.update(store.get(2).orElseThrow().with(OutboxRow.Status.DEAD, T0));

        assertThat(store.withStatus(OutboxRow.Status.DEAD, 10)).extracting(OutboxRow::id).containsExactly(2L);
        assertThat(store.withStatus(OutboxRow.Status.PENDING, 10)).extracting(OutboxRow::id).containsExactly(1L);
    }

    @Test
    void aReplyTokenIsTakenOnceAndTheHintsStay() {
        TicketId ticket = TicketId.of("t-9");
        store.rememberContext(TENANT, ticket, new ReplyContext(Map.of("slack.thread", "1700000000.000100"),
            "token-9", T0));

        ReplyContext first = store.takeContext(TENANT, ticket).orElseThrow();
        ReplyContext second = store.takeContext(TENANT, ticket).orElseThrow();

        assertThat(first.replyToken()).isEqualTo("token-9");
        assertThat(second.replyToken()).isNull();
        assertThat(second.hint("slack.thread")).isEqualTo("1700000000.000100");
        assertThat(store.takeContext(TenantId.of("shop-b"), ticket)).isEmpty();
    }
}
