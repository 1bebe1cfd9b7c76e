package io.madoguchi.channels;

/**
 * What a channel's outbound API can do, so the outbox splits and routes replies correctly. Immutable.
 *
 * @param maxTextLength the most UTF-16 code units in one text message (LINE 5,000; Twilio 1,600)
 * @param messagesPerRequest the most text messages in one API request (LINE 5; Slack 1)
 * @param replyTokens whether the channel answers with a short-lived reply token
 * @param threads whether replies go into a thread
 */
public record ChannelCapabilities(int maxTextLength, int messagesPerRequest, boolean replyTokens, boolean threads) {

    /**
     * @param maxTextLength the most UTF-16 code units in one text message (LINE 5,000; Twilio 1,600)
     * @param messagesPerRequest the most text messages in one API request (LINE 5; Slack 1)
     * @param replyTokens whether the channel answers with a short-lived reply token
     * @param threads whether replies go into a thread
     * @throws IllegalArgumentException if a count is not positive
     */
    public ChannelCapabilities {
        if (maxTextLength < 2 || messagesPerRequest < 1) {
            throw new IllegalArgumentException("maxTextLength must be at least 2 and messagesPerRequest at least 1");
        }
    }
}
