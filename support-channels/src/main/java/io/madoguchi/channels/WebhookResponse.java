package io.madoguchi.channels;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What the host answers the provider: status, headers and body. Immutable.
 *
 * @param status the HTTP status
 * @param headers the headers to set
 * @param body the body bytes, empty for none
 */
public record WebhookResponse(int status, Map<String, String> headers, byte[] body) {

    /**
     * Copies the headers and the body.
     *
     * @param status the HTTP status
     * @param headers the headers to set
     * @param body the body bytes, empty for none
     */
    public WebhookResponse {
        headers = Map.copyOf(requireNonNull(headers, "headers"));
        body = requireNonNull(body, "body").clone();
    }

    /** @return a copy of the body */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /** @return the body as UTF-8 text */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** @return 200 with an empty body */
    public static WebhookResponse ok() {
        return new WebhookResponse(200, Map.of(), new byte[0]);
    }

    /**
     * @param status the status
     * @param contentType the content type
     * @param body the body text, sent as UTF-8
     * @return the response
     */
    public static WebhookResponse of(int status, String contentType, String body) {
        return new WebhookResponse(status, Map.of("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param e why the request was refused
     * @return the response for it: the status and a one-line plain-text reason
     */
    public static WebhookResponse rejected(WebhookRejectedException e) {
        // every WebhookRejectedException names its field and problem; Throwable's contract still allows null
        String reason = java.util.Objects.requireNonNullElse(e.getMessage(), "rejected");
        return of(e.status(), "text/plain; charset=utf-8", reason);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WebhookResponse r && r.status == status && r.headers.equals(headers)
            && java.util.Arrays.equals(r.body, body);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * status + headers.hashCode()) + java.util.Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "WebhookResponse[" + status + ", " + body.length + " bytes]";
    }
}
