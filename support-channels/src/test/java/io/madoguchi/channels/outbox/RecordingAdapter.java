package io.madoguchi.channels.outbox;

import io.madoguchi.channels.ChannelAdapter;
import io.madoguchi.channels.ChannelCapabilities;
import io.madoguchi.channels.OutboundMessage;
import io.madoguchi.channels.ParsedWebhook;
import io.madoguchi.channels.SendResult;
import io.madoguchi.channels.WebhookRejectedException;
import io.madoguchi.channels.WebhookRequest;
import io.madoguchi.core.Channel;
import io.madoguchi.core.customer.IdentityKind;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An outbound-only adapter for the sender's own tests: it accepts every request and records when it came, to which
 * endpoint and with which idempotency key. Recipients whose id starts with "A" go to endpoint {@code rec:a}, the
 * others to {@code rec:b}.
 */
final class RecordingAdapter implements ChannelAdapter {

    /** One request the adapter took. */
    record Request(String key, String endpoint, Instant at, List<String> texts) { }

    static final Channel CHANNEL = Channel.of("rec");

    final List<Request> requests;
    private final Clock clock;

    RecordingAdapter(Clock clock) {
        this(clock, new CopyOnWriteArrayList<>());
    }

    /**
     * @param clock the clock
     * @param requests where requests are recorded (shared by the adapters of several senders: one provider)
     */
    RecordingAdapter(Clock clock, List<Request> requests) {
        this.clock = clock;
        this.requests = requests;
    }

    @Override
    public Channel channel() {
        return CHANNEL;
    }

    @Override
    public IdentityKind identityKind() {
        return IdentityKind.LINE_USER;
    }

    @Override
    public ChannelCapabilities capabilities() {
        return new ChannelCapabilities(5_000, 5, false, false);
    }

    @Override
    public void verify(WebhookRequest request, Instant now) {
        throw new WebhookRejectedException(405, "method", "outbound only");
    }

    @Override
    public ParsedWebhook parse(WebhookRequest request) {
        throw new WebhookRejectedException(405, "method", "outbound only");
    }

    @Override
    public SendResult send(OutboundMessage message) {
        requests.add(new Request(message.idempotencyKey(), endpoint(message), clock.instant(), message.texts()));
        return new SendResult.Sent("200");
    }

    @Override
    public String endpoint(OutboundMessage message) {
        return message.recipient().value().startsWith("A") ? "rec:a" : "rec:b";
    }
}
