package io.madoguchi.core.agent;

import io.madoguchi.core.Channel;
import java.util.Locale;

/** Builds the skill strings routing understands. Stateless and thread-safe. */
public final class Skills {

    private Skills() {
    }

    /** @param tag a language tag such as {@code ja} @return {@code language:ja} */
    public static String language(String tag) {
        return "language:" + tag.toLowerCase(Locale.ROOT);
    }

    /** @param name a product name @return {@code product:<name>} */
    public static String product(String name) {
        return "product:" + name.toLowerCase(Locale.ROOT);
    }

    /** @param channel a channel @return {@code channel:<name>} */
    public static String channel(Channel channel) {
        return "channel:" + channel.name();
    }
}
