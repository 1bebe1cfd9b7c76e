package io.madoguchi.channels.twilio;

import io.madoguchi.channels.WebhookLimits;
import io.madoguchi.channels.WebhookRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Twilio webhook bodies with the parameters Twilio documents for incoming SMS, incoming calls, {@code <Record>}
 * actions and transcription callbacks, form-encoded and signed as Twilio signs them.
 */
final class TwilioPayloads {

    static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";
    static final String TOKEN = "12345678901234567890123456789012";
    static final String NUMBER = "+815012345678";
    static final String URL = "https://desk.example.jp/webhooks/sms";

    private TwilioPayloads() {
    }

    static Map<String, String> sms(String messageSid, String from, String body) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("ToCountry", "JP");
        p.put("ToState", "");
        p.put("SmsMessageSid", messageSid);
        p.put("NumMedia", "0");
        p.put("ToCity", "");
        p.put("FromZip", "");
        p.put("SmsSid", messageSid);
        p.put("FromState", "");
        p.put("SmsStatus", "received");
        p.put("FromCity", "");
        p.put("Body", body);
        p.put("FromCountry", "JP");
        p.put("To", NUMBER);
        p.put("ToZip", "");
        p.put("NumSegments", "1");
        p.put("MessageSid", messageSid);
        p.put("AccountSid", ACCOUNT);
        p.put("From", from);
        p.put("ApiVersion", "2010-04-01");
        return p;
    }

    /** A message status callback as Twilio posts it for a message the desk sent to {@code to}. */
    static Map<String, String> status(String messageSid, String to, String status) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("SmsSid", messageSid);
        p.put("SmsStatus", status);
        p.put("MessageStatus", status);
        p.put("To", to);
        p.put("MessageSid", messageSid);
        p.put("AccountSid", ACCOUNT);
        p.put("From", NUMBER);
        p.put("ApiVersion", "2010-04-01");
        return p;
    }

    static Map<String, String> call(String callSid, String from) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("Called", NUMBER);
        p.put("ToState", "");
        p.put("CallerCountry", "JP");
        p.put("Direction", "inbound");
        p.put("CallerState", "");
        p.put("ToZip", "");
        p.put("CallSid", callSid);
        p.put("To", NUMBER);
        p.put("CallerZip", "");
        p.put("ToCountry", "JP");
        p.put("CallToken", "%7B%22parentCallInfoToken%22%3A%22eyJhbGciOiJFUzI1NiJ9%22%7D");
        p.put("ApiVersion", "2010-04-01");
        p.put("CalledZip", "");
        p.put("CalledCity", "");
        p.put("CallStatus", "ringing");
        p.put("From", from);
        p.put("AccountSid", ACCOUNT);
        p.put("CalledCountry", "JP");
        p.put("CallerCity", "");
        p.put("Caller", from);
        p.put("FromCountry", "JP");
        p.put("ToCity", "");
        p.put("FromCity", "");
        p.put("CalledState", "");
        p.put("FromZip", "");
        p.put("FromState", "");
        return p;
    }

    /** What the {@code <Record>} verb posts to its action URL when the caller has spoken. */
    static Map<String, String> recording(String callSid, String recordingSid, String from, int seconds) {
        Map<String, String> p = call(callSid, from);
        p.put("CallStatus", "in-progress");
        p.put("RecordingUrl", "https://api.twilio.com/2010-04-01/Accounts/" + ACCOUNT + "/Recordings/" + recordingSid);
        p.put("RecordingSid", recordingSid);
        p.put("RecordingDuration", Integer.toString(seconds));
        p.put("Digits", "hangup");
        return p;
    }

    /** What Twilio posts to {@code transcribeCallback} when the transcription is ready. */
    static Map<String, String> transcription(String callSid, String recordingSid, String transcriptionSid,
                                             String from, String text) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("ApiVersion", "2010-04-01");
        p.put("TranscriptionType", "fast");
        p.put("TranscriptionUrl", "https://api.twilio.com/2010-04-01/Accounts/" + ACCOUNT + "/Recordings/"
            + recordingSid + "/Transcriptions/" + transcriptionSid);
        p.put("TranscriptionSid", transcriptionSid);
        p.put("Called", NUMBER);
        p.put("RecordingSid", recordingSid);
        p.put("CallStatus", "completed");
        p.put("RecordingUrl", "https://api.twilio.com/2010-04-01/Accounts/" + ACCOUNT + "/Recordings/" + recordingSid);
        p.put("From", from);
        p.put("Direction", "inbound");
        p.put("url", URL);
        p.put("AccountSid", ACCOUNT);
        p.put("TranscriptionText", text);
        p.put("Caller", from);
        p.put("TranscriptionStatus", "completed");
        p.put("CallSid", callSid);
        p.put("To", NUMBER);
        return p;
    }

    /** Form-encodes as Twilio does: every reserved and non-ASCII character percent-encoded, space as '+'. */
    static byte[] encode(Map<String, String> params) {
        return params.entrySet().stream()
            .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&")).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Form-encodes escaping only what form syntax needs ({@code % & = +}, space and controls), leaving other text as
     * UTF-8: a decoder reads it the same, and the contract kit can find and alter the text in the raw body.
     */
    static byte[] encodeLightly(Map<String, String> params) {
        return params.entrySet().stream().map(e -> light(e.getKey()) + "=" + light(e.getValue()))
            .collect(Collectors.joining("&")).getBytes(StandardCharsets.UTF_8);
    }

    private static String light(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == ' ') {
                b.append('+');
            } else if ("%&=+#".indexOf(c) >= 0 || c < 0x20) {
                b.append(URLEncoder.encode(Character.toString(c), StandardCharsets.UTF_8));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    static WebhookRequest request(String token, String url, byte[] body) {
        return request(token, url, url, body, Map.of());
    }

    /** A request arriving at {@code seenUrl} whose signature Twilio computed over {@code signedUrl}. */
    static WebhookRequest request(String token, String signedUrl, String seenUrl, byte[] body,
                                  Map<String, String> extraHeaders) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Type", List.of("application/x-www-form-urlencoded"));
        headers.put("I-Twilio-Idempotency-Token", List.of("b7f1b0e2-9c1d-4a8e-8f39-0c6e4c1d2a11"));
        headers.put("X-Twilio-Signature", List.of(TwilioAdapter.sign(signedUrl, TwilioAdapter.form(body), token)));
        extraHeaders.forEach((k, v) -> headers.put(k, List.of(v)));
        return WebhookRequest.of("POST", seenUrl, headers, body, WebhookLimits.DEFAULT);
    }

    /** A phone number for one of the contract kit's user ids (which are not phone numbers). */
    static String phoneFor(String userId) {
        return "+8190" + String.format("%08d", Math.floorMod(userId.hashCode(), 100_000_000));
    }

    static String messageJson(String sid, String to, String body, String dateCreated) {
        return "{\"account_sid\":\"" + ACCOUNT + "\",\"api_version\":\"2010-04-01\",\"body\":\"" + body + "\","
            + "\"date_created\":\"" + dateCreated + "\",\"date_sent\":null,\"date_updated\":\"" + dateCreated + "\","
            + "\"direction\":\"outbound-api\",\"error_code\":null,\"error_message\":null,\"from\":\"" + NUMBER + "\","
            + "\"messaging_service_sid\":null,\"num_media\":\"0\",\"num_segments\":\"1\",\"price\":null,"
            + "\"price_unit\":\"USD\",\"sid\":\"" + sid + "\",\"status\":\"queued\",\"subresource_uris\":{\"media\":"
            + "\"/2010-04-01/Accounts/" + ACCOUNT + "/Messages/" + sid + "/Media.json\"},\"to\":\"" + to + "\","
            + "\"uri\":\"/2010-04-01/Accounts/" + ACCOUNT + "/Messages/" + sid + ".json\"}";
    }
}
