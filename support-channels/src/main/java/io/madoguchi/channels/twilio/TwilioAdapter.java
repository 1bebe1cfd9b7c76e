package io.madoguchi.channels.twilio;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.madoguchi.channels.ChannelAdapter;
import io.madoguchi.channels.ChannelCapabilities;
import io.madoguchi.channels.ChannelMessage;
import io.madoguchi.channels.HttpAdapterBuilder;
import io.madoguchi.channels.OutboundMessage;
import io.madoguchi.channels.ParsedWebhook;
import io.madoguchi.channels.ReplyContext;
import io.madoguchi.channels.SendResult;
import io.madoguchi.channels.Signatures;
import io.madoguchi.channels.WebhookRejectedException;
import io.madoguchi.channels.WebhookRequest;
import io.madoguchi.channels.WebhookResponse;
import io.madoguchi.channels.internal.Exchange;
import io.madoguchi.channels.internal.Http;
import io.madoguchi.channels.internal.UrlEncoded;
import io.madoguchi.core.Channel;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.IdentityKind;
import io.madoguchi.core.ticket.Attachment;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * Twilio Programmable Messaging (SMS) and Voice. One webhook URL serves both; the host points the phone number's
 * "A message comes in" and "A call comes in" webhooks at it.
 *
 * <p><b>Inbound.</b> Twilio posts {@code application/x-www-form-urlencoded} parameters. {@code X-Twilio-Signature}
 * is Base64(HMAC-SHA1(auth token, public URL + every POST parameter name and value, sorted by name, concatenated
 * without separators)), checked in constant time over the parameters decoded from the raw bytes (all of them: Twilio
 * adds parameters without notice). For JSON bodies Twilio signs the URL only and carries the body's SHA-256 in the
 * {@code bodySHA256} query parameter, which is checked too. The URL Twilio signed is the public one: behind a
 * TLS-terminating proxy the adapter rebuilds it from {@link Builder#publicBaseUrl(String)}, or from
 * {@code X-Forwarded-Proto} / {@code X-Forwarded-Host} when {@link Builder#trustForwardedHeaders(boolean)} is on
 * (only behind a proxy that sets them), and tries it with and without the default port. Twilio's scheme has no
 * timestamp, so events are deduplicated on {@code MessageSid} (SMS), {@code CallSid/RecordingSid} (a voicemail) and
 * {@code CallSid/TranscriptionSid} (its transcription).
 *
 * <p>An SMS becomes a message on the customer's SMS ticket (media as attachments) and is answered with an empty
 * TwiML {@code <Response/>}. An incoming call is answered with TwiML that greets the caller in Japanese
 * ({@code <Say language="ja-JP">}) and records a voicemail with {@code <Record transcribe="true">}; the recording
 * (posted to the same URL as the {@code <Record>} action) opens or joins the caller's phone ticket, and the
 * transcription (posted later to the same URL as {@code transcribeCallback}) joins that ticket as a message with
 * its text, since the desk joins a customer's message to their latest ticket on the channel.
 *
 * <p><b>Outbound.</b> SMS replies go to {@code POST /2010-04-01/Accounts/{AccountSid}/Messages.json} with HTTP Basic
 * auth and the form fields {@code To}, {@code From} (the number the customer wrote to) or
 * {@code MessagingServiceSid}, and {@code Body}; at most 1,600 characters per message (the outbox splits longer
 * replies on character boundaries, counting UTF-16 units, so a part never exceeds Twilio's count either). 429 (error
 * 20429) and 5xx are retried by the outbox with backoff and {@code Retry-After}; other 4xx are permanent.
 *
 * <p><b>Idempotency.</b> Twilio's Messages API takes no idempotency key (the {@code I-Twilio-Idempotency-Token}
 * header exists only on the webhooks Twilio sends <em>to</em> you), so a create whose response was lost cannot be
 * deduplicated by Twilio. The adapter therefore marks such an attempt in the row's reply context (the part's
 * idempotency key and when it was tried, which survive retries and restarts with the row) and, before sending that
 * part again, lists the recipient's recent messages ({@code GET Messages.json?To=…}) and treats one with the same
 * body created since the lost attempt as delivered. If that lookup fails too, it sends again: a duplicate SMS is
 * possible then, a lost one is not. Thread-safe; the auth token is never logged.
 */
