package io.madoguchi.core.integration;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.AccessDeniedException;
import io.madoguchi.core.Channel;
import io.madoguchi.core.DuplicateRequestException;
import io.madoguchi.core.IllegalTransitionException;
import io.madoguchi.core.NotFoundException;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.bot.BotAnswered;
import io.madoguchi.core.bot.BotAttempt;
import io.madoguchi.core.bot.BotAttemptStore;
import io.madoguchi.core.bot.BotDeflected;
import io.madoguchi.core.bot.BotEvent;
import io.madoguchi.core.bot.BotHandedOver;
import io.madoguchi.core.bot.BotNoVerdict;
import io.madoguchi.core.bot.BotOutcome;
import io.madoguchi.core.bot.BotRouting;
import io.madoguchi.core.bot.BotTexts;
import io.madoguchi.core.bot.FaqMatched;
import io.madoguchi.core.bot.InMemoryBotAttemptStore;
import io.madoguchi.core.calendar.BusinessCalendar;
import io.madoguchi.core.event.DeskEvent;
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
import io.madoguchi.core.internal.SubscriberNames;
import io.madoguchi.core.store.EventLog;
import io.madoguchi.core.store.IdempotencyKey;
import io.madoguchi.core.ticket.AddMessage;
import io.madoguchi.core.ticket.AuthorKind;
import io.madoguchi.core.ticket.ChangeStatus;
import io.madoguchi.core.ticket.ChangeTags;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketCommand;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
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
 *   <li>every hand-over tells the customer, in their language, that a person will reply, and outside business hours
 *       (the {@link BusinessCalendar}) when; the ticket goes to the desk's assignment strategy at once during
 *       business hours, and when the desk opens otherwise (every 15 minutes after that while nobody fits);</li>
 *   <li>an answer that gets neither yes nor no within the wait (3 business days by default) is solved with a last
 *       message and tag {@value #TAG_NO_VERDICT} ("answered, no verdict").</li>
 * </ul>
 *
 * <p>Answers teach the matcher ({@link FaqMatcher#feedback}). Complaint tickets and tickets opened by staff are left
 * alone. The bot acts through the desk as its own {@link Principal.Kind#BOT} principal, so everything it does is in the
 * ticket's history, and it records what it did as {@link BotEvent}s in the desk store's event log.
 *
 * <p><b>Restarts.</b> What the bot showed on which ticket, and which tickets wait for the desk to open, live in a
 * {@link BotAttemptStore}; build the restarted bot on the same store (and desk store) under the same name and a
 * "yes" still solves the ticket and teaches the matcher, the no-verdict wait still runs out once, and tickets handed
 * over at night are still routed at opening. Timers are derived from the store: with a {@link Builder#scheduler}
 * the bot arms one at the store's earliest due instant when it is built and after each change; without one the host
 * calls {@link #runDue()} (every few minutes, for example).
 *
 * <p>Thread-safe.
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
    /** Tag on a ticket the bot solved because the customer said neither yes nor no within the wait. */
    public static final String TAG_NO_VERDICT = "bot-no-verdict";

    private static final Logger LOG = LoggerFactory.getLogger(SelfServiceBot.class);
    /** Control characters other than line breaks and tabs, which the matcher refuses. */
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\n\\r\\t]]");
    /** Claims of the bot's log appends; the key names the bot, the ticket and the step. */
    private static final String CLAIM_SCOPE = "bot";
    private static final int DUE_BATCH = 100;
    /** How long the timer waits before trying again when due work could not be done. */
    private static final Duration RETRY_DUE = Duration.ofMinutes(1);
    /** How long a ticket that nobody could take at opening waits before routing tries again. */
    private static final Duration ROUTING_RETRY = Duration.ofMinutes(15);

    private final SupportDesk desk;
    private final FaqMatcher matcher;
    private final BusinessCalendar calendar;
    private final Set<Channel> channels;
    private final String name;
    private final Map<String, BotTexts> texts;
    private final BotTexts english;
    private final BotAttemptStore store;
    private final EventLog log;
    private final int noVerdictDays;
    private final @Nullable Scheduler scheduler;
    private Scheduler.@Nullable Cancellable timer;
    private @Nullable Instant armedAt;

    private SelfServiceBot(Builder b) {
        this.desk = b.desk;
        this.matcher = b.matcher;
        this.calendar = b.calendar;
        this.channels = Set.copyOf(b.channels);
        this.name = b.name;
        this.texts = Map.of("ja", b.japanese, "en", b.english);
        this.english = b.english;
        this.store = b.store != null ? b.store : new InMemoryBotAttemptStore(b.desk.clock());
        this.log = requireNonNull(b.eventLog, "eventLog");
        this.noVerdictDays = b.noVerdictDays;
        this.scheduler = b.scheduler;
    }

    /**
     * @param desk the desk the bot works on
     * @param matcher the FAQ matcher it answers from
     * @return a builder: 24/7 calendar in UTC, every built-in channel but phone, name {@code madoguchi-bot}, an
     *     {@link InMemoryBotAttemptStore}, a no-verdict wait of 3 business days, no scheduler; set the
     *     {@link Builder#eventLog event log}
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

    /** @return the store the bot keeps its attempts and pending routings in */
    public BotAttemptStore store() {
        return store;
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
        try {
            if (envelope.event() instanceof DeskEvent event) {
                onEvent(event);
            } else if (envelope.event() instanceof BotNoVerdict timedOut && timedOut.bot().equals(name)) {
                closeWithoutVerdict(timedOut);
            }
        } catch (ValidationException | IllegalTransitionException | AccessDeniedException | NotFoundException e) {
            // the ticket stays with the desk's people; nothing the customer wrote is lost
            LOG.warn("self-service bot could not handle {}", envelope, e);
        }
    }

    private void onEvent(DeskEvent event) {
        if (event instanceof TicketCreated created) {
            onCreated(created);
        } else if (event instanceof MessageAdded added) {
            onMessage(added);
        } else if (event instanceof TicketMerged merged && !merged.survivor().equals(merged.ticket().id())) {
            forget(merged.ticket().tenantId(), merged.ticket().id());
        } else if (event instanceof StatusChanged changed && changed.to() == TicketStatus.CLOSED) {
            // a closed ticket takes no more replies (they open follow-ups), so no verdict can come
            forget(changed.ticket().tenantId(), changed.ticket().id());
        }
    }

    private void forget(TenantId tenant, TicketId ticket) {
        store.remove(tenant, ticket);
        store.removeRouting(tenant, ticket);
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
        BotTexts say = textsFor(locale);
        String query = query(ticket.subject(), firstMessage.body());
        FaqMatch match = matcher.match(ticket.tenantId(), query, locale);
        Instant now = desk.clock().instant();
        String closed = closedNotice(say, now);
        TicketId id = ticket.id();
        @Nullable String best = match.candidates().isEmpty() ? null : match.candidates().get(0).entry().id();
        FaqMatched matched = new FaqMatched(ticket.tenantId(), id, now, name, match.decision(), match.confidence(),
            best);
        switch (match.decision()) {
            case ANSWER -> {
                FaqEntry faq = match.candidates().get(0).entry();
                BotAttempt attempt = new BotAttempt(ticket.tenantId(), id, query, locale, faq.id(), faq.question(),
                    match.confidence(), now, verdictDue(now));
                store.save(attempt);
                // one step: the answer, the tags, the wait and the bot's events are stored all or nothing
                desk.apply(bot, id, TicketCommand.LATEST, List.of(
                    AddMessage.reply(id, say.answer(faq.question(), withLinks(faq)) + closed),
                    ChangeTags.add(id, TAG_ANSWERED, TAG_AWAITING),
                    ChangeStatus.of(id, TicketStatus.PENDING)),
                    after -> List.of(matched, new BotAnswered(ticket.tenantId(), id, after.updatedAt(), name,
                        faq.id(), match.confidence(), after.messageCount(), attempt.verdictDueAt())));
                arm();
                return BotOutcome.ANSWERED;
            }
            case SUGGEST -> {
                List<String> questions = match.suggestions().stream().map(s -> s.entry().question()).toList();
                Instant routed = routingTime(now);
                desk.apply(bot, id, TicketCommand.LATEST, List.of(
                    AddMessage.reply(id, say.suggest(questions) + closed),
                    AddMessage.note(id, note("suggested " + describe(match.suggestions()), match)),
                    ChangeTags.add(id, TAG_HANDOVER)),
                    after -> List.of(matched, new BotHandedOver(ticket.tenantId(), id, now, name,
                        BotHandedOver.Reason.SUGGESTED, best, routed)));
                route(bot, id, now);
                return BotOutcome.SUGGESTED;
            }
            default -> {
                Instant routed = routingTime(now);
                desk.apply(bot, id, TicketCommand.LATEST, List.of(
                    AddMessage.reply(id, say.handOverReply() + closed),
                    AddMessage.note(id, note(match.candidates().isEmpty() ? "found no FAQ"
                        : "found nothing confident; best was " + describe(match.candidates().subList(0, 1)), match)),
                    ChangeTags.add(id, TAG_HANDOVER)),
                    after -> List.of(matched, new BotHandedOver(ticket.tenantId(), id, now, name,
                        BotHandedOver.Reason.NO_MATCH, best, routed)));
                route(bot, id, now);
                return BotOutcome.HANDED_OVER;
            }
        }
    }

    /**
     * Records the customer's verdict on the bot's answer, as {@link #handle} does when the customer replies: a button
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
     * @param tenant the ticket's tenant
     * @param ticketId a ticket
     * @return whether the bot keeps the FAQ answer it showed on that ticket, waiting for the customer's yes or no
     */
    public boolean isAwaitingVerdict(TenantId tenant, TicketId ticketId) {
        return store.find(requireNonNull(tenant, "tenant"), requireNonNull(ticketId, "ticketId")).isPresent();
    }

    /**
     * Does what is due at the desk clock's now, as the bot's timer does: answers whose wait ran out are solved as
     * "answered, no verdict" (through a {@link BotNoVerdict} event in the log, which the bot carries out once when it
     * reads it back), and tickets handed over while the desk was closed go to the desk's assignment strategy. Safe to
     * call at any time and from several instances; what is due is read from the store, and each entry is forgotten
     * only after the work it stands for committed, so what a failure interrupted stays due for the next call (the
     * bot's timer calls again after a minute).
     *
     * @return how many attempts and routings were due
     * @throws io.madoguchi.core.store.StoreException if a store failed (or another failure that may pass when tried
     *     again, such as a {@link io.madoguchi.core.ConflictException}); the other due routings were still tried
     */
    public int runDue() {
        Instant now = desk.clock().instant();
        int done = 0;
        for (BotAttempt a : store.verdictDue(now, DUE_BATCH)) {
            done++;
            try {
                Ticket t = desk.ticket(desk.bot(a.tenant(), name), a.ticket());
                if (t.tags().contains(TAG_AWAITING)) {
                    append(a.ticket(), "no-verdict", List.of(new BotNoVerdict(a.tenant(), a.ticket(), now, name,
                        a.faqId(), a.answeredAt())));
                }
                store.remove(a.tenant(), a.ticket());
            } catch (NotFoundException | AccessDeniedException e) {
                LOG.warn("self-service bot forgets its answer on ticket {}: {}", a.ticket().value(), e.getMessage());
                store.remove(a.tenant(), a.ticket());
            }
        }
        RuntimeException failure = null;
        for (BotRouting r : store.routingDue(now, DUE_BATCH)) {
            done++;
            try {
                routeAtOpening(r, now);
            } catch (NotFoundException | AccessDeniedException | IllegalTransitionException | ValidationException e) {
                // the ticket is gone or can no longer be assigned: nothing a later try could do
                LOG.warn("self-service bot could not route ticket {} at opening: {}", r.ticket().value(),
                    e.getMessage());
                store.removeRouting(r.tenant(), r.ticket());
            } catch (RuntimeException e) {
                // the routing stays in the store, due: the next run (the timer's retry) routes the ticket
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (done > 0) {
            // carries out the no-verdict steps through the log (the bot reads its own events back)
            desk.processEvents();
        }
        if (failure != null) {
            throw failure;
        }
        return done;
    }

    /**
     * Routes a ticket handed over while the desk was closed, and only then forgets the routing: a failure (or a crash)
     * before the assignment committed leaves it due, and a repeated run assigns nobody twice (a ticket that has an
     * assignee is left as it is).
     */
    private void routeAtOpening(BotRouting r, Instant now) {
        Principal bot = desk.bot(r.tenant(), name);
        Ticket t = desk.ticket(bot, r.ticket());
        if (t.assignee() == null && t.status().isUnsolved() && desk.assignmentStrategy().isPresent()
            && desk.autoAssign(bot, r.ticket()).assignee() == null) {
            // nobody fits yet (staff not logged in): try again shortly, while the ticket waits (replaces this one)
            store.scheduleRouting(new BotRouting(r.tenant(), r.ticket(),
                calendar.nextOpening(now.plus(ROUTING_RETRY))));
            return;
        }
        store.removeRouting(r.tenant(), r.ticket());
    }

    private void onCreated(TicketCreated created) {
        // a follow-up of a closed ticket goes to a person (the desk assigns it); the bot answers new conversations
        if (created.followUpOf() == null) {
            answer(created.ticket(), created.firstMessage());
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
        Instant now = desk.clock().instant();
        // read, not removed: the attempt is forgotten only after the verdict's step committed, so an event retried
        // after a failure still knows which FAQ was shown (a committed step is not made again on redelivery)
        BotAttempt attempt = store.find(ticket.tenantId(), id).orElse(null);
        @Nullable String faqId = attempt == null ? null : attempt.faqId();
        if (intent == ReplyIntent.YES) {
            desk.apply(bot, id, TicketCommand.LATEST, List.of(swapTag(id, TAG_AWAITING, TAG_DEFLECTED),
                ChangeStatus.of(id, TicketStatus.SOLVED)),
                after -> List.of(new BotDeflected(ticket.tenantId(), id, now, name, faqId)));
            forgetAttempt(ticket.tenantId(), id, intent);
            return BotOutcome.DEFLECTED;
        }
        BotTexts say = textsFor(attempt != null ? attempt.locale() : localeOf(ticket, ticket.subject()));
        String what = attempt == null ? "an FAQ answer"
            : "FAQ " + attempt.faqId() + " 「" + attempt.question() + "」 (confidence "
                + String.format(Locale.ROOT, "%.2f", attempt.confidence()) + ")";
        String verdict = intent == ReplyIntent.NO ? "the customer said it did not help"
            : "the customer replied with something else";
        List<TicketCommand> handOver = new ArrayList<>(List.of(
            AddMessage.reply(id, say.escalatedReply() + closedNotice(say, now)),
            AddMessage.note(id,
                "Self-service bot: answered with " + what + "; " + verdict + ". Handing over to a person."),
            swapTag(id, TAG_AWAITING, TAG_HANDOVER)));
        TicketStatus status = desk.ticket(bot, id).status();
        if (status != TicketStatus.OPEN && status.canTransitionTo(TicketStatus.OPEN)) {
            handOver.add(ChangeStatus.of(id, TicketStatus.OPEN));
        }
        Instant routed = routingTime(now);
        desk.apply(bot, id, TicketCommand.LATEST, handOver, after -> List.of(new BotHandedOver(ticket.tenantId(), id,
            now, name, intent == ReplyIntent.NO ? BotHandedOver.Reason.CUSTOMER_SAID_NO
                : BotHandedOver.Reason.OTHER_REPLY, faqId, routed)));
        route(bot, id, now);
        forgetAttempt(ticket.tenantId(), id, intent);
        return BotOutcome.ESCALATED_TO_PERSON;
    }

    /**
     * Forgets the attempt on a ticket once the verdict's steps committed, and teaches the matcher the customer's yes
     * or no. Removing is atomic, so of two deliveries of one verdict only the one that removes the attempt teaches.
     */
    private void forgetAttempt(TenantId tenant, TicketId id, ReplyIntent intent) {
        Optional<BotAttempt> removed = store.remove(tenant, id);
        if (removed.isPresent() && intent != ReplyIntent.OTHER) {
            BotAttempt a = removed.get();
            matcher.feedback(a.tenant(), a.query(), a.locale(), a.faqId(), intent == ReplyIntent.YES);
        }
    }

    /** The last steps of an answer nobody said yes or no to, made once as the bot reads the event back. */
    private void closeWithoutVerdict(BotNoVerdict timedOut) {
        Principal bot = desk.bot(timedOut.tenantId(), name);
        TicketId id = timedOut.ticket();
        Ticket ticket = desk.ticket(bot, id);
        if (!ticket.tags().contains(TAG_AWAITING)) {
            return; // the customer answered, or a person took over, meanwhile
        }
        BotTexts say = textsFor(localeOf(ticket, ticket.subject()));
        List<TicketCommand> close = new ArrayList<>(List.of(AddMessage.reply(id, say.noVerdictReply()),
            swapTag(id, TAG_AWAITING, TAG_NO_VERDICT)));
        if (ticket.status().canTransitionTo(TicketStatus.SOLVED)) {
            close.add(ChangeStatus.of(id, TicketStatus.SOLVED));
        }
        desk.apply(bot, id, TicketCommand.LATEST, close);
    }

    /** @return when a ticket handed over at {@code now} is routed: now if the desk is open, else at its opening */
    private Instant routingTime(Instant now) {
        return calendar.isOpen(now) ? now : calendar.nextOpening(now);
    }

    /** Hands a ticket to routing: now if the desk is open, otherwise recorded in the store for the next opening. */
    private void route(Principal bot, TicketId id, Instant now) {
        if (calendar.isOpen(now)) {
            if (desk.assignmentStrategy().isPresent() && desk.ticket(bot, id).assignee() == null) {
                desk.autoAssign(bot, id);
            }
            return;
        }
        store.scheduleRouting(new BotRouting(bot.tenantId(), id, calendar.nextOpening(now)));
        arm();
    }

    /** Appends the bot's events once per (bot, ticket, step): a redelivered event does not write them twice. */
    private void append(TicketId ticket, String step, List<BotEvent> events) {
        TenantId tenant = events.get(0).tenantId();
        IdempotencyKey claim = new IdempotencyKey(tenant, CLAIM_SCOPE, name + "/" + ticket.value() + "/" + step);
        try {
            log.append(events, Map.of(claim, events.get(events.size() - 1).type()));
        } catch (DuplicateRequestException done) {
            LOG.debug("bot events of {} on ticket {} were already appended", step, ticket.value());
        }
    }

    /**
     * The end of the wait for a verdict: the same time of day {@code noVerdictDays} business days later (the desk's
     * next opening if it is closed then).
     */
    private Instant verdictDue(Instant answeredAt) {
        ZonedDateTime at = answeredAt.atZone(calendar.zone());
        LocalDate day = at.toLocalDate();
        for (int i = 0; i < noVerdictDays; i++) {
            day = nextBusinessDay(day);
        }
        return calendar.nextOpening(at.with(day).toInstant());
    }

    private LocalDate nextBusinessDay(LocalDate after) {
        LocalDate day = after.plusDays(1);
        for (int i = 0; i < 366; i++) {
            Instant start = day.atStartOfDay(calendar.zone()).toInstant();
            if (calendar.nextOpening(start).atZone(calendar.zone()).toLocalDate().equals(day)) {
                return day;
            }
            day = day.plusDays(1);
        }
        return day; // a calendar closed for a year: the wait ends a year on
    }

    /** The texts in the locale's language; English for a language the bot has no texts in (a stored attempt's). */
    private BotTexts textsFor(Locale locale) {
        BotTexts say = texts.get(locale.getLanguage());
        return say != null ? say : english;
    }

    private String closedNotice(BotTexts say, Instant now) {
        return calendar.isOpen(now) ? "" : say.closed(calendar.nextOpening(now).atZone(calendar.zone()));
    }

    /** Arms the timer at the store's earliest due instant, unless it is armed at or before it already. */
    private void arm() {
        Scheduler s = scheduler;
        if (s == null) {
            return;
        }
        Instant next = store.nextDue().orElse(null);
        synchronized (this) {
            if (next == null || (armedAt != null && !next.isBefore(armedAt))) {
                return;
            }
            if (timer != null) {
                timer.cancel();
            }
            armedAt = next;
            timer = s.schedule(next, this::onTimer);
        }
    }

    private void onTimer() {
        synchronized (this) {
            timer = null;
            armedAt = null;
        }
        try {
            runDue();
        } catch (RuntimeException e) {
            LOG.warn("self-service bot could not do its due work; trying again in {}", RETRY_DUE, e);
            Scheduler s = requireNonNull(scheduler);
            synchronized (this) {
                armedAt = desk.clock().instant().plus(RETRY_DUE);
                timer = s.schedule(armedAt, this::onTimer);
            }
            return;
        }
        arm();
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
        private @Nullable BotAttemptStore store;
        private @Nullable EventLog eventLog;
        private int noVerdictDays = 3;
        private @Nullable Scheduler scheduler;
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
         *     log (1 to 89 letters, digits, '.', '-' or '_'; keep it stable, a restarted bot resumes under it)
         * @return this builder
         * @throws IllegalStateException if set twice
         * @throws ValidationException if the name is malformed
         */
        public Builder name(String value) {
            once("name");
            requireNonNull(value, "name");
            this.name = SubscriberNames.check(value, "a bot's name " + SubscriberNames.RULE);
            return this;
        }

        /**
         * @param value where the bot keeps which FAQ it showed on which ticket and which tickets wait for the desk
         *     to open; share it (or a persistent store) with the bot that replaces this one after a restart
         * @return this builder
         * @throws IllegalStateException if set twice
         */
        public Builder store(BotAttemptStore value) {
            once("store");
            this.store = requireNonNull(value, "store");
            return this;
        }

        /**
         * @param value the event log of the desk's store ({@code deskStore.eventLog()}), where the bot records what
         *     it did ({@link BotEvent}s) and from which it carries out the end of the no-verdict wait; required
         * @return this builder
         * @throws IllegalStateException if set twice
         */
        public Builder eventLog(EventLog value) {
            once("eventLog");
            this.eventLog = requireNonNull(value, "eventLog");
            return this;
        }

        /**
         * @param businessDays how many business days (on the bot's calendar) an answer waits for the customer's yes
         *     or no before the ticket is solved as "answered, no verdict"; 1 to 60, 3 by default
         * @return this builder
         * @throws IllegalStateException if set twice
         * @throws ValidationException if out of range
         */
        public Builder noVerdictAfter(int businessDays) {
            once("noVerdictAfter");
            if (businessDays < 1 || businessDays > 60) {
                throw ValidationException.of("noVerdictAfter", "must be 1 to 60 business days, was " + businessDays);
            }
            this.noVerdictDays = businessDays;
            return this;
        }

        /**
         * @param value runs the bot's timer (the no-verdict wait, routing at opening) at the instants the store says
         *     are due; without one the host calls {@link SelfServiceBot#runDue()}
         * @return this builder
         * @throws IllegalStateException if set twice
         */
        public Builder scheduler(Scheduler value) {
            once("scheduler");
            this.scheduler = requireNonNull(value, "scheduler");
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
         * @return the bot, its timer armed from the store if a scheduler was set; subscribe it with
         *     {@link SupportDesk#subscribe}
         * @throws ValidationException listing each problem: an empty channel set, no event log
         */
        public SelfServiceBot build() {
            List<io.madoguchi.core.Violation> problems = new ArrayList<>();
            if (channels.isEmpty()) {
                problems.add(new io.madoguchi.core.Violation("channels", "must not be empty"));
            }
            if (eventLog == null) {
                problems.add(new io.madoguchi.core.Violation("eventLog",
                    "is required: the event log of the desk's store (deskStore.eventLog())"));
            }
            if (!problems.isEmpty()) {
                throw new ValidationException(problems);
            }
            SelfServiceBot bot = new SelfServiceBot(this);
            bot.arm();
            return bot;
        }
    }
}
