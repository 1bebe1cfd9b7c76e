package io.madoguchi.channels.email;

import io.madoguchi.channels.WebhookRequest;
import java.time.Instant;

/**
 * How a provider posts inbound mail to the desk (SPI): how its requests are verified and where the raw MIME is in
 * them. Built in: {@link SendGridInbound} and {@link MailgunInbound}. Implementations must be thread-safe.
 */
public interface InboundMailSource {

    /**
     * @param request the request
     * @param now the current instant
     * @throws io.madoguchi.channels.WebhookRejectedException with 401 if it does not verify, 400 if malformed
     */
    void verify(WebhookRequest request, Instant now);

    /**
     * @param request a verified request
     * @return the raw MIME mail it carries
     * @throws io.madoguchi.channels.WebhookRejectedException with 400 if it carries none
     */
    byte[] rawMime(WebhookRequest request);
}
