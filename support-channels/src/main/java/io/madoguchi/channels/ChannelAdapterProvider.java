package io.madoguchi.channels;

import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Creates an adapter from settings, for {@link java.util.ServiceLoader} discovery
 * ({@code META-INF/services/io.madoguchi.channels.ChannelAdapterProvider}). Explicit registration with
 * {@link ChannelGateway.Builder#adapter(ChannelAdapter)} needs none of this.
 */
public interface ChannelAdapterProvider {

    /** @return the channel name it serves, for example {@code line} */
    String channel();

    /**
     * @param settings the host's settings by key (for LINE {@code secret} and {@code token}); a missing key gives null
     * @return the adapter
     * @throws io.madoguchi.core.ValidationException naming the missing or malformed setting
     */
    ChannelAdapter create(Function<String, @Nullable String> settings);
}
