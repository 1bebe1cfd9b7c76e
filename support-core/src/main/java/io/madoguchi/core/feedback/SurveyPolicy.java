package io.madoguchi.core.feedback;

import io.madoguchi.core.Channel;
import io.madoguchi.core.ValidationException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * When surveys are sent: per-channel delay after solve, channels without surveys, throttling, suppression
 * rules, the relationship-survey interval and the token lifetime. Immutable and thread-safe.
 */
public final class SurveyPolicy {

    private final Duration defaultDelay;
    private final Map<Channel, Duration> delays;
    private final Set<Channel> disabledChannels;
    private final Duration throttle;
    private final boolean suppressMerged;
    private final boolean suppressSpam;
    private final boolean suppressComplaints;
    private final Duration relationshipInterval;
    private final Duration tokenLifetime;

    private SurveyPolicy(Builder b) {
        this.defaultDelay = b.defaultDelay;
        this.delays = Map.copyOf(b.delays);
        this.disabledChannels = Set.copyOf(b.disabledChannels);
        this.throttle = b.throttle;
        this.suppressMerged = b.suppressMerged;
        this.suppressSpam = b.suppressSpam;
        this.suppressComplaints = b.suppressComplaints;
        this.relationshipInterval = b.relationshipInterval;
        this.tokenLifetime = b.tokenLifetime;
    }

    /**
     * @return the defaults: 1 hour delay, 30-day throttle, merged/spam suppressed, NPS every 90 days, tokens live 14
     *     days
     */
    public static SurveyPolicy defaults() {
        return builder().build();
    }

    /** @return a new builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param channel a channel
     * @return the delay after solve on that channel
     */
    public Duration delayFor(Channel channel) {
        return delays.getOrDefault(channel, defaultDelay);
    }

    /**
     * @param channel a channel
     * @return whether surveys are sent on it
     */
    public boolean enabledOn(Channel channel) {
        return !disabledChannels.contains(channel);
    }

    /** @return the least time between two invitations to the same customer */
    public Duration throttle() {
        return throttle;
    }

    /** @return whether merged tickets get no survey */
    public boolean suppressMerged() {
        return suppressMerged;
    }

    /** @return whether spam tickets get no survey */
    public boolean suppressSpam() {
        return suppressSpam;
    }

    /** @return whether complaint tickets get no survey */
    public boolean suppressComplaints() {
        return suppressComplaints;
    }

    /** @return how often a customer gets the relationship (NPS) survey */
    public Duration relationshipInterval() {
        return relationshipInterval;
    }

    /** @return how long a survey token stays valid after the invitation is due */
    public Duration tokenLifetime() {
        return tokenLifetime;
    }

    @Override
    public String toString() {
        return "SurveyPolicy[defaultDelay=" + defaultDelay + ", delays=" + delays + ", disabled=" + disabledChannels
            + ", throttle=" + throttle + ", relationshipInterval=" + relationshipInterval + "]";
    }

    /** Builds a {@link SurveyPolicy}. Not thread-safe. */
    public static final class Builder {
        private Duration defaultDelay = Duration.ofHours(1);
        private final Map<Channel, Duration> delays = new HashMap<>();
        private final Set<Channel> disabledChannels = new HashSet<>();
        private Duration throttle = Duration.ofDays(30);
        private boolean suppressMerged = true;
        private boolean suppressSpam = true;
        private boolean suppressComplaints;
        private Duration relationshipInterval = Duration.ofDays(90);
        private Duration tokenLifetime = Duration.ofDays(14);

        private Builder() {
        }

        /**
         * @param delay delay after solve on channels without their own
         * @return this builder
         */
        public Builder defaultDelay(Duration delay) {
            this.defaultDelay = Objects.requireNonNull(delay, "delay");
            return this;
        }

        /**
         * @param channel a channel
         * @param delay its delay after solve
         * @return this builder
         * @throws ValidationException naming the channel's delay if it was already set
         */
        public Builder delay(Channel channel, Duration delay) {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(delay, "delay");
            if (delays.putIfAbsent(channel, delay) != null) {
                throw ValidationException.of("delays." + channel, "was already set; each setting is made once");
            }
            return this;
        }

        /**
         * @param channel a channel on which no post-solve survey is sent
         * @return this builder
         */
        public Builder disable(Channel channel) {
            disabledChannels.add(Objects.requireNonNull(channel, "channel"));
            return this;
        }

        /**
         * @param interval least time between two invitations to one customer ({@link Duration#ZERO} for none)
         * @return this builder
         */
        public Builder throttle(Duration interval) {
            this.throttle = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /**
         * @param merged suppress surveys on merged tickets
         * @param spam suppress surveys on spam tickets
         * @param complaints suppress surveys on complaint tickets
         * @return this builder
         */
        public Builder suppress(boolean merged, boolean spam, boolean complaints) {
            this.suppressMerged = merged;
            this.suppressSpam = spam;
            this.suppressComplaints = complaints;
            return this;
        }

        /**
         * @param interval how often a customer gets the relationship survey
         * @return this builder
         */
        public Builder relationshipInterval(Duration interval) {
            this.relationshipInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /**
         * @param lifetime how long a token stays valid after the invitation is due
         * @return this builder
         */
        public Builder tokenLifetime(Duration lifetime) {
            this.tokenLifetime = Objects.requireNonNull(lifetime, "lifetime");
            return this;
        }

        /**
         * @return the policy
         * @throws ValidationException if a duration is negative, or the relationship interval or token lifetime is
         *     not positive
         */
        public SurveyPolicy build() {
            if (defaultDelay.isNegative() || delays.values().stream().anyMatch(Duration::isNegative)) {
                throw ValidationException.of("policy.delay", "must not be negative");
            }
            if (throttle.isNegative()) {
                throw ValidationException.of("policy.throttle", "must not be negative; was " + throttle);
            }
            if (relationshipInterval.isNegative() || relationshipInterval.isZero()) {
                throw ValidationException.of("policy.relationshipInterval",
                    "must be positive; was " + relationshipInterval);
            }
            if (tokenLifetime.isNegative() || tokenLifetime.isZero()) {
                throw ValidationException.of("policy.tokenLifetime", "must be positive; was " + tokenLifetime);
            }
            return new SurveyPolicy(this);
        }
    }
}
