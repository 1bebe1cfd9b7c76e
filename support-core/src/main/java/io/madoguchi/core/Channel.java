package io.madoguchi.core;

import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A channel through which customers reach the desk. The built-in channels are constants; a plugin
 * adds its own with {@link #of(String)} (for example {@code Channel.of("whatsapp")}).
 *
 * @param name lower-case name: letters, digits, {@code _} and {@code -}, 1 to 32 characters
 */
public record Channel(String name) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

    /** Email. */
    public static final Channel EMAIL = new Channel("email");
    /** Voice calls. */
    public static final Channel PHONE = new Channel("phone");
    /** SMS text messages. */
    public static final Channel SMS = new Channel("sms");
    /** The web chat widget. */
    public static final Channel WEB_CHAT = new Channel("web_chat");
    /** LINE Messaging API. */
    public static final Channel LINE = new Channel("line");
    /** Slack. */
    public static final Channel SLACK = new Channel("slack");
    /** A signed generic webhook. */
    public static final Channel WEBHOOK = new Channel("webhook");
    /** A web form or the host application's own API. */
    public static final Channel WEB = new Channel("web");

    /**
     * @param name lower-case name: letters, digits, {@code _} and {@code -}, 1 to 32 characters
     * @throws ValidationException if {@code name} is not a valid channel name
     */
    public Channel {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ValidationException.of("channel",
                "must be 1-32 lower-case letters, digits, '_' or '-', starting with a letter or digit; was '"
                    + name + "'");
        }
    }

    /**
     * @param name the channel's name; case is folded
     * @return the channel
     * @throws ValidationException if the name is missing or not valid
     */
    public static Channel of(@Nullable String name) {
        if (name == null) {
            throw ValidationException.of("channel", "is required");
        }
        return new Channel(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return name;
    }
}
