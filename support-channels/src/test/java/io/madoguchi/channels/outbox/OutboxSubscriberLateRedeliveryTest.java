package io.madoguchi.channels.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.channels.ReplyContext;
import io.madoguchi.core.AgentId;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.agent.Agent;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.event.DeliveryRequested;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.inbound.InboundMessage;
import io.madoguchi.core.inbound.Received;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.time.ManualScheduler;
import io.madoguchi.core.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A reply's {@code DeliveryRequested} event delivered again after its sent row was dropped for its retention (a
 * parked event redelivered weeks later) sends nothing, and leaves the ticket's reply context, kept since for the
 * customer's newer message, to the reply that is sent next.
 */
class OutboxSubscriberLateRedeliveryTest {

    private static final TenantId SHOP = TenantId.of("shop-a");

    @Test
    void aReplyDeliveredAgainAfterItsRowWasDroppedTakesNeitherASendNorTheTicketsNewerReplyContext() {
        ManualScheduler scheduler = ManualScheduler.startingAt(Instant.parse("2026-11-02T01:00:00Z"), ZoneOffset.UTC);
        MutableClock clock = scheduler.clock();
        DeskStore store = DeskStore.inMemory(clock);
        SupportDesk desk = SupportDesk.builder().clock(clock).store(store).scheduler(scheduler).build();
        desk.saveAgent(Principal.admin(SHOP, AgentId.of("admin")), Agent.of(SHOP, AgentId.of("sato"), "佐藤"));
        Principal agent = Principal.agent(SHOP, AgentId.of("sato"));
        InMemoryOutboxStore outbox = new InMemoryOutboxStore();
        List<RecordingAdapter.Request> provider = new CopyOnWriteArrayList<>();
        OutboxSender sender = OutboxSender.builder(outbox, store.eventLog(), scheduler, clock)
            .adapter(new RecordingAdapter(clock, provider)).desk(desk).build();
        OutboxSubscriber subscriber = new OutboxSubscriber(desk, outbox, sender, store.eventLog());
        desk.subscribe(subscriber);

        Received first = desk.receive(desk.system(SHOP, "rec"), InboundMessage.of(RecordingAdapter.CHANNEL,
            ChannelIdentity.line("U-yamada"), "山田 太郎", "注文した商品がまだ届きません", "rec-1"));
        TicketId ticket = first.ticket().id();
        desk.reply(agent, ticket, "確認いたします。少々お待ちください。");
        scheduler.advance(Duration.ofMinutes(1));
        assertThat(provider).hasSize(1);
        EventEnvelope requested = store.eventLog().read(0, 1_000).stream()
            .filter(e -> e.event() instanceof DeliveryRequested).findFirst().orElseThrow();

        // three weeks on: the customer writes again, with a reply context; another send drops the old sent row
        scheduler.advance(Duration.ofDays(21));
        ReplyContext fresh = new ReplyContext(Map.of(), "reply-token-新しい", clock.instant());
        outbox.keepContext(SHOP, RecordingAdapter.CHANNEL, "rec-2", ChannelIdentity.line("U-yamada"), fresh);
        outbox.resolveContext(SHOP, RecordingAdapter.CHANNEL, "rec-2", ticket, 3);
        outbox.add(new OutboxRow(9_999_999L, TenantId.of("shop-b"), TicketId.of("t-b"), 1, RecordingAdapter.CHANNEL,
            ChannelIdentity.line("U-b"), List.of("別のお店の返信です"), 0, ReplyContext.none(clock.instant()),
            OutboxRow.Status.PENDING, 0, 0, clock.instant().plus(Duration.ofDays(1)), null, clock.instant(), 1));
        assertThat(outbox.get(requested.position())).as("the sent row, dropped").isEmpty();

        subscriber.handle(requested); // the parked event, redelivered
        scheduler.advance(Duration.ofMinutes(1));

        assertThat(provider).as("sent once").hasSize(1);
        assertThat(outbox.takeContext(SHOP, ticket)).as("the newer message's context, still there")
            .hasValueSatisfying(c -> assertThat(c.replyToken()).isEqualTo("reply-token-新しい"));
    }
}
