package io.madoguchi.channels.email;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.madoguchi.channels.SendResult;
import io.madoguchi.channels.internal.Http;
import io.madoguchi.core.ValidationException;
import java.io.IOException;
import java.time.Clock;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * Sends replies with SendGrid's v3 Mail Send API ({@code POST /v3/mail/send}, {@code Authorization: Bearer}), the
 * threading headers ({@code Message-ID}, {@code In-Reply-To}, {@code References}) in its {@code headers} object.
 * 2xx is sent; 429 waits for {@code Retry-After}; 5xx and network failures are retried (ambiguous: SendGrid takes
 * no idempotency key, so a reply whose answer was lost may arrive twice); other 4xx are permanent. Thread-safe.
 */
public final class SendGridTransport implements MailTransport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String apiKey;
    private final String baseUrl;
    private final OkHttpClient http;
    private final Clock clock;

    private SendGridTransport(String apiKey, String baseUrl, @Nullable OkHttpClient http, Clock clock) {
        this.apiKey = apiKey;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.http = http != null ? http : Http.defaultClient();
        this.clock = clock;
    }

    /**
     * @param apiKey the API key with Mail Send permission
     * @param baseUrl {@code https://api.sendgrid.com} (a stub's in tests)
     * @param http the HTTP client, or null for the default; it must not retry on its own
     * @param clock the clock for {@code Retry-After} dates
     * @return the transport
     * @throws ValidationException if the key is blank
     */
    public static SendGridTransport of(String apiKey, String baseUrl, @Nullable OkHttpClient http, Clock clock) {
        if (apiKey == null || apiKey.isBlank()) {
            throw ValidationException.of("apiKey", "must be the SendGrid API key, not blank");
        }
        return new SendGridTransport(apiKey, requireNonNull(baseUrl, "baseUrl"), http, requireNonNull(clock, "clock"));
    }

    @Override
    public String endpoint() {
        return "email:sendgrid";
    }

    @Override
    public SendResult send(ReplyMail mail) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("personalizations").addObject().putArray("to").addObject().put("email", mail.to());
        ObjectNode from = body.putObject("from").put("email", mail.from());
        if (!mail.fromName().isEmpty()) {
            from.put("name", mail.fromName());
        }
        body.putObject("reply_to").put("email", mail.from());
        body.put("subject", mail.subject());
        body.putArray("content").addObject().put("type", "text/plain; charset=utf-8").put("value", mail.text());
        ObjectNode headers = body.putObject("headers").put("Message-ID", "<" + mail.messageId() + ">");
        if (mail.inReplyTo() != null) {
            headers.put("In-Reply-To", "<" + mail.inReplyTo() + ">");
        }
        if (mail.referencesHeader() != null) {
            headers.put("References", mail.referencesHeader());
        }
        Request request = Http.postJson(baseUrl + "/v3/mail/send", body)
            .header("Authorization", "Bearer " + apiKey).build();
        try (Response r = http.newCall(request).execute()) {
            return HttpMailAnswers.of(r, clock);
        } catch (IOException e) {
            return new SendResult.Retry(e.getClass().getSimpleName(), null, true, null);
        }
    }

    @Override
    public String toString() {
        return "SendGridTransport[" + baseUrl + "]";
    }
}
