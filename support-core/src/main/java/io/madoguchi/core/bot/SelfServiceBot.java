package io.madoguchi.core.bot;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.Channel;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.calendar.BusinessCalendar;
import io.madoguchi.core.event.DeskEvent;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.IllegalTransitionException;
import io.madoguchi.core.AccessDeniedException;
import io.madoguchi.core.NotFoundException;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.EventSubscriber;
import io.madoguchi.core.event.MessageAdded;
import io.madoguchi.core.event.StatusChanged;
import io.madoguchi.core.event.TicketCreated;
import io.madoguchi.core.event.TicketMerged;
import io.madoguchi.core.faq.FaqEntry;
import io.madoguchi.core.faq.FaqMatch;
import io.madoguchi.core.faq.FaqMatcher;
import io.madoguchi.core.faq.ScoredFaq;
import io.madoguchi.core.ticket.AuthorKind;
import io.madoguchi.core.ticket.ChangeTags;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketCommand;
import io.madoguchi.core.ticket.TicketStatus;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The 24-hour self-service bot. Subscribe it to the desk's event log ({@link SupportDesk#subscribe}) and it answers
 * every new customer ticket on its channels from the FAQ:
 *
 * <ul>
 *   <li>when the matcher is confident ({@link io.madoguchi.core.faq.FaqDecision#ANSWER}) it replies with the answer,
 *       asks "did this help?", tags the ticket {@value #TAG_AWAITING} and sets it pending;</li>
 *   <li>the customer's "yes" solves the ticket as deflected by self-service (tag {@value #TAG_DEFLECTED}); "no", or any
 *       other reply, hands it to a person with the bot's attempt as an internal note (tag {@value #TAG_HANDOVER});</li>
 *   <li>when the matcher is less sure it suggests up to three FAQs and leaves the ticket to a person; when it finds
 *       nothing it hands over at once, with an internal note saying what it tried;</li>
 *   <li>outside business hours (the {@link BusinessCalendar}) every reply tells the customer when a person will reply.</li>
 * </ul>
 *
 * <p>Answers teach the matcher ({@link FaqMatcher#feedback}). Complaint tickets and tickets opened by staff are left
 * alone. The bot acts through the desk as its own {@link Principal.Kind#BOT} principal, so everything it does is in the
 * ticket's history.
 *
 * <p>Thread-safe. The wait itself is the ticket's {@value #TAG_AWAITING} tag, so it survives a restart with a
 * persistent store; which FAQ was shown lives in memory, so a verdict after a restart settles the ticket but does not
 * teach the matcher.
 */
public final class SelfServiceBot implements EventSubscriber {

    /** Tag on a ticket whose FAQ answer awaits the customer's yes or no. */
    public static final String TAG_AWAITING = "bot-awaiting-feedback";
    /** Tag on a ticket the bot answered from the FAQ. */
    public static final String TAG_ANSWERED = "bot-answered";
    /** Tag on a ticket solved by self-service: the customer said the FAQ answer helped. */
    public static final String TAG_DEFLECTED = "self-service-deflected";
    /** Tag on a ticket the bot handed to a person. */
    public static final String TAG_HANDOVER = "bot-handover";

    private static final Logger LOG = LoggerFactory.getLogger(SelfServiceBot.class);
    /** Control characters other than line breaks and tabs, which the matcher refuses. */
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\n\\r\\t]]");

    private final SupportDesk desk;
    private final FaqMatcher matcher;
    private final BusinessCalendar calendar;
    private final Set<Channel> channels;
    private final String name;
    private final Map<String, BotTexts> texts;
    private final Map<TicketId, Attempt> awaiting = new ConcurrentHashMap<>();

    /** The FAQ answer shown on a ticket, for learning from the customer's verdict. */
    private record Attempt(TenantId tenant, String query, Locale locale, String faqId, String question, double confidence) {
    }

    private SelfServiceBot(Builder b) {
        this.desk = b.desk;
        this.matcher = b.matcher;
        this.calendar = b.calendar;
        this.channels = Set.copyOf(b.channels);
        this.name = b.name;
        this.texts = Map.of("ja", b.japanese, "en", b.english);
    }

    /**
     * @param desk the desk the bot works on
     * @param matcher the FAQ matcher it answers from
     * @return a builder: 24/7 calendar in UTC, every built-in channel but phone, name {@code madoguchi-bot}
     * @throws NullPointerException if an argument is null
     */
    public static Builder builder(SupportDesk desk, FaqMatcher matcher) {
        return new Builder(desk, matcher);
    }

    /** @return the bot's name, under which its place in the event log is kept */
    @Override
    public String name() {
        return name;
    }

    /**
     * Handles one committed event. Failures the input causes (a message the matcher refuses, a ticket that changed
     * status meanwhile) are logged and the ticket stays with people; any other failure is thrown so the desk retries
     * the event, and the steps the bot already committed for it are not repeated.
     *
     * @param envelope the event
     */
    @Override
    public void handle(EventEnvelope envelope) {
        if (envelope.event() instanceof DeskEvent event) {
            onEvent(event);
        }
    }

    private void onEvent(DeskEvent event) {
        try {
            if (event instanceof TicketCreated created) {
                onCreated(created);
            } else if (event instanceof MessageAdded added) {
                onMessage(added);
            } else if (event instanceof TicketMerged merged) {
                awaiting.remove(merged.ticket().id());
            } else if (event instanceof StatusChanged changed && changed.to() == TicketStatus.CLOSED) {
                // a closed ticket takes no more replies (they open follow-ups), so no verdict can come
                awaiting.remove(changed.ticket().id());
            }
        } catch (ValidationException | IllegalTransitionException | AccessDeniedException | NotFoundException e) {
            // the ticket stays with the desk's people; nothing the customer wrote is lost
            LOG.warn("self-service bot could not handle {} on ticket {}", event.getClass().getSimpleName(),
                event instanceof io.madoguchi.core.event.TicketEvent te ? te.ticket().id() : "-", e);
        }
    }

    /**
     * Answers a new ticket now, as {@link #handle} does for {@link TicketCreated}. For hosts that do not subscribe the
     * bot.
     *
     * @param ticket the ticket, as created
     * @param firstMessage its first message
     * @return what the bot did
     */
    public BotOutcome answer(Ticket ticket, Message firstMessage) {
        requireNonNull(ticket, "ticket");
        requireNonNull(firstMessage, "firstMessage");
        if (!channels.contains(ticket.channel()) || ticket.complaint() || firstMessage.isInternal()
            || firstMessage.authorKind() == AuthorKind.AGENT || firstMessage.authorKind() == AuthorKind.BOT) {
            return BotOutcome.IGNORED;
        }
        Principal bot = desk.bot(ticket.tenantId(), name);
        Locale locale = localeOf(ticket, firstMessage.body());
        BotTexts say = texts.get(locale.getLanguage());
        String query = query(ticket.subject(), firstMessage.body());
        FaqMatch match = matcher.match(ticket.tenantId(), query, locale);
        Instant now = desk.clock().instant();
        String closed = calendar.isOpen(now) ? "" : say.closed(calendar.nextOpening(now).atZone(calendar.zone()));
        TicketId id = ticket.id();
        switch (match.decision()) {
            case ANSWER -> {
                FaqEntry faq = match.candidates().get(0).entry();
                awaiting.put(id, new Attempt(ticket.tenantId(), query, locale, faq.id(), faq.question(), match.confidence()));
                desk.reply(bot, id, say.answer(faq.question(), withLinks(faq)) + closed);
                desk.apply(bot, ChangeTags.add(id, TAG_ANSWERED, TAG_AWAITING));
                desk.changeStatus(bot, id, TicketStatus.PENDING);
                return BotOutcome.ANSWERED;
            }
            case SUGGEST -> {
                List<String> questions = match.suggestions().stream().map(s -> s.entry().question()).toList();
                desk.reply(bot, id, say.suggest(questions) + closed);
                desk.addNote(bot, id, note("suggested " + describe(match.suggestions()), match));
                desk.apply(bot, ChangeTags.add(id, TAG_HANDOVER));
                return BotOutcome.SUGGESTED;
            }
            default -> {
                if (!closed.isEmpty()) {
                    desk.reply(bot, id, say.handOverReply() + closed);
                }
                desk.addNote(bot, id, note(match.candidates().isEmpty() ? "found no FAQ"
                    : "found nothing confident; best was " + describe(match.candidates().subList(0, 1)), match));
                desk.apply(bot, ChangeTags.add(id, TAG_HANDOVER));
                return BotOutcome.HANDED_OVER;
            }
        }
    }

    /**
     * Records the customer's verdict on the bot's answer, as {@link #onEvent} does when the customer replies: a button
     * in a chat or a LINE postback may call this directly.
     *
     * @param tenant the ticket's tenant
     * @param ticketId the ticket the bot answered
     * @param helpful whether the answer solved the customer's problem
     * @return {@link BotOutcome#DEFLECTED}, {@link BotOutcome#ESCALATED_TO_PERSON}, or {@link BotOutcome#IGNORED} if
     *     the bot was not waiting for a verdict on that ticket
     */
    public BotOutcome verdict(TenantId tenant, TicketId ticketId, boolean helpful) {
        requireNonNull(tenant, "tenant");
        requireNonNull(ticketId, "ticketId");
        Principal bot = desk.bot(tenant, name);
        Ticket ticket = desk.ticket(bot, ticketId);
        return settle(ticket, helpful ? ReplyIntent.YES : ReplyIntent.NO);
    }

    /**
     * @param ticketId a ticket
     * @return whether the bot waits for the customer's yes or no on it
     */
    public boolean isAwaitingVerdict(TicketId ticketId) {
        return awaiting.containsKey(ticketId);
    }

    private void onCreated(TicketCreated created) {
        if (created.followUpOf() == null) {
            answer(created.ticket(), created.firstMessage());
        } else if (created.ticket().tags().contains(TAG_AWAITING)) {
            // a follow-up copies the closed ticket's tags, but the bot's question was about that ticket
            desk.apply(desk.bot(created.ticket().tenantId(), name), ChangeTags.remove(created.ticket().id(), TAG_AWAITING));
        }
    }

    private void onMessage(MessageAdded added) {
        Message m = added.message();
        // the first message of a ticket (a follow-up's too) starts a conversation; it answers no question of the bot
        if (m.isInternal() || m.authorKind() != AuthorKind.CUSTOMER || m.seq() == 1
            || !added.ticket().tags().contains(TAG_AWAITING)) {
            return;
        }
        settle(added.ticket(), ReplyIntent.of(m.body()));
    }

    private BotOutcome settle(Ticket ticket, ReplyIntent intent) {
        if (!ticket.tags().contains(TAG_AWAITING)) {
            return BotOutcome.IGNORED;
        }
        Principal bot = desk.bot(ticket.tenantId(), name);
        TicketId id = ticket.id();
        Attempt attempt = awaiting.remove(id);
        if (intent == ReplyIntent.YES) {
            if (attempt != null) {
                matcher.feedback(attempt.tenant(), attempt.query(), attempt.locale(), attempt.faqId(), true);
            }
            desk.apply(bot, swapTag(id, TAG_AWAITING, TAG_DEFLECTED));
            desk.changeStatus(bot, id, TicketStatus.SOLVED);
            return BotOutcome.DEFLECTED;
        }
        if (intent == ReplyIntent.NO && attempt != null) {
            matcher.feedback(attempt.tenant(), attempt.query(), attempt.locale(), attempt.faqId(), false);
        }
        String what = attempt == null ? "an FAQ answer"
            : "FAQ " + attempt.faqId() + " 「" + attempt.question() + "」 (confidence "
                + String.format(Locale.ROOT, "%.2f", attempt.confidence()) + ")";
        String verdict = intent == ReplyIntent.NO ? "the customer said it did not help"
            : "the customer replied with something else";
        desk.addNote(bot, id, "Self-service bot: answered with " + what + "; " + verdict + ". Handing over to a person.");
        desk.apply(bot, swapTag(id, TAG_AWAITING, TAG_HANDOVER));
        Ticket now = desk.ticket(bot, id);
        if (now.status() != TicketStatus.OPEN && now.status().canTransitionTo(TicketStatus.OPEN)) {
            desk.changeStatus(bot, id, TicketStatus.OPEN);
        }
        if (now.assignee() == null && desk.assignmentStrategy().isPresent()) {
            desk.autoAssign(bot, id);
        }
        return BotOutcome.ESCALATED_TO_PERSON;
    }

    /** One atomic step, so the history and the events show one tag change, not two. */
    private static ChangeTags swapTag(TicketId id, String remove, String add) {
        return new ChangeTags(id, Set.of(add), Set.of(remove), TicketCommand.LATEST);
    }

    private static String note(String what, FaqMatch match) {
        return "Self-service bot " + what + " (confidence " + String.format(Locale.ROOT, "%.2f", match.confidence())
            + ", decision " + match.decision().name().toLowerCase(Locale.ROOT) + "). Over to a person.";
    }

    private static String describe(List<ScoredFaq> faqs) {
        StringBuilder b = new StringBuilder();
        for (ScoredFaq f : faqs) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(f.entry().id()).append(" 「").append(f.entry().question()).append('」');
        }
        return b.toString();
    }

    private static String withLinks(FaqEntry faq) {
        if (faq.links().isEmpty()) {
            return faq.answer();
        }
        return faq.answer() + "\n" + String.join("\n", faq.links());
    }

    private static String query(String subject, String body) {
        String q = body.startsWith(subject) ? body : subject + "\n" + body;
        q = CONTROL.matcher(q).replaceAll(" ");
        return q.length() <= FaqMatcher.MAX_QUERY_LENGTH ? q : q.substring(0, FaqMatcher.MAX_QUERY_LENGTH);
    }

    private static Locale localeOf(Ticket ticket, String text) {
        String lang = Optional.ofNullable(ticket.language()).map(l -> l.toLowerCase(Locale.ROOT)).orElse("");
        if (lang.startsWith("ja")) {
            return Locale.JAPANESE;
        }
        if (lang.startsWith("en")) {
            return Locale.ENGLISH;
        }
        for (int i = 0; i < text.length(); i++) {
            Character.UnicodeScript s = Character.UnicodeScript.of(text.charAt(i));
            if (s == Character.UnicodeScript.HIRAGANA || s == Character.UnicodeScript.KATAKANA
                || s == Character.UnicodeScript.HAN) {
                return Locale.JAPANESE;
            }
        }
        return Locale.ENGLISH;
    }

    /** Builds a {@link SelfServiceBot}. Not thread-safe; each setting may be made once. */
    public static final class Builder {
        private final SupportDesk desk;
        private final FaqMatcher matcher;
        private BusinessCalendar calendar = BusinessCalendar.twentyFourSeven(java.time.ZoneOffset.UTC);
        private Set<Channel> channels = Set.of(Channel.EMAIL, Channel.SMS, Channel.WEB_CHAT, Channel.LINE,
            Channel.SLACK, Channel.WEB, Channel.WEBHOOK);
        private String name = "madoguchi-bot";
        private BotTexts japanese = BotTexts.JAPANESE;
        private BotTexts english = BotTexts.ENGLISH;
        private final java.util.Set<String> set = new java.util.HashSet<>();

        private Builder(SupportDesk desk, FaqMatcher matcher) {
            this.desk = requireNonNull(desk, "desk");
            this.matcher = requireNonNull(matcher, "matcher");
        }

        private void once(String setting) {
            if (!set.add(setting)) {
                throw new IllegalStateException(setting + " was already set");
            }
        }

        /**
         * @param value when people work; outside it, replies say when a person will answer
         * @return this builder
         * @throws IllegalStateException if set twice
         */
        public Builder calendar(BusinessCalendar value) {
            once("calendar");
            this.calendar = requireNonNull(value, "calendar");
            return this;
        }

        /**
         * @param value the channels on which the bot answers new tickets; not empty
         * @return this builder
         * @throws IllegalStateException if set twice
         */
        public Builder channels(Set<Channel> value) {
            once("channels");
            this.channels = Set.copyOf(requireNonNull(value, "channels"));
            return this;
        }

        /**
         * @param value the bot's name: its principal id in ticket histories and its subscriber name in the event
         *     log (1 to 100 letters, digits, '.', '-' or '_'; keep it stable, a restarted bot resumes under it)
         * @return this builder
         * @throws IllegalStateException if set twice
         * @throws ValidationException if the name is malformed
         */
        public Builder name(String value) {
            once("name");
            requireNonNull(value, "name");
            if (!value.matches("[A-Za-z0-9._-]{1,100}")) {
                throw ValidationException.of("name", "a bot's name has 1 to 100 letters, digits, '.', '-' or '_'");
            }
            this.name = value;
            return this;
        }

        /**
         * @param locale {@link Locale#JAPANESE} or {@link Locale#ENGLISH}
         * @param value what the bot says in that language
         * @return this builder
         * @throws IllegalStateException if set twice for the language
         * @throws io.madoguchi.core.ValidationException if the language is neither Japanese nor English
         */
        public Builder texts(Locale locale, BotTexts value) {
            requireNonNull(value, "texts");
            switch (locale.getLanguage()) {
                case "ja" -> {
                    once("texts.ja");
                    japanese = value;
                }
                case "en" -> {
                    once("texts.en");
                    english = value;
                }
                default -> throw io.madoguchi.core.ValidationException.of("locale",
                    "must be Japanese or English, was '" + locale + "'");
            }
            return this;
        }

        /**
         * @return the bot; register it with {@link SupportDesk#addListener}
         * @throws io.madoguchi.core.ValidationException if the channel set is empty or the name blank
         */
        public SelfServiceBot build() {
            if (channels.isEmpty()) {
                throw io.madoguchi.core.ValidationException.of("channels", "must not be empty");
            }
            if (name.isBlank()) {
                throw io.madoguchi.core.ValidationException.of("name", "must not be blank");
            }
            return new SelfServiceBot(this);
        }
    }
}
