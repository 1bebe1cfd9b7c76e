package io.madoguchi.channels.twilio;

import io.madoguchi.channels.ChannelAdapter;
import io.madoguchi.channels.ChannelAdapterProvider;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * ServiceLoader entry for Twilio SMS and voice (channel {@code sms}). Settings: {@code accountSid}, {@code secret}
 * (the auth token), {@code from} (a sender number) or {@code messagingServiceSid}; optional {@code baseUrl},
 * {@code publicBaseUrl} and {@code trustForwardedHeaders} ({@code true} to rebuild the public URL from
 * {@code X-Forwarded-Proto} / {@code X-Forwarded-Host}).
 */
public final class TwilioAdapterProvider implements ChannelAdapterProvider {

    /** For ServiceLoader. */
    public TwilioAdapterProvider() {
    }

    @Override
    public String channel() {
        return "sms";
    }

    @Override
    public ChannelAdapter create(Function<String, @Nullable String> settings) {
        TwilioAdapter.Builder b = TwilioAdapter.builder(settings.apply("accountSid"), settings.apply("secret"));
        String from = settings.apply("from");
        if (from != null) {
            b.from(from);
        }
        String service = settings.apply("messagingServiceSid");
        if (service != null) {
            b.messagingServiceSid(service);
        }
        String base = settings.apply("baseUrl");
        if (base != null) {
            b.baseUrl(base);
        }
        String publicBase = settings.apply("publicBaseUrl");
        if (publicBase != null) {
            b.publicBaseUrl(publicBase);
        }
        b.trustForwardedHeaders("true".equalsIgnoreCase(settings.apply("trustForwardedHeaders")));
        return b.build();
    }
}
