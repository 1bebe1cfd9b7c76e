package io.madoguchi.channels.email;

import static java.util.Objects.requireNonNull;

import io.madoguchi.channels.SendResult;
import io.madoguchi.channels.internal.Http;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.Violation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * Sends replies with Mailgun's Messages API ({@code POST /v3/{domain}/messages}, HTTP Basic auth {@code api:KEY}), a
 * form in UTF-8 with {@code from}, {@code to}, {@code subject}, {@code text}, {@code h:Reply-To} and the threading
 * headers as {@code h:Message-Id}, {@code h:In-Reply-To} and {@code h:References} (Mailgun writes {@code h:} fields
 * into the mail's header, encoding non-ASCII as RFC 2047 words). The base URL is the account's region:
 * {@link #US} or {@link #EU}. 2xx is sent; 429 waits for {@code Retry-After}; 5xx and network failures are retried
 * (ambiguous: Mailgun takes no idempotency key, so a reply whose answer was lost may arrive twice, with the same
 * Message-ID, which mail clients show once); other 4xx (a bad key, an unknown domain, a refused address) are
 * permanent. Thread-safe; the key is never logged.
 */
public final class MailgunTransport implements MailTransport {

    /** The API of accounts in the US region. */
    public static final String US = "https://api.mailgun.net";
    /** The API of accounts in the EU region. */
    public static final String EU = "https://api.eu.mailgun.net";

    private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9-]{1,63})+");

    private final String apiKey;
    private final String domain;
    private final String baseUrl;
    private final OkHttpClient http;
    private final Clock clock;

    private MailgunTransport(String apiKey, String domain, String baseUrl, @Nullable OkHttpClient http, Clock clock) {
        this.apiKey = apiKey;
        this.domain = domain;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.http = http != null ? http : Http.defaultClient();
        this.clock = clock;
    }

    /**
     * @param apiKey the Mailgun API key (or a domain sending key)
     * @param domain the sending domain, for example {@code mg.desk.example.jp}
     * @param baseUrl {@link #US}, {@link #EU} (a stub's in tests)
     * @param http the HTTP client, or null for the default; it must not retry on its own
     * @param clock the clock for {@code Retry-After} dates
     * @return the transport
     * @throws ValidationException naming each field that is blank or malformed
     */
    public static MailgunTransport of(String apiKey, String domain, String baseUrl, @Nullable OkHttpClient http,
                                      Clock clock) {
        List<Violation> problems = new ArrayList<>();
        if (apiKey == null || apiKey.isBlank()) {
            problems.add(new Violation("apiKey", "must be the Mailgun API key, not blank"));
        }
        if (domain == null || !DOMAIN.matcher(domain).matches()) {
            problems.add(new Violation("domain", "must be the Mailgun sending domain, for example mg.desk.example.jp"));
        }
        if (baseUrl == null || !(baseUrl.startsWith("https://") || baseUrl.startsWith("http://"))) {
            problems.add(new Violation("baseUrl", "must be " + US + " or " + EU));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        return new MailgunTransport(apiKey, domain.toLowerCase(Locale.ROOT), baseUrl, http,
            requireNonNull(clock, "clock"));
    }

    @Override
    public String endpoint() {
        return "email:mailgun";
    }

    @Override
    public SendResult send(ReplyMail mail) {
        FormBody.Builder form = new FormBody.Builder(StandardCharsets.UTF_8)
            .add("from", mail.fromName().isEmpty() ? mail.from() : quoted(mail.fromName()) + " <" + mail.from() + ">")
            .add("to", mail.to())
            .add("subject", mail.subject())
            .add("text", mail.text())
            .add("h:Reply-To", mail.from())
            .add("h:Message-Id", "<" + mail.messageId() + ">");
        if (mail.inReplyTo() != null) {
            form.add("h:In-Reply-To", "<" + mail.inReplyTo() + ">");
        }
        if (mail.referencesHeader() != null) {
            form.add("h:References", mail.referencesHeader());
        }
        Request request = new Request.Builder().url(baseUrl + "/v3/" + domain + "/messages").post(form.build())
            .header("Authorization", Credentials.basic("api", apiKey, StandardCharsets.UTF_8)).build();
        try (Response r = http.newCall(request).execute()) {
            return HttpMailAnswers.of(r, clock);
        } catch (IOException e) {
            return new SendResult.Retry(e.getClass().getSimpleName(), null, true, null);
        }
    }

    /** A display name as an RFC 5322 quoted string (Mailgun encodes its non-ASCII characters). */
    private static String quoted(String name) {
        return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public String toString() {
        return "MailgunTransport[" + baseUrl + ", " + domain + "]";
    }
}
