package io.madoguchi.core.ticket;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.CustomerId;
import io.madoguchi.core.GroupId;
import io.madoguchi.core.internal.LanguageTag;
import io.madoguchi.core.internal.Masked;
import io.madoguchi.core.internal.PlainText;
import io.madoguchi.core.internal.TagName;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Opens a ticket with its first message (a public message from the requester, or from the agent who opens it on
 * the customer's behalf). Build with {@link #builder(CustomerId, Channel, String, String)}.
 *
 * @param subject the subject, 1 to 250 characters of one line of visible text (no control characters but tab, no
 *     lone surrogates or bidirectional controls)
 * @param requester the customer who asks
 * @param channel the channel it came in through
 * @param body the first message, 1 to 65,536 characters of visible text (tab and line breaks allowed, other
 *     control characters, lone surrogates and bidirectional controls not)
 * @param attachments attachment metadata of the first message, at most 20
 * @param priority the priority
 * @param type the type
 * @param complaint whether it is a complaint (クレーム)
 * @param tags tags, at most 50, each 1 to 64 characters without whitespace after Unicode normalization (NFKC,
 *     lower case, trimmed: the form they are stored in)
 * @param customFields custom field values by key, validated against the tenant's definitions
 * @param assignee the agent to assign manually, or null to leave it to the strategy
 * @param group the group, or null
 * @param language the customer's language tag ({@code ja}, {@code en-US}: an ISO 639 code first, so
 *     {@code Japanese} is refused), or null
 */
public record CreateTicket(
    @NotNull @PlainText @Size(max = 250) String subject,
    @NotNull CustomerId requester,
    @NotNull Channel channel,
    @NotNull @PlainText(multiline = true) @Size(max = 65_536) String body,
    @NotNull @Size(max = 20) List<@NotNull @Valid Attachment> attachments,
    @NotNull Priority priority,
    @NotNull TicketType type,
    boolean complaint,
    @NotNull @Size(max = 50) Set<@NotNull @TagName String> tags,
    @NotNull Map<String, Object> customFields,
    @Nullable AgentId assignee,
    @Nullable GroupId group,
    @Nullable @LanguageTag String language) {

    /**
     * @param requester the customer who asks
     * @param channel the channel it came in through
     * @param subject the subject
     * @param body the first message
     * @return a builder with priority normal, type question, no tags
     * @throws NullPointerException if an argument is null
     */
    public static Builder builder(CustomerId requester, Channel channel, String subject, String body) {
        return new Builder(requester, channel, subject, body);
    }

    /** Builds a {@link CreateTicket}. Not thread-safe. Values are validated by the desk, not here. */
    public static final class Builder {
        private final CustomerId requester;
        private final Channel channel;
        private final String subject;
        private final String body;
        private List<Attachment> attachments = List.of();
        private Priority priority = Priority.NORMAL;
        private TicketType type = TicketType.QUESTION;
        private boolean complaint;
        private final Set<String> tags = new LinkedHashSet<>();
        private final Map<String, Object> customFields = new LinkedHashMap<>();
        private @Nullable AgentId assignee;
        private @Nullable GroupId group;
        private @Nullable String language;

        private Builder(CustomerId requester, Channel channel, String subject, String body) {
            this.requester = requireNonNull(requester, "requester");
            this.channel = requireNonNull(channel, "channel");
            this.subject = requireNonNull(subject, "subject");
            this.body = requireNonNull(body, "body");
        }

        /**
         * @param value attachments of the first message
         * @return this
         */
        public Builder attachments(List<Attachment> value) {
            this.attachments = List.copyOf(value);
            return this;
        }

        /**
         * @param value the priority
         * @return this
         */
        public Builder priority(Priority value) {
            this.priority = requireNonNull(value, "priority");
            return this;
        }

        /**
         * @param value the type
         * @return this
         */
        public Builder type(TicketType value) {
            this.type = requireNonNull(value, "type");
            return this;
        }

        /**
         * @param value whether it is a complaint (クレーム)
         * @return this
         */
        public Builder complaint(boolean value) {
            this.complaint = value;
            return this;
        }

        /**
         * @param values tags to add
         * @return this
         */
        public Builder tags(String... values) {
            for (String v : values) {
                tags.add(requireNonNull(v, "tag"));
            }
            return this;
        }

        /**
         * @param key the field key
         * @param value its value
         * @return this
         */
        public Builder customField(String key, Object value) {
            customFields.put(requireNonNull(key, "key"), requireNonNull(value, "value"));
            return this;
        }

        /**
         * @param value the agent to assign manually
         * @return this
         */
        public Builder assignee(AgentId value) {
            this.assignee = requireNonNull(value, "assignee");
            return this;
        }

        /**
         * @param value the group
         * @return this
         */
        public Builder group(GroupId value) {
            this.group = requireNonNull(value, "group");
            return this;
        }

        /**
         * @param value the customer's language tag, for example {@code ja}
         * @return this
         */
        public Builder language(String value) {
            this.language = requireNonNull(value, "language");
            return this;
        }

        /** @return the command; the desk validates it when it is executed */
        public CreateTicket build() {
            return new CreateTicket(subject, requester, channel, body, attachments, priority, type, complaint,
                Set.copyOf(tags), Map.copyOf(customFields), assignee, group, language);
        }
    }

    /**
     * @return a description without the subject, the body, the attachment names or the custom field values
     *     (personal data), for logs: custom fields are listed by key only
     */
    @Override
    public String toString() {
        return "CreateTicket[requester=" + requester + ", " + channel + ", subject=" + Masked.chars(subject)
            + ", body=" + Masked.chars(body) + ", attachments=" + Masked.count(attachments) + ", " + priority
            + "/" + type + (complaint ? ", complaint" : "") + ", tags=" + tags + ", customFields="
            + Masked.keys(customFields) + ", assignee=" + assignee + ", group=" + group
            + ", language=" + language + "]";
    }
}
