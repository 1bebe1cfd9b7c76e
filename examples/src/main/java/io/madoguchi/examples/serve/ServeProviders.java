package io.madoguchi.examples.serve;

import static java.util.Objects.requireNonNull;

import io.madoguchi.channels.email.MailTransport;
import org.jspecify.annotations.Nullable;

/**
 * The providers {@code madoguchi serve} talks to, with their secrets. A webhook endpoint is served only when its
 * secrets are all here; an endpoint left out answers 404 with one line saying it is not configured, and its URL is
 * not printed. {@link #toString()} names the configured providers, never a secret. Immutable; built with
 * {@link #builder()}, where a blank value counts as not configured.
 *
 * @param lineSecret the LINE channel secret, or null
 * @param lineToken the LINE channel access token, or null
 * @param slackSecret the Slack signing secret, or null
 * @param slackToken the Slack bot token, or null
 * @param twilioAccountSid the Twilio account SID, or null
 * @param twilioAuthToken the Twilio auth token, or null
 * @param twilioFrom the number SMS replies come from, or null
 * @param twilioApiBase the Twilio API's base URL
 * @param publicBaseUrl the public base URL providers call, or null for the request's Host
 * @param sendGridInboundKey the SendGrid Inbound Parse security policy's public key, or null
 * @param mailgunSigningKey the Mailgun webhook signing key, or null
 * @param mailTransport how replies to mail leave, or null
 * @param supportAddress the address customers write to
 */
public record ServeProviders(@Nullable String lineSecret, @Nullable String lineToken, @Nullable String slackSecret,
                             @Nullable String slackToken, @Nullable String twilioAccountSid,
                             @Nullable String twilioAuthToken, @Nullable String twilioFrom, String twilioApiBase,
                             @Nullable String publicBaseUrl, @Nullable String sendGridInboundKey,
                             @Nullable String mailgunSigningKey, @Nullable MailTransport mailTransport,
                             String supportAddress) {

    /**
     * @param lineSecret the LINE channel secret, or null
     * @param lineToken the LINE channel access token, or null
     * @param slackSecret the Slack signing secret, or null
     * @param slackToken the Slack bot token, or null
     * @param twilioAccountSid the Twilio account SID, or null
     * @param twilioAuthToken the Twilio auth token, or null
     * @param twilioFrom the number SMS replies come from, or null
     * @param twilioApiBase the Twilio API's base URL
     * @param publicBaseUrl the public base URL providers call, or null for the request's Host
     * @param sendGridInboundKey the SendGrid Inbound Parse security policy's public key, or null
     * @param mailgunSigningKey the Mailgun webhook signing key, or null
     * @param mailTransport how replies to mail leave, or null
     * @param supportAddress the address customers write to
     */
    public ServeProviders {
        requireNonNull(twilioApiBase, "twilioApiBase");
        requireNonNull(supportAddress, "supportAddress");
    }

    /** @return a builder with no provider configured */
    public static Builder builder() {
        return new Builder();
    }

    boolean line() {
        return lineSecret != null && lineToken != null;
    }

    boolean slack() {
        return slackSecret != null && slackToken != null;
    }

    boolean twilio() {
        return twilioAccountSid != null && twilioAuthToken != null && twilioFrom != null;
    }

    @Override
    public String toString() {
        return "ServeProviders[line=" + line() + ", slack=" + slack() + ", twilio=" + twilio() + ", sendgrid="
            + (sendGridInboundKey != null) + ", mailgun=" + (mailgunSigningKey != null) + ", mail="
            + (mailTransport != null ? mailTransport.endpoint() : "none") + "]";
    }

    /** Builds the providers; a blank value counts as not configured. Not thread-safe. */
    public static final class Builder {
        private @Nullable String lineSecret;
        private @Nullable String lineToken;
        private @Nullable String slackSecret;
        private @Nullable String slackToken;
        private @Nullable String twilioAccountSid;
        private @Nullable String twilioAuthToken;
        private @Nullable String twilioFrom;
        private String twilioApiBase = "https://api.twilio.com";
        private @Nullable String publicBaseUrl;
        private @Nullable String sendGridInboundKey;
        private @Nullable String mailgunSigningKey;
        private @Nullable MailTransport mailTransport;
        private String supportAddress = "support@shop.example.jp";

        private Builder() {
        }

        private static @Nullable String given(@Nullable String value) {
            return value == null || value.isBlank() ? null : value;
        }

        /**
         * @param secret the LINE channel secret (webhook signatures)
         * @param token the LINE channel access token (replies)
         * @return this builder
         */
        public Builder line(@Nullable String secret, @Nullable String token) {
            this.lineSecret = given(secret);
            this.lineToken = given(token);
            return this;
        }

        /**
         * @param secret the Slack signing secret
         * @param token the Slack bot token
         * @return this builder
         */
        public Builder slack(@Nullable String secret, @Nullable String token) {
            this.slackSecret = given(secret);
            this.slackToken = given(token);
            return this;
        }

        /**
         * @param accountSid the Twilio account SID
         * @param authToken the auth token (webhook signatures and the Messages API)
         * @param from the number SMS replies come from when the customer's message named none (E.164)
         * @return this builder
         */
        public Builder twilio(@Nullable String accountSid, @Nullable String authToken, @Nullable String from) {
            this.twilioAccountSid = given(accountSid);
            this.twilioAuthToken = given(authToken);
            this.twilioFrom = given(from);
            return this;
        }

        /**
         * @param value the Twilio API's base URL (a stub's in tests)
         * @return this builder
         */
        public Builder twilioApiBase(String value) {
            this.twilioApiBase = requireNonNull(value, "twilioApiBase");
            return this;
        }

        /**
         * @param value the public base URL providers call (behind a tunnel or proxy), for Twilio's signatures and
         *     the survey links; null to use the request's Host
         * @return this builder
         */
        public Builder publicBaseUrl(@Nullable String value) {
            this.publicBaseUrl = given(value);
            return this;
        }

        /**
         * @param publicKey the SendGrid Inbound Parse security policy's public key (Base64)
         * @return this builder
         */
        public Builder sendGridInbound(@Nullable String publicKey) {
            this.sendGridInboundKey = given(publicKey);
            return this;
        }

        /**
         * @param signingKey the Mailgun HTTP webhook signing key
         * @return this builder
         */
        public Builder mailgunInbound(@Nullable String signingKey) {
            this.mailgunSigningKey = given(signingKey);
            return this;
        }

        /**
         * @param transport how email replies leave (SMTP, SendGrid or Mailgun); null: replies to mail are
         *     dead-lettered with a note on the ticket
         * @return this builder
         */
        public Builder mailTransport(@Nullable MailTransport transport) {
            this.mailTransport = transport;
            return this;
        }

        /**
         * @param value the address customers write to
         * @return this builder
         */
        public Builder supportAddress(String value) {
            this.supportAddress = requireNonNull(value, "supportAddress");
            return this;
        }

        /** @return the providers */
        public ServeProviders build() {
            return new ServeProviders(lineSecret, lineToken, slackSecret, slackToken, twilioAccountSid,
                twilioAuthToken, twilioFrom, twilioApiBase, publicBaseUrl, sendGridInboundKey, mailgunSigningKey,
                mailTransport, supportAddress);
        }
    }
}
