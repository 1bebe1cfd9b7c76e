package io.madoguchi.examples.plugin;

import io.madoguchi.channels.ChannelAdapter;
import io.madoguchi.channels.ChannelAdapterProvider;
import io.madoguchi.core.ValidationException;
import java.time.Clock;
import java.util.function.Function;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * The ServiceLoader entry of the Kairan plugin
 * ({@code META-INF/services/io.madoguchi.channels.ChannelAdapterProvider}).
 * Settings: {@code secret}, {@code token}, {@code baseUrl}.
 */
public final class KairanAdapterProvider implements ChannelAdapterProvider {

    /** For ServiceLoader. */
    public KairanAdapterProvider() {
    }

    @Override
    public String channel() {
        return KairanAdapter.CHANNEL.name();
    }

    @Override
    public ChannelAdapter create(Function<String, @Nullable String> settings) {
        String secret = settings.apply("secret");
        String token = settings.apply("token");
        String baseUrl = settings.apply("baseUrl");
        if (secret == null || secret.isBlank() || token == null || token.isBlank() || baseUrl == null) {
            throw ValidationException.of("kairan", "needs the settings secret, token and baseUrl");
        }
        return new KairanAdapter(secret, token, baseUrl, new OkHttpClient.Builder().retryOnConnectionFailure(false)
            .build(), Clock.systemUTC());
    }
}
