package io.madoguchi.channels;

import io.madoguchi.core.Channel;
import io.madoguchi.core.customer.IdentityKind;
import java.time.Instant;

/**
 * A channel adapter (SPI): verifies and parses the provider's webhooks, and sends replies. Implementations must be
 * thread-safe, must verify over the raw body bytes with a constant-time comparison, must never log secrets or message
 * text, and should pass {@code ChannelAdapterContract} from this module's test-jar.
 */
public interface ChannelAdapter {

    /** @return the channel it serves */
    Channel channel();

    /** @return the kind of customer identity it receives from and sends to (LINE user id, Slack user id…) */
    IdentityKind identityKind();

    /** @return what its outbound API can do */
    ChannelCapabilities capabilities();

    /**
     * Checks the request's signature (and timestamp, where the scheme has one) over its raw bytes.
     *
     * @param request the request
     * @param now the current instant, for timestamp windows
     * @throws WebhookRejectedException with status 401 if it does not verify; 400 or 405 if it is not a webhook
     */
    void verify(WebhookRequest request, Instant now);

    /**
     * Parses a verified request. Events the desk does not handle (stickers' metadata, reactions, bot messages) are
     * left out; a request with none gives an empty list.
     *
     * @param request the verified request
     * @return the normalized events
     * @throws WebhookRejectedException with status 400 naming the field if the body is malformed
     */
    ParsedWebhook parse(WebhookRequest request);

    /**
     * Sends one request's worth of a reply. Never throws for provider or network failures: they come back as
     * {@link SendResult.Retry} or {@link SendResult.Rejected}.
     *
     * @param message what to send
     * @return the outcome
     */
    SendResult send(OutboundMessage message);

    /**
     * @param message a message about to be sent
     * @return the endpoint it goes to, for the per-endpoint circuit breaker (for example {@code line:push})
     */
    default String endpoint(OutboundMessage message) {
        return channel().name();
    }
}
