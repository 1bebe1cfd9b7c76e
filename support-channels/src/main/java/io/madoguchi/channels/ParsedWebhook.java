package io.madoguchi.channels;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A verified webhook request, parsed. Immutable.
 *
 * @param messages the events it carried, in order; empty for a connectivity check
 * @param answer a response the provider expects instead of an empty 200 (Slack's {@code url_verification}
 *     challenge), or null
 */
public record ParsedWebhook(List<ChannelMessage> messages, @Nullable WebhookResponse answer) {

    /**
     * Copies the list.
     *
     * @param messages the events it carried, in order; empty for a connectivity check
     * @param answer a response the provider expects instead of an empty 200 (Slack's {@code url_verification}
     *     challenge), or null
     */
    public ParsedWebhook {
        messages = List.copyOf(messages);
    }

    /**
     * @param messages the events
     * @return a parsed request answered with an empty 200
     */
    public static ParsedWebhook of(List<ChannelMessage> messages) {
        return new ParsedWebhook(messages, null);
    }
}
