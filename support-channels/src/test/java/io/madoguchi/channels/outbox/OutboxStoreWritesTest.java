package io.madoguchi.channels.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.channels.ReplyContext;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.time.ManualScheduler;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How many store writes a delivery costs: each is a round trip (a transaction) on the JDBC store. */
class OutboxStoreWritesTest {

    private static final Instant T0 = Instant.parse("2026-11-30T01:00:00Z");

    private final ManualScheduler scheduler = ManualScheduler.startingAt(T0, ZoneOffset.UTC);
    private final InMemoryOutboxStore rows = new InMemoryOutboxStore();
    private final List<OutboxRow.Status> writes = new ArrayList<>();

    private final OutboxStore counting = new ForwardingOutboxStore(rows) {
        @Override
        public OutboxRow update(OutboxRow row) {
            writes.add(row.status());
            return delegate.update(row);
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
