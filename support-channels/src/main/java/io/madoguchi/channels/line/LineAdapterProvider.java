package io.madoguchi.channels.line;

import io.madoguchi.channels.ChannelAdapter;
import io.madoguchi.channels.ChannelAdapterProvider;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * ServiceLoader entry for LINE. Settings: {@code secret} (channel secret), {@code token} (channel access token),
 * optional {@code baseUrl}.
 */
public final class LineAdapterProvider implements ChannelAdapterProvider {

    /** For ServiceLoader. */
    public LineAdapterProvider() {
    }

    @Override
    public String channel() {
        return "line";
    }

    @Override
    public ChannelAdapter create(Function<String, @Nullable String> settings) {
        LineAdapter.Builder b = LineAdapter.builder(settings.apply("secret"), settings.apply("token"));
        String base = settings.apply("baseUrl");
        if (base != null) {
            b.baseUrl(base);
        }
        return b.build();
    }
}
