package io.madoguchi.channels.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.channels.ReplyContext;
import io.madoguchi.core.Channel;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.time.ManualScheduler;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How many store writes a delivery costs: each is a round trip (a transaction) on the JDBC store. */
class OutboxStoreWritesTest {

    private static final Instant T0 = Instant.parse("2026-11-30T01:00:00Z");

    private final ManualScheduler scheduler = ManualScheduler.startingAt(T0, ZoneOffset.UTC);
    private final InMemoryOutboxStore rows = new InMemoryOutboxStore();
    private final List<OutboxRow.Status> writes = new ArrayList<>();

    private final OutboxStore counting = new OutboxStore() {
        @Override
        public boolean add(OutboxRow row) {
            return rows.add(row);
        }

        @Override
        public Optional<OutboxRow> get(long id) {
            return rows.get(id);
        }

        @Override
        public OutboxRow update(OutboxRow row) {
            writes.add(row.status());
            return rows.update(row);
        }

        @Override
        public List<OutboxRow> due(Instant now, int max) {
            return rows.due(now, max);
        }

        @Override
        public List<OutboxRow> claimDue(Instant now, Instant leaseUntil, int max) {
            return rows.claimDue(now, leaseUntil, max);
        }

        @Override
        public List<OutboxRow> withStatus(OutboxRow.Status status, int max) {
            return rows.withStatus(status, max);
        }

        @Override
        public boolean keepContext(TenantId tenantId, Channel channel, String providerMessageId,
                                   ChannelIdentity sender, ReplyContext context) {
            return rows.keepContext(tenantId, channel, providerMessageId, sender, context);
        }

        @Override
        public List<String> unresolvedContexts(TenantId tenantId, Channel channel, ChannelIdentity sender, int max) {
            return rows.unresolvedContexts(tenantId, channel, sender, max);
        }

        @Override
        public boolean resolveContext(TenantId tenantId, Channel channel, String providerMessageId,
                                      TicketId ticketId, int seq) {
            return rows.resolveContext(tenantId, channel, providerMessageId, ticketId, seq);
        }

        @Override
        public void forgetContext(TenantId tenantId, Channel channel, String providerMessageId) {
            rows.forgetContext(tenantId, channel, providerMessageId);
        }

        @Override
        public Optional<ReplyContext> takeContext(TenantId tenantId, TicketId ticketId) {
            return rows.takeContext(tenantId, ticketId);
        }
    };

    @Test
    void aOneRequestDeliveryWritesTheRowThreeTimesLeaseAttemptAndSent() {
        OutboxSender sender = OutboxSender.builder(counting, DeskStore.inMemory(scheduler.clock()).eventLog(),
            scheduler, scheduler.clock()).adapter(new RecordingAdapter(scheduler.clock())).build();
        rows.add(new OutboxRow(1, TenantId.of("shop-a"), TicketId.of("t-1"), 1, RecordingAdapter.CHANNEL,
            ChannelIdentity.line("U1"), List.of("ご注文の商品を本日発送しました"), 0, ReplyContext.none(T0),
            OutboxRow.Status.PENDING, 0, 0, T0, null, T0, 1));

        sender.dispatch(1);
        scheduler.runDue();

        assertThat(rows.get(1)).hasValueSatisfying(r -> {
            assertThat(r.status()).isEqualTo(OutboxRow.Status.SENT);
            assertThat(r.partsSent()).isEqualTo(1);
            assertThat(r.requests()).isEqualTo(1);
        });
        assertThat(writes).containsExactly(OutboxRow.Status.SENDING, OutboxRow.Status.SENDING,
            OutboxRow.Status.SENT);
    }
}