public final class TwilioAdapter implements ChannelAdapter {

    /** Hint key: the Twilio number the customer wrote to (replies come from it). */
    public static final String HINT_NUMBER = "twilio.number";
    /** Hint key: the idempotency key and epoch second of a send whose response was lost ({@code key@seconds}). */
    public static final String HINT_LOST_SEND = "twilio.lostSend";

    private static final ChannelCapabilities CAPABILITIES = new ChannelCapabilities(1_600, 1, false, false);
    private static final Pattern ACCOUNT_SID = Pattern.compile("AC[0-9a-fA-F]{32}");
    private static final Pattern STATUS = Pattern.compile("[a-z][a-z-]{0,19}");
    private static final int MAX_PARAMS = 500;
    private static final int MAX_MEDIA = 10;
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    private static final String XML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
    /** The greeting a caller hears before the beep, unless the builder sets another. */
    public static final String DEFAULT_GREETING =
        "お電話ありがとうございます。発信音のあとに、お名前とご用件をお話しください。";

    private final String accountSid;
    private final byte[] authToken;
    private final String apiUser;
    private final String apiPassword;
    private final @Nullable String from;
    private final @Nullable String messagingServiceSid;
    private final String baseUrl;
    private final @Nullable URI publicBase;
    private final boolean trustForwarded;
    private final String greeting;
    private final int maxRecordingSeconds;
    private final OkHttpClient http;
    private final Clock clock;

    private TwilioAdapter(Builder b) {
        this.accountSid = b.accountSid;
        this.authToken = Signatures.utf8(b.authToken);
        this.apiUser = b.apiKeySid != null ? b.apiKeySid : b.accountSid;
        this.apiPassword = b.apiKeySecret != null ? b.apiKeySecret : b.authToken;
        this.from = b.from;
        this.messagingServiceSid = b.messagingServiceSid;
        this.baseUrl = b.configuredBaseUrl();
        this.publicBase = b.publicBase;
        this.trustForwarded = b.trustForwarded;
        this.greeting = b.greeting;
        this.maxRecordingSeconds = b.maxRecordingSeconds;
        this.http = b.configuredHttpClient();
        this.clock = b.configuredClock();
    }

    /**
     * @param accountSid the account SID ({@code AC} and 32 hex digits)
     * @param authToken the auth token (signs webhooks; the API password unless an API key is set)
     * @return a builder for {@code https://api.twilio.com}
     * @throws ValidationException if a value is blank or the account SID is malformed
     */
    public static Builder builder(String accountSid, String authToken) {
        return new Builder(accountSid, authToken);
    }

    @Override
    public Channel channel() {
        return Channel.SMS;
    }

    @Override
    public IdentityKind identityKind() {
        return IdentityKind.PHONE;
    }

    @Override
    public ChannelCapabilities capabilities() {
        return CAPABILITIES;
    }

    // ------------------------------------------------------------------ signature

    /**
     * @param url the public URL Twilio calls, with the query string
     * @param params the POST parameters (each name with its values)
     * @param authToken the auth token
     * @return the {@code X-Twilio-Signature} Twilio would send
     */
    public static String sign(String url, Map<String, List<String>> params, String authToken) {
        return Base64.getEncoder().encodeToString(Signatures.hmac("HmacSHA1", Signatures.utf8(authToken),
            Signatures.utf8(signedText(url, params))));
    }

    /** The URL, then every name and value sorted by name (a repeated name's values sorted too). */
    private static String signedText(String url, Map<String, List<String>> params) {
        StringBuilder s = new StringBuilder(url);
        for (Map.Entry<String, List<String>> e : new TreeMap<>(params).entrySet()) {
            List<String> values = new ArrayList<>(e.getValue());
            values.sort(null);
            for (String v : values) {
                s.append(e.getKey()).append(v);
            }
        }
        return s.toString();
    }

    /**
     * Checks a request's {@code X-Twilio-Signature} against a known public URL (what the CLI and hosts' tests use;
     * the adapter's {@link #verify} rebuilds the URL first).
     *
     * @param request the request
     * @param publicUrl the URL Twilio called, with the query string
     * @param authToken the auth token
     * @throws WebhookRejectedException 401 if the signature is missing or does not match; 400 if the body is not
     *     form-encoded
     */
    public static void verifySignature(WebhookRequest request, String publicUrl, String authToken) {
        check(request, candidates(parseUri(publicUrl)), Signatures.utf8(authToken));
    }

