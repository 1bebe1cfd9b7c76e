package io.madoguchi.channels.slack;

import io.madoguchi.channels.ChannelAdapter;
import io.madoguchi.channels.ChannelAdapterProvider;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * ServiceLoader entry for Slack. Settings: {@code secret} (signing secret), {@code token} (bot token), optional
 * {@code baseUrl}.
 */
public final class SlackAdapterProvider implements ChannelAdapterProvider {

    /** For ServiceLoader. */
    public SlackAdapterProvider() {
    }

    @Override
    public String channel() {
        return "slack";
    }

    @Override
    public ChannelAdapter create(Function<String, @Nullable String> settings) {
        SlackAdapter.Builder b = SlackAdapter.builder(settings.apply("secret"), settings.apply("token"));
        String base = settings.apply("baseUrl");
        if (base != null) {
            b.baseUrl(base);
        }
        return b.build();
    }
}
