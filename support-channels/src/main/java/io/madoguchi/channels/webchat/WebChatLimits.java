package io.madoguchi.channels.webchat;

import io.madoguchi.core.ValidationException;
import io.madoguchi.core.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The bounds of a web chat: what one visitor may send and hold open, and how much the chat remembers. Immutable.
 *
 * @param maxMessageChars the longest message text a visitor may send, in UTF-16 code units
 * @param maxBodyBytes the largest request body read, in bytes
 * @param sendsPerMinute how many messages one visitor may send in a minute (a retry of a message already stored
 *     does not count)
 * @param startsPerMinute how many conversations the whole chat starts in a minute (anonymous visitors are cheap to
 *     make; this bounds how fast anyone can make them)
 * @param maxStreamsPerVisitor how many event streams one visitor may hold open at once
 * @param maxStreams how many event streams the chat holds open in all
 * @param maxTrackedVisitors how many visitors the rate limiter remembers (least recently seen forgotten first)
 * @param tokenLifetime how long a visitor token is accepted after it was issued
 * @param recentEvents how many recent public messages the shared tail keeps for streams to read without going to
 *     the event log (older positions are read from the log)
 */
public record WebChatLimits(int maxMessageChars, int maxBodyBytes, int sendsPerMinute, int startsPerMinute,
                            int maxStreamsPerVisitor, int maxStreams, int maxTrackedVisitors, Duration tokenLifetime,
                            int recentEvents) {

    /**
     * 2,000 characters, 16 KiB bodies, 20 messages a minute per visitor, 600 new conversations a minute, 3 streams
     * per visitor and 5,000 in all, 100,000 visitors remembered, tokens valid for 30 days, 10,000 recent messages.
     */
    public static final WebChatLimits DEFAULT = new WebChatLimits(2_000, 16 * 1024, 20, 600, 3, 5_000, 100_000,
        Duration.ofDays(30), 10_000);

    /**
     * @param maxMessageChars the longest message text a visitor may send, in UTF-16 code units
     * @param maxBodyBytes the largest request body read, in bytes
     * @param sendsPerMinute how many messages one visitor may send in a minute (a retry of a message already stored
     *     does not count)
     * @param startsPerMinute how many conversations the whole chat starts in a minute (anonymous visitors are cheap to
     *     make; this bounds how fast anyone can make them)
     * @param maxStreamsPerVisitor how many event streams one visitor may hold open at once
     * @param maxStreams how many event streams the chat holds open in all
     * @param maxTrackedVisitors how many visitors the rate limiter remembers (least recently seen forgotten first)
     * @param tokenLifetime how long a visitor token is accepted after it was issued
     * @param recentEvents how many recent public messages the shared tail keeps for streams to read without going to
     *     the event log (older positions are read from the log)
     * @throws ValidationException naming each limit that is not positive
     */
    public WebChatLimits {
        List<Violation> problems = new ArrayList<>();
        positive(problems, "maxMessageChars", maxMessageChars);
        positive(problems, "maxBodyBytes", maxBodyBytes);
        positive(problems, "sendsPerMinute", sendsPerMinute);
        positive(problems, "startsPerMinute", startsPerMinute);
        positive(problems, "maxStreamsPerVisitor", maxStreamsPerVisitor);
        positive(problems, "maxStreams", maxStreams);
        positive(problems, "maxTrackedVisitors", maxTrackedVisitors);
        positive(problems, "recentEvents", recentEvents);
        if (tokenLifetime == null || tokenLifetime.isNegative() || tokenLifetime.isZero()) {
            problems.add(new Violation("tokenLifetime", "must be a positive duration, was " + tokenLifetime));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
    }

    private static void positive(List<Violation> problems, String field, int value) {
        if (value <= 0) {
            problems.add(new Violation(field, "must be positive, was " + value));
        }
    }
}
