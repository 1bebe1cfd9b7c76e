package io.madoguchi.channels.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.channels.ReplyContext;
import io.madoguchi.channels.event.ChannelEvent;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.time.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class OutboxRateLimitTest {

    private static final Instant T0 = Instant.parse("2026-11-30T01:00:00Z");
    private static final TenantId TENANT = TenantId.of("shop-a");

    private final ManualScheduler scheduler = ManualScheduler.startingAt(T0, ZoneOffset.UTC);
    private final DeskStore desk = DeskStore.inMemory(scheduler.clock());
    private final InMemoryOutboxStore store = new InMemoryOutboxStore();
    private final RecordingAdapter provider = new RecordingAdapter(scheduler.clock());

    private OutboxSender sender(UnaryOperator<OutboxSender.Builder> options) {
        return options.apply(OutboxSender.builder(store, desk.eventLog(), scheduler, scheduler.clock())
            .adapter(provider)).build();
    }

    private void enqueue(OutboxSender sender, long id, String recipient) {
        store.add(new OutboxRow(id, TENANT, TicketId.of("t-" + id), 1, RecordingAdapter.CHANNEL,
            ChannelIdentity.line(recipient), List.of("ご返信 " + id), 0, ReplyContext.none(T0), OutboxRow.Status.PENDING,
            0, 0, T0, null, T0, 1));
        sender.dispatch(id);
    }

    private List<Instant> sendTimes() {
        return provider.requests.stream().map(RecordingAdapter.Request::at).toList();
    }

    @Test
    void aChannelLimitLetsTheBurstGoAndSpreadsTheRestOnTheClock() {
        OutboxSender sender = sender(b -> b.rateLimit(RecordingAdapter.CHANNEL,
            new RateLimit(2, Duration.ofSeconds(1))));
        for (long id = 1; id <= 5; id++) {
            enqueue(sender, id, "U" + id);
        }

        scheduler.runDue();
        assertThat(provider.requests).as("the burst of two").hasSize(2);
        scheduler.advance(Duration.ofMillis(499));
        assertThat(provider.requests).as("nothing before the next token").hasSize(2);
        scheduler.advance(Duration.ofSeconds(2));

        assertThat(sendTimes()).containsExactly(T0, T0, T0.plusMillis(500), T0.plusMillis(1_000),
            T0.plusMillis(1_500));
        assertThat(store.withStatus(OutboxRow.Status.SENT, 10)).hasSize(5);
        assertThat(events(ChannelEvent.DeliveryAttempted.class)).as("waiting is not an attempt").hasSize(5);
        assertThat(events(ChannelEvent.DeliveryFailed.class)).isEmpty();
    }

    @Test
    void anEndpointLimitHoldsBackOnlyThatEndpoint() {
        OutboxSender sender = sender(b -> b.endpointRateLimit("rec:a", RateLimit.perSecond(1)));
        enqueue(sender, 1, "A1");
        enqueue(sender, 2, "A2");
        enqueue(sender, 3, "A3");
        enqueue(sender, 4, "B4");
        enqueue(sender, 5, "B5");

        scheduler.runDue();
        assertThat(provider.requests).extracting(RecordingAdapter.Request::endpoint)
            .containsExactlyInAnyOrder("rec:a", "rec:b", "rec:b");
        scheduler.advance(Duration.ofSeconds(3));

        assertThat(provider.requests).filteredOn(r -> r.endpoint().equals("rec:a"))
            .extracting(RecordingAdapter.Request::at).containsExactly(T0, T0.plusSeconds(1), T0.plusSeconds(2));
        assertThat(store.withStatus(OutboxRow.Status.SENT, 10)).hasSize(5);
    }

    @Test
    void aRequestWaitsForBothItsChannelAndItsEndpoint() {
        OutboxSender sender = sender(b -> b.rateLimit(RecordingAdapter.CHANNEL, RateLimit.perSecond(1))
            .endpointRateLimit("rec:a", new RateLimit(1, Duration.ofSeconds(5))));
        enqueue(sender, 1, "A1");
        enqueue(sender, 2, "A2");
        enqueue(sender, 3, "B3");

        scheduler.advance(Duration.ofSeconds(10));

        assertThat(provider.requests).filteredOn(r -> r.endpoint().equals("rec:a"))
            .extracting(RecordingAdapter.Request::at).containsExactly(T0, T0.plusSeconds(5));
        // A2 took the channel's second token (T0+1 s) while it waits for its endpoint: B3 has the third
        assertThat(provider.requests).filteredOn(r -> r.endpoint().equals("rec:b"))
            .extracting(RecordingAdapter.Request::at).containsExactly(T0.plusSeconds(2));
    }

    @Test
    void aWaitLongerThanTheLeaseExtendsTheLease() {
        OutboxSender sender = sender(b -> b.rateLimit(RecordingAdapter.CHANNEL,
            new RateLimit(1, Duration.ofMinutes(10))));
        enqueue(sender, 1, "U1");
        enqueue(sender, 2, "U2");
        scheduler.runDue();

        OutboxRow waiting = store.get(2).orElseThrow();
        assertThat(waiting.status()).isEqualTo(OutboxRow.Status.SENDING);
        assertThat(waiting.nextAttemptAt()).isEqualTo(T0.plus(Duration.ofMinutes(15)));
        assertThat(store.claimDue(T0.plus(Duration.ofMinutes(6)), T0.plus(Duration.ofMinutes(11)), 10)).isEmpty();
    }

    @Test
    void aLimitIsSetOnce() {
        OutboxSender.Builder b = OutboxSender.builder(store, desk.eventLog(), scheduler, scheduler.clock())
            .rateLimit(RecordingAdapter.CHANNEL, RateLimit.perSecond(5))
            .endpointRateLimit("rec:a", RateLimit.perSecond(1));

        assertThatThrownBy(() -> b.rateLimit(RecordingAdapter.CHANNEL, RateLimit.perSecond(1)))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("rec");
        assertThatThrownBy(() -> b.endpointRateLimit("rec:a", RateLimit.perSecond(2)))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("rec:a");
        assertThatThrownBy(() -> new RateLimit(0, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimit(1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    private <T> List<T> events(Class<T> type) {
        return desk.eventLog().read(0, 1_000).stream().map(EventEnvelope::event).filter(type::isInstance)
            .map(type::cast).toList();
    }
}