    @Override
    public void verify(WebhookRequest request, Instant now) {
        check(request, candidates(publicUri(request)), authToken);
    }

    private static void check(WebhookRequest request, List<String> urls, byte[] token) {
        String given = request.header("X-Twilio-Signature")
            .orElseThrow(() -> WebhookRejectedException.unauthorized("X-Twilio-Signature", "is missing"));
        URI first = parseUri(urls.get(0));
        String bodyHash = queryParam(first, "bodySHA256");
        Map<String, List<String>> params = bodyHash != null ? Map.of() : form(request.body());
        boolean ok = false;
        for (String url : urls) {
            String expected = Base64.getEncoder().encodeToString(Signatures.hmac("HmacSHA1", token,
                Signatures.utf8(signedText(url, params))));
            ok |= Signatures.matches(expected, given.strip());
        }
        if (!ok) {
            throw WebhookRejectedException.unauthorized("X-Twilio-Signature", "does not match the URL and parameters");
        }
        if (bodyHash != null) {
            String actual = HexFormat.of().formatHex(sha256(request.body()));
            if (!Signatures.matches(actual, bodyHash.toLowerCase(Locale.ROOT))) {
                throw WebhookRejectedException.unauthorized("bodySHA256", "does not match the body");
            }
        }
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** The public URL Twilio called: the configured base, else the forwarded scheme and host if trusted. */
    private URI publicUri(WebhookRequest request) {
        URI seen = parseUri(request.url());
        String scheme = seen.getScheme();
        String authority = seen.getRawAuthority();
        String prefix = "";
        if (publicBase != null) {
            scheme = publicBase.getScheme();
            authority = publicBase.getRawAuthority();
            prefix = publicBase.getRawPath() == null ? "" : publicBase.getRawPath().replaceAll("/+$", "");
        } else if (trustForwarded) {
            String proto = firstForwarded(request, "X-Forwarded-Proto");
            String host = firstForwarded(request, "X-Forwarded-Host");
            if (proto != null) {
                if (!proto.equalsIgnoreCase("https") && !proto.equalsIgnoreCase("http")) {
                    throw WebhookRejectedException.malformed("X-Forwarded-Proto", "must be http or https");
                }
                scheme = proto.toLowerCase(Locale.ROOT);
            }
            if (host != null) {
                authority = host;
            }
        }
        String path = seen.getRawPath() == null ? "" : seen.getRawPath();
        String query = seen.getRawQuery() == null ? "" : "?" + seen.getRawQuery();
        return parseUri(scheme + "://" + authority + prefix + path + query);
    }

    private static @Nullable String firstForwarded(WebhookRequest request, String header) {
        return request.header(header).map(v -> v.split(",", 2)[0].strip()).filter(v -> !v.isEmpty()).orElse(null);
    }

    private static URI parseUri(String url) {
        try {
            URI u = new URI(url);
            if (u.getScheme() == null || u.getRawAuthority() == null) {
                throw WebhookRejectedException.malformed("url", "must be an absolute http(s) URL");
            }
            return u;
        } catch (URISyntaxException e) {
            throw WebhookRejectedException.malformed("url", "is not a URL: " + e.getReason());
        }
    }

    /** The URL as is, and with the default port added or removed (Twilio signs whichever the number's URL has). */
    private static List<String> candidates(URI u) {
        Set<String> out = new LinkedHashSet<>();
        out.add(u.toString());
        int defaultPort = "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
        String rest = (u.getRawPath() == null ? "" : u.getRawPath())
            + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
        String userInfo = u.getRawUserInfo() == null ? "" : u.getRawUserInfo() + "@";
        if (u.getPort() == -1) {
            out.add(u.getScheme() + "://" + userInfo + u.getHost() + ":" + defaultPort + rest);
        } else if (u.getPort() == defaultPort) {
            out.add(u.getScheme() + "://" + userInfo + u.getHost() + rest);
        }
        return List.copyOf(out);
    }

    private static @Nullable String queryParam(URI u, String name) {
        String q = u.getRawQuery();
        if (q == null) {
            return null;
        }
        for (UrlEncoded.Pair pair : UrlEncoded.pairs(q, MAX_PARAMS, "url")) {
            if (pair.assigned() && pair.rawName().equals(name)) {
                return UrlEncoded.text(pair.rawValue(), "url");
            }
        }
        return null;
    }

    /**
     * Decodes an {@code application/x-www-form-urlencoded} body (strict UTF-8, also once percent-decoded; at most
     * 500 parameters), as the adapter reads Twilio's parameters and computes their signature.
     *
     * @param body the raw body
     * @return each name with its values, in the body's order
     * @throws WebhookRejectedException 400 if it is not form-encoded UTF-8: on {@code body} if the body or a name
     *     is malformed or it has too many parameters, on {@code body.NAME} if that parameter's value
     *     is malformed (on {@code body} if the name is not a plain one)
     */
    public static Map<String, List<String>> form(byte[] body) {
        Map<String, List<String>> params = new java.util.LinkedHashMap<>();
        for (UrlEncoded.Pair pair : UrlEncoded.pairs(UrlEncoded.body(body, "body"), MAX_PARAMS, "body")) {
            String name = UrlEncoded.text(pair.rawName(), "body");
            String value = UrlEncoded.text(pair.rawValue(), UrlEncoded.field("body", name));
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    // ------------------------------------------------------------------ parse and TwiML

    @Override
    public ParsedWebhook parse(WebhookRequest request) {
        Map<String, List<String>> p = form(request.body());
        if (p.containsKey("TranscriptionSid")) {
            return new ParsedWebhook(List.of(transcription(p)), twiml("<Response/>"));
        }
        if (p.containsKey("RecordingSid") || p.containsKey("RecordingUrl")) {
            return new ParsedWebhook(List.of(recording(p)), twiml("<Response><Say language=\"ja-JP\">"
                + escape("ご用件を承りました。担当者からご連絡いたします。") + "</Say><Hangup/></Response>"));
        }
        if (p.containsKey("CallSid")) {
            required(p, "CallSid");
            String status = first(p, "CallStatus");
            if (status != null && !"ringing".equals(status) && !"in-progress".equals(status)) {
                return new ParsedWebhook(List.of(), twiml("<Response/>")); // a status callback: nothing to store
            }
            String callback = publicUri(request).toString();
            return new ParsedWebhook(List.of(), twiml("<Response><Say language=\"ja-JP\">" + escape(greeting)
                + "</Say><Record transcribe=\"true\" transcribeCallback=\"" + escape(callback) + "\" maxLength=\""
                + maxRecordingSeconds + "\" playBeep=\"true\"/><Say language=\"ja-JP\">"
                + escape("録音できませんでした。お手数ですが、もう一度おかけ直しください。") + "</Say></Response>"));
        }
        if (p.containsKey("MessageSid") || p.containsKey("SmsSid")) {
            if (!p.containsKey("Body") && p.containsKey("MessageStatus")) {
                return new ParsedWebhook(List.of(deliveryStatus(p)), twiml("<Response/>"));
            }
            return new ParsedWebhook(List.of(sms(p)), twiml("<Response/>"));
        }
        throw WebhookRejectedException.malformed("body.MessageSid", "is missing (neither MessageSid nor CallSid)");
    }

    private ChannelMessage sms(Map<String, List<String>> p) {
        String sid = first(p, "MessageSid") != null ? required(p, "MessageSid") : required(p, "SmsSid");
        String given = first(p, "Body");
        String text = given == null ? "" : given;
        List<Attachment> media = new ArrayList<>();
        int num = 0;
        String n = first(p, "NumMedia");
        if (n != null) {
            try {
                num = Integer.parseInt(n.strip());
            } catch (NumberFormatException e) {
                throw WebhookRejectedException.malformed("body.NumMedia", "must be a number");
            }
        }
        for (int i = 0; i < Math.min(num, MAX_MEDIA); i++) {
            String url = first(p, "MediaUrl" + i);
            if (url == null || url.isEmpty()) {
                throw WebhookRejectedException.malformed("body.MediaUrl" + i, "is missing (NumMedia is " + num + ")");
            }
            String type = first(p, "MediaContentType" + i);
            media.add(new Attachment("media-" + i, type == null || type.isBlank() ? "application/octet-stream" : type,
                0, url.length() > 2048 ? url.substring(0, 2048) : url));
        }
        if (text.isBlank()) {
            text = media.isEmpty() ? "[empty]" : "[media]";
        }
        ReplyContext context = new ReplyContext(hints(p), null, clock.instant());
        return new ChannelMessage(Channel.SMS, ChannelMessage.Kind.MESSAGE, caller(p), "SMS のお客様", text, media,
            context, sid, clock.instant());
    }

    /** A status callback of a message the desk sent: who it went to is {@code To}, and the status is the text. */
    private ChannelMessage deliveryStatus(Map<String, List<String>> p) {
        String sid = required(p, "MessageSid");
        String status = required(p, "MessageStatus");
        if (!STATUS.matcher(status).matches()) {
            throw WebhookRejectedException.malformed("body.MessageStatus", "is not a Twilio message status");
        }
        String to = required(p, "To");
        ChannelIdentity recipient;
        try {
            recipient = ChannelIdentity.phone(to);
        } catch (ValidationException e) {
            throw WebhookRejectedException.malformed("body.To", "is not a phone number");
        }
        String error = first(p, "ErrorCode");
        String code = error == null ? "" : error.strip();
        Map<String, String> hints = code.isEmpty() ? Map.of()
            : Map.of(ChannelMessage.HINT_ERROR_CODE, code.length() > 16 ? code.substring(0, 16) : code);
        ReplyContext context = new ReplyContext(hints, null, clock.instant());
        return new ChannelMessage(Channel.SMS, ChannelMessage.Kind.DELIVERY_STATUS, recipient, "SMS のお客様",
            status, List.of(), context, sid + "/" + status, clock.instant());
    }

    private ChannelMessage recording(Map<String, List<String>> p) {
        String call = required(p, "CallSid");
        String recording = first(p, "RecordingSid") != null ? required(p, "RecordingSid") : required(p, "RecordingUrl");
        String url = required(p, "RecordingUrl");
        String seconds = first(p, "RecordingDuration");
        String text = "[留守番電話] 録音" + (seconds == null ? "" : " " + seconds.strip() + " 秒") + "（文字起こしは後で届きます）";
        Attachment audio = new Attachment("voicemail-" + call + ".wav", "audio/x-wav", 0,
            url.length() > 2048 ? url.substring(0, 2048) : url);
        ReplyContext context = new ReplyContext(hints(p), null, clock.instant());
        return new ChannelMessage(Channel.PHONE, ChannelMessage.Kind.MESSAGE, caller(p), "お電話のお客様", text,
            List.of(audio), context, call + "/" + recording, clock.instant());
    }

    private ChannelMessage transcription(Map<String, List<String>> p) {
        String call = required(p, "CallSid");
        String sid = required(p, "TranscriptionSid");
        String status = first(p, "TranscriptionStatus");
        String said = first(p, "TranscriptionText");
        String text = "failed".equals(status) || said == null || said.isBlank()
            ? "[文字起こし] 音声を文字にできませんでした。録音をお聞きください。"
            : "[文字起こし] " + said.strip();
        ReplyContext context = new ReplyContext(hints(p), null, clock.instant());
        return new ChannelMessage(Channel.PHONE, ChannelMessage.Kind.MESSAGE, caller(p), "お電話のお客様", text,
            List.of(), context, call + "/" + sid, clock.instant());
    }

    private static Map<String, String> hints(Map<String, List<String>> p) {
        String to = first(p, "To");
        return to == null || to.isBlank() ? Map.of() : Map.of(HINT_NUMBER, to.strip());
    }

    private static ChannelIdentity caller(Map<String, List<String>> p) {
        String from = required(p, "From");
        try {
            return ChannelIdentity.phone(from);
        } catch (ValidationException e) {
            throw WebhookRejectedException.malformed("body.From", "is not a phone number");
        }
    }

    private static @Nullable String first(Map<String, List<String>> p, String name) {
        List<String> v = p.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static String required(Map<String, List<String>> p, String name) {
        String v = first(p, name);
        if (v == null || v.isBlank()) {
            throw WebhookRejectedException.malformed("body." + name, "is missing");
        }
        return v.strip();
    }

    private static WebhookResponse twiml(String body) {
        return WebhookResponse.of(200, "text/xml; charset=utf-8", XML + body);
    }

    /**
     * @param text text for a TwiML element or attribute
     * @return it with {@code & < > " '} escaped
     */
    static String escape(String text) {
        StringBuilder b = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    // ------------------------------------------------------------------ send

    @Override
    public String endpoint(OutboundMessage message) {
        return "twilio:messages";
    }

    @Override
    public SendResult send(OutboundMessage message) {
        ReplyContext context = message.context();
        String lost = context.hint(HINT_LOST_SEND);
        String body = String.join("\n", message.texts());
        Instant lostAt = lostAt(lost, message.idempotencyKey());
        if (lostAt != null) {
            String sid = alreadyCreated(message.recipient().value(), body, lostAt);
            if (sid != null) {
                return new SendResult.Sent("already created " + sid);
            }
        }
        FormBody.Builder form = new FormBody.Builder(StandardCharsets.UTF_8).add("To", message.recipient().value());
        String number = context.hint(HINT_NUMBER);
        if (messagingServiceSid != null) {
            form.add("MessagingServiceSid", messagingServiceSid);
        } else {
            form.add("From", number != null ? number : requireNonNull(from, "from"));
        }
        form.add("Body", body);
        Request request = new Request.Builder().url(messagesUrl().build()).post(form.build())
            .header("Authorization", Credentials.basic(apiUser, apiPassword, StandardCharsets.UTF_8)).build();
        return Exchange.send(http, request, clock, lostSend(context, message, clock.instant()), r -> {
            if (r.code() / 100 == 2) {
                return new SendResult.Sent(Integer.toString(r.code())); // created: the body is not needed
            }
            JsonNode error = Http.json(r);
            String detail = error == null ? "" : " " + Http.providerText(error.path("code").asText("") + " "
                + error.path("message").asText(""));
            return new SendResult.Rejected(r.code() + detail.stripTrailing());
        });
    }

    private HttpUrl.Builder messagesUrl() {
        HttpUrl base = HttpUrl.get(baseUrl);
        return base.newBuilder().addPathSegment("2010-04-01").addPathSegment("Accounts").addPathSegment(accountSid)
            .addPathSegment("Messages.json");
    }

    /** When this part's send was lost, from the hint, or null if it was not (or the hint is another part's). */
    private static @Nullable Instant lostAt(@Nullable String hint, String key) {
        if (hint == null || !hint.startsWith(key + "@")) {
            return null;
        }
        try {
            return Instant.ofEpochSecond(Long.parseLong(hint.substring(key.length() + 1)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Keeps the first lost attempt's time for this part; a new part's key replaces an older part's mark. */
    private static ReplyContext lostSend(ReplyContext context, OutboundMessage message, Instant at) {
        String mark = context.hint(HINT_LOST_SEND);
        if (mark != null && mark.startsWith(message.idempotencyKey() + "@")) {
            return context;
        }
        Map<String, String> hints = new HashMap<>(context.hints());
        hints.put(HINT_LOST_SEND, message.idempotencyKey() + "@" + at.getEpochSecond());
        return new ReplyContext(hints, context.replyToken(), context.receivedAt());
    }

    /** The SID of a message to {@code to} with this body created since {@code since}, or null if none or unknown. */
    private @Nullable String alreadyCreated(String to, String body, Instant since) {
        Request request = new Request.Builder().url(messagesUrl().addQueryParameter("To", to)
                .addQueryParameter("PageSize", "50").build()).get()
            .header("Authorization", Credentials.basic(apiUser, apiPassword, StandardCharsets.UTF_8)).build();
        try (Response r = http.newCall(request).execute()) {
            if (r.code() != 200) {
                return null;
            }
            JsonNode page = Http.json(r);
            if (page == null) {
                return null;
            }
            for (JsonNode m : page.path("messages")) {
                if (!body.equals(m.path("body").asText(null)) || "received".equals(m.path("direction").asText(""))
                    || m.path("direction").asText("").startsWith("inbound")) {
                    continue;
                }
                Instant created = rfc1123(m.path("date_created").asText(""));
                if (created != null && !created.isBefore(since.minus(CLOCK_SKEW))) {
                    return m.path("sid").asText("?");
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private static @Nullable Instant rfc1123(String s) {
        try {
            return ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "TwilioAdapter[" + baseUrl + "]";
    }

    /** Builds a Twilio adapter. Not thread-safe. */
    public static final class Builder extends HttpAdapterBuilder<Builder> {
        private final String accountSid;
        private final String authToken;
        private @Nullable String apiKeySid;
        private @Nullable String apiKeySecret;
        private @Nullable String from;
        private @Nullable String messagingServiceSid;
        private @Nullable URI publicBase;
        private boolean trustForwarded;
        private String greeting = DEFAULT_GREETING;
        private int maxRecordingSeconds = 120;

        private Builder(String accountSid, String authToken) {
            super("https://api.twilio.com");
            if (accountSid == null || !ACCOUNT_SID.matcher(accountSid).matches()) {
                throw ValidationException.of("accountSid", "must be the Twilio account SID (AC and 32 hex digits)");
            }
            if (authToken == null || authToken.isBlank()) {
                throw ValidationException.of("secret", "must be the Twilio auth token, not blank");
            }
            this.accountSid = accountSid;
            this.authToken = authToken;
        }

        /**
         * @param number the sender number for replies when the customer's message named none (E.164)
         * @return this builder
         */
        public Builder from(String number) {
            this.from = requireNonNull(number, "from");
            return this;
        }

        /**
         * @param sid a Messaging Service SID ({@code MG…}) to send from instead of a number
         * @return this builder
         */
        public Builder messagingServiceSid(String sid) {
            this.messagingServiceSid = requireNonNull(sid, "messagingServiceSid");
            return this;
        }

        /**
         * @param sid an API key SID ({@code SK…}) to authenticate sends with instead of the auth token
         * @param secret its secret
         * @return this builder
         */
        public Builder apiKey(String sid, String secret) {
            this.apiKeySid = requireNonNull(sid, "apiKeySid");
            this.apiKeySecret = requireNonNull(secret, "apiKeySecret");
            return this;
        }


        /**
         * @param value the scheme, host (and port, and a path prefix a proxy strips) Twilio calls, for example
         *     {@code https://desk.example.jp}: the request's path and query are appended to it before the signature
         *     is checked
         * @return this builder
         * @throws ValidationException if it is not an absolute http(s) URL
         */
        public Builder publicBaseUrl(String value) {
            try {
                URI u = new URI(requireNonNull(value, "publicBaseUrl"));
                if (u.getScheme() == null || u.getRawAuthority() == null
                    || !u.getScheme().matches("(?i)https?") || u.getRawQuery() != null) {
                    throw ValidationException.of("publicBaseUrl", "must be an absolute http(s) URL without a query");
                }
                this.publicBase = u;
            } catch (URISyntaxException e) {
                throw ValidationException.of("publicBaseUrl", "is not a URL: " + e.getReason());
            }
            return this;
        }

        /**
         * @param value whether to rebuild the public URL from {@code X-Forwarded-Proto} and {@code X-Forwarded-Host}
         *     (only behind a proxy that sets them; ignored when a public base URL is set); default off
         * @return this builder
         */
        public Builder trustForwardedHeaders(boolean value) {
            this.trustForwarded = value;
            return this;
        }

        /**
         * @param text what a caller hears before the beep (spoken in Japanese)
         * @param maxSeconds the longest voicemail, 1 to 3,600 seconds
         * @return this builder
         * @throws ValidationException if the text is blank or the length out of range
         */
        public Builder voicemail(String text, int maxSeconds) {
            if (text == null || text.isBlank()) {
                throw ValidationException.of("greeting", "must not be blank");
            }
            if (maxSeconds < 1 || maxSeconds > 3_600) {
                throw ValidationException.of("maxRecordingSeconds", "must be 1 to 3600, was " + maxSeconds);
            }
            this.greeting = text;
            this.maxRecordingSeconds = maxSeconds;
            return this;
        }



        @Override
        protected Builder self() {
            return this;
        }

        /**
         * @return the adapter
         * @throws ValidationException if neither a sender number nor a Messaging Service is set
         */
        public TwilioAdapter build() {
            if (from == null && messagingServiceSid == null) {
                throw ValidationException.of("from", "must be set (or a messagingServiceSid) to send SMS replies");
            }
            return new TwilioAdapter(this);
        }
    }
}
