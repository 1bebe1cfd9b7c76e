package io.madoguchi.channels.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.madoguchi.channels.ReplyContext;
import io.madoguchi.core.Channel;
import io.madoguchi.core.ConflictException;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.IdentityKind;
import io.madoguchi.core.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
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

    /** The hint of a webhook row's context that names its event ({@code WebhookDelivery.HINT_MESSAGE_ID}). */
    protected static final String WEBHOOK_ID = OutboxStore.DELIVERY_KEY_HINT;

    /** The store under test. */
    protected OutboxStore store;

    /** @return a new, empty store */
    protected abstract OutboxStore newStore();

    /**
     * @param maxContexts the most reply contexts the store keeps per tenant
     * @return a new, empty store with that bound, its other bounds as {@link #newStore()}'s
     */
    protected abstract OutboxStore newStore(int maxContexts);

    /**
     * @param maxRows the most unfinished rows the store keeps per tenant
     * @return a new, empty store with that bound, its other bounds as {@link #newStore()}'s
     */
    protected abstract OutboxStore newStoreWithMaxRows(int maxRows);

    /**
     * @param maxLedger the most dropped finished rows the store remembers per tenant
     * @return a new, empty store with that bound, its other bounds as {@link #newStore()}'s, or null if the store
     *     keeps no ledger of finished rows (the test of its bound is then skipped)
     */
    protected @Nullable OutboxStore newStoreWithMaxLedger(int maxLedger) {
        return null;
    }

    /**
     * @param of a store made by this class
     * @param namespace a namespace
     * @return the store of that namespace's rows in the same store or table ({@code withNamespace}), or null if the
     *     store has no namespaces (the namespace tests are then skipped)
     */
    protected @Nullable OutboxStore inNamespace(OutboxStore of, String namespace) {
        return null;
    }

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
    void rowsInARangeOfIdsAreReadByIdUpToTheLimit() {
        for (long id : new long[] {255, 256, 300, 511, 512}) {
            store.add(row(id, T0));
        }
        store.update(store.get(300).orElseThrow().with(OutboxRow.Status.SENT, T0));

        assertThat(store.between(256, 511, 256)).extracting(OutboxRow::id).containsExactly(256L, 300L, 511L);
        assertThat(store.between(256, 511, 256).get(1)).satisfies(r -> {
            assertThat(r.status()).isEqualTo(OutboxRow.Status.SENT);
            assertThat(r.version()).isEqualTo(2);
            assertThat(r.recipient()).isEqualTo(ChannelIdentity.line("U300"));
        });
        assertThat(store.between(256, 511, 2)).extracting(OutboxRow::id).containsExactly(256L, 300L);
        assertThat(store.between(0, 10_000, 10)).extracting(OutboxRow::id)
            .containsExactly(255L, 256L, 300L, 511L, 512L);
        assertThat(store.between(257, 299, 10)).isEmpty();
        assertThat(store.between(511, 256, 10)).isEmpty();
        assertThatThrownBy(() -> store.between(0, 10, 0)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("max");
    }

    /**
     * @param id the row id
     * @param tenant the tenant
     * @param endpoint the endpoint's id
     * @param messageId the event's webhook message id
     * @return a pending webhook row for that event and endpoint, as the webhook publisher writes it
     */
    protected static OutboxRow webhookRow(long id, TenantId tenant, String endpoint, String messageId) {
        return new OutboxRow(id, tenant, TicketId.of("t-1"), 0, Channel.WEBHOOK,
            new ChannelIdentity(IdentityKind.EXTERNAL, endpoint), List.of("{\"type\":\"desk.TicketCreated\"}"), 0,
            new ReplyContext(Map.of(WEBHOOK_ID, messageId), null, T0), OutboxRow.Status.PENDING, 0, 0, T0, null, T0,
            1);
    }

    @Test
    void aSecondRowForOneEventAndEndpointIsNotWrittenAtAnotherId() {
        assertThat(store.add(webhookRow(256, TENANT, "crm-1", "msg_a"))).isTrue();

        assertThat(store.add(webhookRow(257, TENANT, "crm-1", "msg_a"))).as("same event and endpoint").isFalse();
        assertThat(store.get(257)).isEmpty();
        assertThat(store.add(webhookRow(258, TENANT, "crm-2", "msg_a"))).as("another endpoint").isTrue();
        assertThat(store.add(webhookRow(512, TENANT, "crm-1", "msg_b"))).as("another event").isTrue();
        assertThat(store.add(webhookRow(259, TenantId.of("和菓子の店"), "crm-1", "msg_a"))).as("another tenant")
            .isTrue();
        OutboxRow sameRecipient = row(1, T0);
        assertThat(store.add(sameRecipient)).isTrue();
        assertThat(store.add(new OutboxRow(2, TENANT, sameRecipient.ticketId(), 3, Channel.LINE,
            sameRecipient.recipient(), List.of("続報です。"), 0, sameRecipient.context(), OutboxRow.Status.PENDING, 0,
            0, T0, null, T0, 1))).as("a row without a webhook id: one per id only").isTrue();
        assertThat(store.between(256, 511, 256)).extracting(OutboxRow::id, r -> r.recipient().value())
            .containsExactly(tuple(256L, "crm-1"), tuple(258L, "crm-2"), tuple(259L, "crm-1"));
    }

    @Test
    void aRowAtAnIdHeldByARowOfAnotherChannelIsRefusedLoudlyNotTakenAsRedelivered() {
        // the webhook publisher numbers rows per event x 256 + place; a channel outbox row's id is its event's position
        assertThat(store.add(webhookRow(512, TENANT, "crm-1", "msg_a"))).isTrue();

        assertThatThrownBy(() -> store.add(row(512, T0))).as("a reply at the webhook row's id")
            .isInstanceOfSatisfying(StoreException.class, e -> {
                assertThat(e.isTransient()).as("a retry meets the same row").isFalse();
                assertThat(e.getMessage()).contains("512", "'webhook'", "'line'");
            });
        assertThat(store.get(512).orElseThrow().channel()).as("nothing written on refusal").isEqualTo(Channel.WEBHOOK);

        assertThat(store.add(row(7, T0))).isTrue();
        assertThatThrownBy(() -> store.add(webhookRow(7, TENANT, "crm-1", "msg_b"))).as("a webhook row at a reply's id")
            .isInstanceOfSatisfying(StoreException.class, e -> {
                assertThat(e.isTransient()).isFalse();
                assertThat(e.getMessage()).contains("7", "'line'", "'webhook'");
            });
        assertThat(store.get(7).orElseThrow().recipient()).isEqualTo(ChannelIdentity.line("U7"));

        assertThat(store.add(row(7, T0.plusSeconds(60)))).as("a redelivered reply").isFalse();
        assertThat(store.add(webhookRow(512, TENANT, "crm-2", "msg_a")))
            .as("the publisher's own row of another endpoint at the id: it chooses another id").isFalse();
        assertThat(store.add(webhookRow(512, TENANT, "crm-1", "msg_a"))).as("a redelivered webhook row").isFalse();
    }

    /** Past the default retention of finished rows (7 days), within that of the ledger of finished ones (90). */
    protected static final Instant PRUNED = T0.plus(Duration.ofDays(8));

    /**
     * @param row a row
     * @param at when it is written and due
     * @return the row written at that instant, as a redelivery of its event then writes it
     */
    protected static OutboxRow writtenAt(OutboxRow row, Instant at) {
        return new OutboxRow(row.id(), row.tenantId(), row.ticketId(), row.messageSeq(), row.channel(),
            row.recipient(), row.parts(), 0, new ReplyContext(row.context().hints(), row.context().replyToken(), at),
            OutboxRow.Status.PENDING, 0, 0, at, null, at, 1);
    }

    /** Writes a row and finishes it at {@link #T0} with the status. */
    private static void finish(OutboxStore in, OutboxRow row, OutboxRow.Status status) {
        assertThat(in.add(row)).isTrue();
        in.update(in.get(row.id()).orElseThrow().with(status, T0));
    }

    @Test
    void aFinishedRowAddedAgainAfterItWasPrunedIsNotWrittenAgain() {
        finish(store, row(7, T0), OutboxRow.Status.SENT);
        finish(store, row(9, T0), OutboxRow.Status.DEAD);

        assertThat(store.add(writtenAt(row(8, T0), PRUNED))).as("a later row, whose add prunes the finished ones")
            .isTrue();
        assertThat(store.get(7)).as("pruned after the retention").isEmpty();
        assertThat(store.get(9)).as("pruned after the retention").isEmpty();

        assertThat(store.add(writtenAt(row(7, T0), PRUNED))).as("the sent row's event redelivered").isFalse();
        assertThat(store.add(writtenAt(row(9, T0), PRUNED))).as("the dead row's event redelivered").isFalse();
        assertThat(store.get(7)).isEmpty();
        assertThat(store.get(9)).isEmpty();
        assertThat(store.due(PRUNED.plusSeconds(60), 10)).extracting(OutboxRow::id).as("nothing to send again")
            .containsExactly(8L);
        assertThat(store.claimDue(PRUNED.plusSeconds(60), PRUNED.plusSeconds(90), 10)).extracting(OutboxRow::id)
            .containsExactly(8L);
        assertThatThrownBy(() -> store.add(writtenAt(webhookRow(7, TENANT, "crm-1", "msg_a"), PRUNED)))
            .as("another channel at a pruned reply's id: the namespaces are mixed up")
            .isInstanceOfSatisfying(StoreException.class, e -> {
                assertThat(e.isTransient()).isFalse();
                assertThat(e.getMessage()).contains("7", "'line'", "'webhook'");
            });

        OutboxStore webhooks = inNamespace(store, "webhooks");
        if (webhooks != null) {
            assertThat(webhooks.add(writtenAt(webhookRow(7, TENANT, "crm-1", "msg_a"), PRUNED)))
                .as("the id in another namespace").isTrue();
        }
    }

    @Test
    void aFinishedWebhookRowAddedAgainAfterItWasPrunedIsNotWrittenAgainAtAnyId() {
        finish(store, webhookRow(256, TENANT, "crm-1", "msg_a"), OutboxRow.Status.SENT);
        finish(store, webhookRow(257, TENANT, "crm-2", "msg_a"), OutboxRow.Status.DEAD);

        assertThat(store.add(writtenAt(row(1, T0), PRUNED))).isTrue();
        assertThat(store.between(256, 511, 256)).as("pruned after the retention").isEmpty();

        assertThat(store.add(writtenAt(webhookRow(258, TENANT, "crm-1", "msg_a"), PRUNED)))
            .as("the sent event and endpoint at another id").isFalse();
        assertThat(store.add(writtenAt(webhookRow(300, TENANT, "crm-2", "msg_a"), PRUNED)))
            .as("the dead event and endpoint at another id").isFalse();
        assertThat(store.add(writtenAt(webhookRow(256, TENANT, "crm-1", "msg_a"), PRUNED)))
            .as("the sent row at its id").isFalse();
        assertThat(store.between(256, 511, 256)).isEmpty();
        assertThat(store.due(PRUNED.plusSeconds(60), 10)).extracting(OutboxRow::id).containsExactly(1L);

        assertThat(store.add(writtenAt(webhookRow(259, TENANT, "crm-3", "msg_a"), PRUNED)))
            .as("another endpoint of the event").isTrue();
        assertThat(store.add(writtenAt(webhookRow(512, TENANT, "crm-1", "msg_b"), PRUNED)))
            .as("another event to the endpoint").isTrue();
        assertThat(store.add(writtenAt(webhookRow(260, TenantId.of("和菓子の店"), "crm-1", "msg_a"), PRUNED)))
            .as("another tenant's endpoint").isTrue();
        assertThat(store.due(PRUNED.plusSeconds(60), 10)).extracting(OutboxRow::id)
            .containsExactly(1L, 259L, 260L, 512L);
    }

    @Test
    void aDroppedFinishedRowIsToldApartFromARowNeverWrittenAndFromAnotherEndpointsAtItsId() {
        finish(store, row(7, T0), OutboxRow.Status.SENT);
        finish(store, webhookRow(256, TENANT, "crm-1", "msg_a"), OutboxRow.Status.DEAD);
        assertThat(store.finishedBefore(writtenAt(row(7, T0), PRUNED))).as("held, not dropped yet").isFalse();

        store.add(writtenAt(row(8, T0), PRUNED));

        assertThat(store.finishedBefore(writtenAt(row(7, T0), PRUNED))).as("dropped").isTrue();
        assertThat(store.finishedBefore(writtenAt(webhookRow(300, TENANT, "crm-1", "msg_a"), PRUNED)))
            .as("the event and endpoint, at any id").isTrue();
        assertThat(store.finishedBefore(writtenAt(webhookRow(256, TENANT, "crm-2", "msg_a"), PRUNED)))
            .as("another endpoint at the dropped row's id").isFalse();
        assertThat(store.add(writtenAt(webhookRow(256, TENANT, "crm-2", "msg_a"), PRUNED)))
            .as("the id is taken all the same").isFalse();
        assertThat(store.finishedBefore(writtenAt(row(8, T0), PRUNED))).as("held, unfinished").isFalse();
        assertThat(store.finishedBefore(writtenAt(row(9, T0), PRUNED))).as("never written").isFalse();
        OutboxStore webhooks = inNamespace(store, "webhooks");
        if (webhooks != null) {
            assertThat(webhooks.finishedBefore(writtenAt(webhookRow(256, TENANT, "crm-1", "msg_a"), PRUNED)))
                .as("another namespace").isFalse();
        }
    }

    @Test
    void theLedgerOfDroppedFinishedRowsKeepsEachTenantsLatestUpToItsBoundAndForgetsThemAfterItsRetention() {
        OutboxStore small = newStoreWithMaxLedger(2);
        assumeTrue(small != null, "the store keeps no ledger");
        finish(small, rowOf(OTHER_TENANT, 4), OutboxRow.Status.DEAD); // the earliest finished of all
        for (long id = 1; id <= 3; id++) {
            assertThat(small.add(row(id, T0))).isTrue();
            small.update(small.get(id).orElseThrow().with(OutboxRow.Status.SENT, T0.plusSeconds(id)));
        }

        assertThat(small.add(writtenAt(row(10, T0), PRUNED))).isTrue(); // drops the four finished rows

        assertThat(small.add(writtenAt(row(3, T0), PRUNED))).as("the tenant's latest finished").isFalse();
        assertThat(small.add(writtenAt(row(2, T0), PRUNED))).as("the tenant's second latest").isFalse();
        assertThat(small.add(writtenAt(rowOf(OTHER_TENANT, 4), PRUNED)))
            .as("another tenant's, earlier than all, is not evicted by this tenant's").isFalse();
        assertThat(small.add(writtenAt(row(1, T0), PRUNED)))
            .as("beyond the tenant's bound: forgotten, so written (and sent) again").isTrue();

        Instant later = T0.plus(Duration.ofDays(91));
        assertThat(small.add(writtenAt(row(11, T0), later))).isTrue();
        assertThat(small.add(writtenAt(row(3, T0), later))).as("past the ledger's 90 days: forgotten").isTrue();
        assertThat(small.add(writtenAt(rowOf(OTHER_TENANT, 4), later))).isTrue();
        assertThat(small.due(later, 10)).extracting(OutboxRow::id).containsExactly(1L, 10L, 3L, 4L, 11L);
    }

    @Test
    void rowsOfTwoNamespacesAtOneIdAreBothWrittenAndEachNamespaceReadsClaimsAndUpdatesOnlyItsOwn() {
        OutboxStore webhooks = inNamespace(store, "webhooks");
        assumeTrue(webhooks != null, "the store has no namespaces");

        assertThat(store.add(row(512, T0))).isTrue();
        assertThat(webhooks.add(webhookRow(512, TENANT, "crm-1", "msg_a"))).as("the same id in another namespace")
            .isTrue();
        assertThat(webhooks.add(webhookRow(513, TENANT, "crm-2", "msg_a"))).isTrue();
        assertThat(store.add(webhookRow(768, TENANT, "crm-1", "msg_a")))
            .as("the same delivery key in another namespace").isTrue();

        assertThat(store.get(512).orElseThrow().channel()).isEqualTo(Channel.LINE);
        assertThat(webhooks.get(512).orElseThrow().channel()).isEqualTo(Channel.WEBHOOK);
        assertThat(store.between(0, 1_000, 10)).extracting(OutboxRow::id).containsExactly(512L, 768L);
        assertThat(webhooks.between(0, 1_000, 10)).extracting(OutboxRow::id).containsExactly(512L, 513L);
        assertThat(store.add(row(512, T0.plusSeconds(60)))).as("a redelivered reply").isFalse();
        assertThat(webhooks.add(webhookRow(512, TENANT, "crm-1", "msg_a"))).as("a redelivered webhook row").isFalse();
        assertThatThrownBy(() -> webhooks.add(row(513, T0))).as("another channel at an id of the namespace")
            .isInstanceOfSatisfying(StoreException.class, e -> {
                assertThat(e.isTransient()).isFalse();
                assertThat(e.getMessage()).contains("513", "'webhook'", "'line'", "'webhooks'");
            });

        List<OutboxRow> claimed = webhooks.claimDue(T0, T0.plusSeconds(30), 10);
        assertThat(claimed).extracting(OutboxRow::id).containsExactly(512L, 513L);
        assertThat(claimed).extracting(OutboxRow::channel).containsOnly(Channel.WEBHOOK);
        assertThat(store.due(T0, 10)).extracting(OutboxRow::id).as("the other namespace's claims take none")
            .containsExactly(512L, 768L);
        webhooks.update(webhooks.get(512).orElseThrow().with(OutboxRow.Status.SENT, T0));
        assertThat(store.get(512).orElseThrow()).satisfies(r -> {
            assertThat(r.status()).isEqualTo(OutboxRow.Status.PENDING);
            assertThat(r.version()).isEqualTo(1);
        });
        OutboxRow sent = store.update(store.get(512).orElseThrow().with(OutboxRow.Status.SENT, T0));
        assertThat(sent.version()).isEqualTo(2);
        assertThat(store.withStatus(OutboxRow.Status.SENT, 10)).extracting(OutboxRow::channel)
            .containsExactly(Channel.LINE);
        assertThat(webhooks.withStatus(OutboxRow.Status.SENT, 10)).extracting(OutboxRow::channel)
            .containsExactly(Channel.WEBHOOK);
        assertThat(inNamespace(store, "webhooks").get(513)).as("the namespace's store, asked for again")
            .hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(OutboxRow.Status.SENDING));
    }

    @Test
    void eachNamespaceBoundsItsTenantsUnfinishedRowsOnItsOwn() {
        OutboxStore small = newStoreWithMaxRows(1);
        OutboxStore webhooks = inNamespace(small, "webhooks");
        assumeTrue(webhooks != null, "the store has no namespaces");

        assertThat(small.add(row(1, T0))).isTrue();
        assertThat(webhooks.add(webhookRow(256, TENANT, "crm-1", "msg_a"))).as("the other namespace's bound")
            .isTrue();
        assertThatThrownBy(() -> small.add(row(2, T0))).isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.isTransient()).isTrue());
        assertThatThrownBy(() -> webhooks.add(webhookRow(512, TENANT, "crm-1", "msg_b")))
            .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.isTransient()).isTrue());
    }

    @Test
    void concurrentWritersOfTwoChannelsAtOneIdWriteOneRowAndTheOtherChannelsWritersAllFail() throws Exception {
        int writers = 16;
        int ids = 8;
        List<List<String>> outcomes = new ArrayList<>();
        for (int i = 0; i < ids; i++) {
            outcomes.add(java.util.Collections.synchronizedList(new ArrayList<>()));
        }
        race(writers, writer -> {
            for (int i = 0; i < ids; i++) {
                long id = 1024L + i;
                OutboxRow r = writer % 2 == 0 ? row(id, T0) : webhookRow(id, TENANT, "crm-" + writer, "m" + i);
                String channel = r.channel().name();
                try {
                    outcomes.get(i).add(channel + (store.add(r) ? " written" : " found"));
                } catch (StoreException e) {
                    assertThat(e.isTransient()).isFalse();
                    outcomes.get(i).add(channel + " refused");
                }
            }
        });

        for (int i = 0; i < ids; i++) {
            String stored = store.get(1024L + i).orElseThrow().channel().name();
            String other = stored.equals("line") ? "webhook" : "line";
            assertThat(outcomes.get(i)).as("id %d, held by %s", 1024 + i, stored)
                .containsOnlyOnce(stored + " written")
                .containsOnly(stored + " written", stored + " found", other + " refused")
                .filteredOn(o -> o.startsWith(other)).hasSize(writers / 2);
        }
    }

    @Test
    void concurrentWritersWithTheEndpointsInOtherOrdersLeaveOneRowPerEventAndEndpoint() throws Exception {
        int writers = 16;
        List<String> endpoints = List.of("crm-1", "crm-2", "crm-3", "crm-4");
        AtomicInteger written = new AtomicInteger();
        race(writers, writer -> {
            for (int k = 0; k < endpoints.size(); k++) {
                String endpoint = endpoints.get((writer + k) % endpoints.size());
                if (store.add(webhookRow(512 + writer * endpoints.size() + k, TENANT, endpoint, "msg_c"))) {
                    written.incrementAndGet();
                }
            }
        });

        assertThat(written).hasValue(endpoints.size());
        assertThat(store.between(512, 767, 256)).extracting(r -> r.recipient().value())
            .containsExactlyInAnyOrderElementsOf(endpoints);
    }

    @Test
    void aTenantAboveItsBoundKeepsItsNewestContextsAndNeverMoreThanTheBound() {
        int bound = 128;
        OutboxStore small = newStore(bound);
        List<String> kept = new ArrayList<>();
        for (int i = 1; i <= 300; i++) {
            String id = "問い合わせ-" + i;
            small.keepContext(TENANT, Channel.LINE, id, ChannelIdentity.line("U" + i),
                new ReplyContext(Map.of("line.to", "U" + i), "token-" + i, T0.plusSeconds(i)));
            kept.add(id);
            if (i == bound + 1 || i == 200 || i == 300) {
                List<String> present = new ArrayList<>();
                for (int j = 1; j <= i; j++) {
                    present.addAll(small.unresolvedContexts(TENANT, Channel.LINE, ChannelIdentity.line("U" + j), 5));
                }
                assertThat(present).as("after %d keeps", i).hasSizeLessThanOrEqualTo(bound)
                    .containsAll(kept.subList(i - (bound - bound / 64), i));
            }
        }
    }

    @Test
    void aMessageReceivedBeforeItsSendersNewestUnresolvedOnesIsKeptWithoutFailing() {
        for (int i = 1; i <= OutboxStore.UNRESOLVED_PER_SENDER; i++) {
            keep("後の問い合わせ-" + i, "token-" + i, T0.plusSeconds(i));
        }

        assertThat(keep("先の問い合わせ", "token-0", T0)).isTrue();
        assertThat(store.unresolvedContexts(TENANT, Channel.LINE, SENDER, 100))
            .hasSize(OutboxStore.UNRESOLVED_PER_SENDER);
    }

    /** A second tenant, beside {@link #TENANT}. */
    private static final TenantId OTHER_TENANT = TenantId.of("和菓子の店");

    private static OutboxRow rowOf(TenantId tenant, long id) {
        return new OutboxRow(id, tenant, TicketId.of("t-" + id), 1, Channel.LINE, ChannelIdentity.line("U" + id),
            List.of("本日発送いたしました。"), 0, ReplyContext.none(T0), OutboxRow.Status.PENDING, 0, 0, T0, null, T0, 1);
    }

    @Test
    void aTenantFullOfUnfinishedRowsIsRefusedNamingItWhileAnotherTenantStillAddsAndNothingUnfinishedIsDropped() {
        OutboxStore small = newStoreWithMaxRows(2);
        small.add(row(1, T0)); // the tenant's channel is down: its rows stay pending
        small.add(row(2, T0));

        assertThat(small.add(rowOf(OTHER_TENANT, 3))).as("the other tenant's reply").isTrue();
        assertThatThrownBy(() -> small.add(row(4, T0))).isInstanceOfSatisfying(StoreException.class, e -> {
            assertThat(e.isTransient()).isTrue();
            assertThat(e.getMessage()).isEqualTo("the outbox holds 2 unfinished rows of tenant 'shop-a', its limit");
        });
        assertThat(small.get(4)).as("nothing written on refusal").isEmpty();
        assertThat(small.add(row(2, T0))).as("a redelivered row of the full tenant is found written").isFalse();
        assertThat(small.add(rowOf(OTHER_TENANT, 5))).isTrue();
        assertThatThrownBy(() -> small.add(rowOf(OTHER_TENANT, 6))).as("the other tenant's own limit")
            .isInstanceOfSatisfying(StoreException.class, e -> {
                assertThat(e.isTransient()).isTrue();
                assertThat(e.getMessage()).contains("'和菓子の店'").doesNotContain("shop-a");
            });

        small.update(small.get(1).orElseThrow().with(OutboxRow.Status.SENT, T0));
        assertThat(small.add(row(4, T0))).as("a finished row no longer counts").isTrue();
        assertThatThrownBy(() -> small.add(row(7, T0))).isInstanceOf(StoreException.class);
        assertThat(small.get(2)).isPresent();
        assertThat(small.get(4)).isPresent();
        assertThat(small.withStatus(OutboxRow.Status.PENDING, 10)).extracting(OutboxRow::id)
            .containsExactly(2L, 3L, 4L, 5L);
    }

    @Test
    void concurrentWritersOfOneTenantStopAtItsBoundExactly() throws Exception {
        int bound = 10;
        int writers = 16;
        OutboxStore small = newStoreWithMaxRows(bound);
        AtomicInteger written = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        race(writers, writer -> {
            for (int k = 1; k <= 4; k++) {
                try {
                    if (small.add(row(writer * 4L + k, T0))) {
                        written.incrementAndGet();
                    }
                } catch (StoreException e) {
                    assertThat(e.getMessage()).contains("'shop-a'");
                    refused.incrementAndGet();
                }
            }
        });

        assertThat(written).hasValue(bound);
        assertThat(refused).hasValue(writers * 4 - bound);
        assertThat(small.withStatus(OutboxRow.Status.PENDING, 100)).hasSize(bound);
    }

    /** One writer's part of a {@link #race}. */
    @FunctionalInterface
    public interface Racer {
        /**
         * @param thread the writer's number, from 0
         * @throws Exception to fail the race
         */
        void run(int thread) throws Exception;
    }

    /**
     * Runs {@code threads} writers at once, released together by one latch, and waits up to a minute for them all;
     * a writer's failure fails the race.
     *
     * @param threads how many writers
     * @param racer what each writer does
     * @throws Exception a writer's failure, or a timeout
     */
    public static void race(int threads, Racer racer) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    racer.run(thread);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A customer on LINE. */
    protected static final ChannelIdentity SENDER = ChannelIdentity.line("U4af4980629");

    /**
     * @param id the provider message id
     * @param token its reply token
     * @param at when it came
     * @return whether it was kept now
     */
    protected boolean keep(String id, String token, Instant at) {
        return store.keepContext(TENANT, Channel.LINE, id, SENDER,
            new ReplyContext(Map.of("line.to", SENDER.value(), "message", id), token, at));
    }

    @Test
    void aReplyTokenIsTakenOnceAndTheHintsStay() {
        TicketId ticket = TicketId.of("t-9");
        store.keepContext(TENANT, Channel.SLACK, "C1/1700000000.000100", ChannelIdentity.slack("U1"),
            new ReplyContext(Map.of("slack.thread", "1700000000.000100"), "token-9", T0));
        store.resolveContext(TENANT, Channel.SLACK, "C1/1700000000.000100", ticket, 1);

        ReplyContext first = store.takeContext(TENANT, ticket).orElseThrow();
        ReplyContext second = store.takeContext(TENANT, ticket).orElseThrow();

        assertThat(first.replyToken()).isEqualTo("token-9");
        assertThat(second.replyToken()).isNull();
        assertThat(second.hint("slack.thread")).isEqualTo("1700000000.000100");
        assertThat(second.receivedAt().truncatedTo(ChronoUnit.MICROS)).isEqualTo(T0.truncatedTo(ChronoUnit.MICROS));
        assertThat(store.takeContext(TenantId.of("shop-b"), ticket)).isEmpty();
    }

    @Test
    void aContextKeptBeforeItsMessagesCommitIsFoundByItsSenderUntilResolvedToTheTicket() {
        assertThat(keep("m-1", "token-1", T0)).isTrue();

        assertThat(store.unresolvedContexts(TENANT, Channel.LINE, SENDER, 10)).containsExactly("m-1");
        assertThat(store.unresolvedContexts(TenantId.of("shop-b"), Channel.LINE, SENDER, 10)).isEmpty();
        assertThat(store.unresolvedContexts(TENANT, Channel.SLACK, SENDER, 10)).isEmpty();
        assertThat(store.unresolvedContexts(TENANT, Channel.LINE, ChannelIdentity.line("U-other"), 10)).isEmpty();
        assertThat(store.takeContext(TENANT, TicketId.of("t-1"))).as("not resolved to a ticket yet").isEmpty();

        assertThat(store.resolveContext(TENANT, Channel.LINE, "m-1", TicketId.of("t-1"), 1)).isTrue();
        assertThat(store.resolveContext(TENANT, Channel.LINE, "m-1", TicketId.of("t-2"), 4))
            .as("resolved once: a second resolver changes nothing").isFalse();
        assertThat(store.resolveContext(TENANT, Channel.LINE, "m-unknown", TicketId.of("t-1"), 2)).isFalse();

        assertThat(store.unresolvedContexts(TENANT, Channel.LINE, SENDER, 10)).isEmpty();
        assertThat(store.takeContext(TENANT, TicketId.of("t-2"))).isEmpty();
        assertThat(store.takeContext(TenantId.of("shop-b"), TicketId.of("t-1"))).isEmpty();
        ReplyContext taken = store.takeContext(TENANT, TicketId.of("t-1")).orElseThrow();
        assertThat(taken.replyToken()).isEqualTo("token-1");
        assertThat(taken.hint("line.to")).isEqualTo(SENDER.value());
    }

    @Test
    void aRedeliveredMessageNeitherResetsNorDuplicatesItsContext() {
        keep("m-1", "token-1", T0);
        store.resolveContext(TENANT, Channel.LINE, "m-1", TicketId.of("t-1"), 1);
        assertThat(store.takeContext(TENANT, TicketId.of("t-1")).orElseThrow().replyToken()).isEqualTo("token-1");

        assertThat(keep("m-1", "token-1", T0.plusSeconds(30))).isFalse();

        assertThat(store.unresolvedContexts(TENANT, Channel.LINE, SENDER, 10)).isEmpty();
        ReplyContext again = store.takeContext(TENANT, TicketId.of("t-1")).orElseThrow();
        assertThat(again.replyToken()).as("the used token is not given back").isNull();
        assertThat(again.receivedAt().truncatedTo(ChronoUnit.MICROS)).isEqualTo(T0.truncatedTo(ChronoUnit.MICROS));
    }

    @Test
    void aTicketAnswersWithItsNewestResolvedMessagesContextWhateverTheOrderOfResolving() {
        keep("m-1", "token-1", T0);
        keep("m-2", "token-2", T0.plusSeconds(1));
        keep("m-3", "token-3", T0.plusSeconds(2));
        TicketId ticket = TicketId.of("t-1");

        store.resolveContext(TENANT, Channel.LINE, "m-2", ticket, 3);
        store.resolveContext(TENANT, Channel.LINE, "m-1", ticket, 1);
        assertThat(store.takeContext(TENANT, ticket).orElseThrow().replyToken()).isEqualTo("token-2");

        store.resolveContext(TENANT, Channel.LINE, "m-3", ticket, 5);
        assertThat(store.takeContext(TENANT, ticket).orElseThrow().replyToken()).isEqualTo("token-3");
        assertThat(store.takeContext(TENANT, ticket).orElseThrow().hint("message")).isEqualTo("m-3");
    }

    @Test
    void aForgottenContextGoesOnlyWhileUnresolved() {
        keep("m-refused", "token-1", T0);
        keep("m-stored", "token-2", T0);
        store.resolveContext(TENANT, Channel.LINE, "m-stored", TicketId.of("t-1"), 1);

        store.forgetContext(TENANT, Channel.LINE, "m-refused");
        store.forgetContext(TENANT, Channel.LINE, "m-stored");

        assertThat(store.unresolvedContexts(TENANT, Channel.LINE, SENDER, 10)).isEmpty();
        assertThat(store.takeContext(TENANT, TicketId.of("t-1"))).isPresent();
    }

    @Test
    void aSenderKeepsABoundedNumberOfUnresolvedContextsNewestFirst() {
        int kept = OutboxStore.UNRESOLVED_PER_SENDER + 3;
        for (int i = 1; i <= kept; i++) {
            keep(String.format("m-%02d", i), "token-" + i, T0.plusSeconds(i));
        }
        store.keepContext(TENANT, Channel.LINE, "m-other", ChannelIdentity.line("U-other"), ReplyContext.none(T0));

        List<String> unresolved = store.unresolvedContexts(TENANT, Channel.LINE, SENDER, 100);
        assertThat(unresolved).hasSize(OutboxStore.UNRESOLVED_PER_SENDER);
        assertThat(unresolved.get(0)).isEqualTo(String.format("m-%02d", kept));
        assertThat(unresolved).doesNotContain("m-01", "m-02", "m-03");
        assertThat(store.unresolvedContexts(TENANT, Channel.LINE, SENDER, 2))
            .containsExactly(String.format("m-%02d", kept), String.format("m-%02d", kept - 1));
        assertThat(store.unresolvedContexts(TENANT, Channel.LINE, ChannelIdentity.line("U-other"), 10))
            .containsExactly("m-other");
    }

    @Test
    void contextsOlderThanTheRetentionAreDroppedResolvedOrNot() {
        keep("m-orphan", "token-1", T0);
        keep("m-stored", "token-2", T0);
        store.resolveContext(TENANT, Channel.LINE, "m-stored", TicketId.of("t-1"), 1);

        keep("m-later", "token-3", T0.plus(java.time.Duration.ofDays(8)));

        assertThat(store.unresolvedContexts(TENANT, Channel.LINE, SENDER, 10)).containsExactly("m-later");
        assertThat(store.takeContext(TENANT, TicketId.of("t-1"))).isEmpty();
    }

    @Test
    void aTenantKeepsABoundedNumberOfContextsItsLeastRecentlyUsedGoingFirstAndNoOtherTenants() {
        store = newStore(3);
        TenantId other = TenantId.of("shop-b");
        store.keepContext(other, Channel.LINE, "b-1", ChannelIdentity.line("U-b"),
            new ReplyContext(Map.of("line.to", "U-b"), "token-b", T0));
        store.resolveContext(other, Channel.LINE, "b-1", TicketId.of("t-b"), 1);
        keep("m-1", "token-1", T0.plusSeconds(1));
        store.resolveContext(TENANT, Channel.LINE, "m-1", TicketId.of("t-1"), 1);
        keep("m-2", "token-2", T0.plusSeconds(2));
        keep("m-3", "token-3", T0.plusSeconds(3));
        assertThat(store.takeContext(TENANT, TicketId.of("t-1")).orElseThrow().replyToken()).isEqualTo("token-1");

        keep("m-4", "token-4", T0.plusSeconds(4));

        assertThat(store.unresolvedContexts(TENANT, Channel.LINE, SENDER, 10))
            .as("m-2 was the least recently used: m-1 was taken after it").containsExactly("m-4", "m-3");

        keep("m-5", "token-5", T0.plusSeconds(5));

        assertThat(store.unresolvedContexts(TENANT, Channel.LINE, SENDER, 10))
            .as("listing them was no use of m-3 and m-4: m-3 went, not m-1").containsExactly("m-5", "m-4");

        store.resolveContext(TENANT, Channel.LINE, "m-4", TicketId.of("t-4"), 1);
        keep("m-6", "token-6", T0.plusSeconds(6));

        assertThat(store.takeContext(TENANT, TicketId.of("t-1"))).as("m-4 was resolved after m-1 was used").isEmpty();
        assertThat(store.takeContext(TENANT, TicketId.of("t-4"))).map(ReplyContext::replyToken).contains("token-4");
        assertThat(store.unresolvedContexts(TENANT, Channel.LINE, SENDER, 10)).containsExactly("m-6", "m-5");
        assertThat(store.takeContext(other, TicketId.of("t-b"))).as("the other tenant's older context stays")
            .map(ReplyContext::replyToken).contains("token-b");
    }

    @Test
    void aTenantOverItsBoundKeepsOnlyItsNewest() {
        store = newStore(2);
        for (int i = 1; i <= 6; i++) {
            store.keepContext(TENANT, Channel.LINE, "m-" + i, ChannelIdentity.line("U" + i),
                new ReplyContext(Map.of(), "token-" + i, T0.plusSeconds(i)));
        }

        for (int i = 1; i <= 6; i++) {
            assertThat(store.unresolvedContexts(TENANT, Channel.LINE, ChannelIdentity.line("U" + i), 10))
                .as("sender U" + i).hasSize(i > 4 ? 1 : 0);
        }
    }

    @Test
    void aMessageIdTheDeskWouldRefuseIsRefusedNamingTheField() {
        assertThatThrownBy(() -> keep("", "token", T0)).isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.getMessage()).contains("providerMessageId"));
        assertThatThrownBy(() -> keep("x".repeat(501), "token", T0)).isInstanceOf(ValidationException.class);
        assertThat(keep("x".repeat(500), "token", T0)).isTrue();
        assertThat(store.unresolvedContexts(TENANT, Channel.LINE, SENDER, 10)).containsExactly("x".repeat(500));
    }
}
