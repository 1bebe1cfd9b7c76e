package io.madoguchi.channels.email;

import io.madoguchi.channels.ChannelAdapter;
import io.madoguchi.channels.ChannelAdapterProvider;
import io.madoguchi.core.ValidationException;
import java.time.Clock;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * ServiceLoader entry for email. Settings: {@code address} (the support address); inbound: either
 * {@code sendgridPublicKey} (the Parse security policy's key) or {@code mailgunSigningKey}; outbound: either
 * {@code smtpHost} with optional {@code smtpPort} (587), {@code smtpUser} and {@code smtpPassword}, or
 * {@code sendgridApiKey} with optional {@code baseUrl}; optional {@code name} (the display name of replies).
 * Message-IDs are threaded by tokens only: a host that wants known inbound Message-IDs too builds the adapter with
 * {@link EmailAdapter.Builder#threads(MailThreads)}.
 */
public final class EmailAdapterProvider implements ChannelAdapterProvider {

    /** For ServiceLoader. */
    public EmailAdapterProvider() {
    }

    @Override
    public String channel() {
        return "email";
    }

    @Override
    public ChannelAdapter create(Function<String, @Nullable String> settings) {
        String address = settings.apply("address");
        if (address == null) {
            throw ValidationException.of("address", "is required: the support address customers write to");
        }
        String sendgridKey = settings.apply("sendgridPublicKey");
        String mailgunKey = settings.apply("mailgunSigningKey");
        InboundMailSource source;
        if (sendgridKey != null) {
            source = SendGridInbound.withPublicKey(sendgridKey);
        } else if (mailgunKey != null) {
            source = MailgunInbound.withSigningKey(mailgunKey);
        } else {
            throw ValidationException.of("sendgridPublicKey", "or mailgunSigningKey is required");
        }
        String host = settings.apply("smtpHost");
        String apiKey = settings.apply("sendgridApiKey");
        MailTransport transport;
        if (host != null) {
            String port = settings.apply("smtpPort");
            int p;
            try {
                p = port == null ? 587 : Integer.parseInt(port.strip());
            } catch (NumberFormatException e) {
                throw ValidationException.of("smtpPort", "must be a port number, was '" + port + "'");
            }
            SmtpTransport.Builder smtp = SmtpTransport.builder(host, p);
            String user = settings.apply("smtpUser");
            String password = settings.apply("smtpPassword");
            if (user != null && password != null) {
                smtp.credentials(user, password);
            }
            transport = smtp.build();
        } else if (apiKey != null) {
            String base = settings.apply("baseUrl");
            transport = SendGridTransport.of(apiKey, base != null ? base : "https://api.sendgrid.com", null,
                Clock.systemUTC());
        } else {
            throw ValidationException.of("smtpHost", "or sendgridApiKey is required");
        }
        EmailAdapter.Builder b = EmailAdapter.builder(address, source, transport);
        String name = settings.apply("name");
        if (name != null) {
            b.supportName(name);
        }
        return b.build();
    }
}
