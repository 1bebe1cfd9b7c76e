package io.madoguchi.core.integration;

import io.madoguchi.core.Channel;
import io.madoguchi.core.NotFoundException;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.EventSubscriber;
import io.madoguchi.core.event.MessageAdded;
import io.madoguchi.core.event.StatusChanged;
import io.madoguchi.core.event.TagsChanged;
import io.madoguchi.core.event.TicketMerged;
import io.madoguchi.core.feedback.ComplaintDetected;
import io.madoguchi.core.feedback.CustomerChannels;
import io.madoguchi.core.feedback.ScheduleResult;
import io.madoguchi.core.feedback.SolvedTicket;
import io.madoguchi.core.feedback.Surveys;
import io.madoguchi.core.feedback.TicketMark;
import io.madoguchi.core.feedback.text.TextAnalysis;
import io.madoguchi.core.feedback.text.TextAnalyzer;
import io.madoguchi.core.internal.SubscriberNames;
import io.madoguchi.core.ticket.AuthorKind;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketStatus;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An event-log subscriber that feeds the feedback module from the desk's committed events:
 * <ul>
 *   <li>a ticket moving to SOLVED schedules the post-solve survey ({@link Surveys#onTicketSolved}) with the
 *       ticket's requester, assignee, group, channel and language; a merged ticket, a ticket tagged
 *       {@value #SPAM_TAG} or flagged as a complaint carries the matching {@link TicketMark};</li>
 *   <li>a ticket merged or tagged {@value #SPAM_TAG} after solve loses its unsent invitation;</li>
 *   <li>a public customer message that reads as a complaint is reported ({@link Surveys#reportComplaint}): with the
 *       survey service built on the desk's event log, the {@link ComplaintDetected} goes into the log, where
 *       {@link DeskEscalation} picks it up.</li>
 * </ul>
 * Subscribe it with {@code desk.subscribe(new DeskSurveys(...))}; it keeps its checkpoint under {@value #NAME} (or
 * the name given), so a restarted host resumes where it stopped. Delivery is at least once and every effect is
 * idempotent: scheduling holds a unique key per ticket and survey, a complaint is reported once per message, and
 * withdrawing twice withdraws nothing more. If scheduling fails (for example {@code SurveySigningException} while no
 * key is configured) the event is retried, then parked for {@code desk.redeliver}. Thread-safe.
 */
public final class DeskSurveys implements EventSubscriber {

    /** The tag that marks a ticket as spam. */
    public static final String SPAM_TAG = "spam";

    /** The default subscriber name its checkpoint is stored under. */
    public static final String NAME = "madoguchi.feedback.surveys";

    private static final Logger LOG = LoggerFactory.getLogger(DeskSurveys.class);

    private final Surveys surveys;
    private final TextAnalyzer analyzer;
    private final Locale defaultLocale;
    private final String name;

    /**
     * @param surveys the survey service
     * @param analyzer reads customer messages for complaints
     * @param defaultLocale the survey locale for tickets without a language
     */
    public DeskSurveys(Surveys surveys, TextAnalyzer analyzer, Locale defaultLocale) {
        this(surveys, analyzer, defaultLocale, NAME);
    }

    /**
     * @param surveys the survey service
     * @param analyzer reads customer messages for complaints
     * @param defaultLocale the survey locale for tickets without a language
     * @param name the subscriber name (letters, digits, {@code .}, {@code -}, {@code _}; at most 100), for a host
     *     that runs more than one survey service on one desk
     * @throws ValidationException if the name is malformed
     */
    public DeskSurveys(Surveys surveys, TextAnalyzer analyzer, Locale defaultLocale, String name) {
        this.surveys = Objects.requireNonNull(surveys, "surveys");
        this.analyzer = Objects.requireNonNull(analyzer, "analyzer");
        this.defaultLocale = Objects.requireNonNull(defaultLocale, "defaultLocale");
        this.name = SubscriberNames.check(name, "a subscriber's name " + SubscriberNames.RULE);
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * Acts on one committed desk event (see the class comment); other events are ignored.
     *
     * @param envelope the committed event
     */
    @Override
    public void handle(EventEnvelope envelope) {
        var event = envelope.event();
        if (event instanceof StatusChanged s && s.to() == TicketStatus.SOLVED) {
            ScheduleResult result = surveys.onTicketSolved(solved(s.ticket(), s.occurredAt()));
            LOG.debug("post-solve survey for ticket {}: {}", s.ticketId(), result.status());
        } else if (event instanceof TicketMerged m) {
            surveys.withdraw(m.tenantId(), m.ticketId());
        } else if (event instanceof TagsChanged t && t.added().contains(SPAM_TAG)) {
            surveys.withdraw(t.tenantId(), t.ticketId());
        } else if (event instanceof MessageAdded m && m.authorKind() == AuthorKind.CUSTOMER && m.isPublicReply()) {
            TextAnalysis analysis = analyzer.analyze(m.message().body());
            if (analysis.complaint() != null) {
                surveys.reportComplaint(new ComplaintDetected(m.tenantId(), m.ticketId(), m.ticket().requester(),
                    "message:" + m.ticketId() + "#" + m.message().seq(), analysis.complaint(), m.occurredAt()));
            }
        }
    }

    /**
     * The channels the desk's customers can be reached on, from their channel identities: an email address reaches
     * {@code email}, a phone number {@code phone} and {@code sms}, a LINE user {@code line}, a Slack user
     * {@code slack}, a web chat visitor {@code web_chat}, an id in the host's own system {@code web}. A merged customer
     * is looked up as the customer it was merged into; an unknown customer has none. Read as the SYSTEM principal
     * {@code feedback} of the tenant asked about.
     *
     * @param desk the desk whose customers are asked about
     * @return the lookup, for {@link Surveys.Builder#customerChannels}
     */
    public static CustomerChannels customerChannels(SupportDesk desk) {
        Objects.requireNonNull(desk, "desk");
        return (tenant, customer) -> {
            Principal system = desk.system(tenant, "feedback");
            Customer c;
            try {
                c = desk.customer(system, customer);
                for (int hops = 0; c.mergedInto() != null && hops < 16; hops++) {
                    c = desk.customer(system, c.mergedInto());
                }
            } catch (NotFoundException unknown) {
                return Set.of();
            }
            Set<Channel> channels = new HashSet<>();
            for (ChannelIdentity identity : c.identities()) {
                switch (identity.kind()) {
                    case EMAIL -> channels.add(Channel.EMAIL);
                    case PHONE -> {
                        channels.add(Channel.PHONE);
                        channels.add(Channel.SMS);
                    }
                    case LINE_USER -> channels.add(Channel.LINE);
                    case SLACK_USER -> channels.add(Channel.SLACK);
                    case CHAT_VISITOR -> channels.add(Channel.WEB_CHAT);
                    case EXTERNAL -> channels.add(Channel.WEB);
                }
            }
            return Set.copyOf(channels);
        };
    }

    private SolvedTicket solved(Ticket t, Instant at) {
        Set<TicketMark> marks = EnumSet.noneOf(TicketMark.class);
        if (t.mergedInto() != null) {
            marks.add(TicketMark.MERGED);
        }
        if (t.hasTag(SPAM_TAG)) {
            marks.add(TicketMark.SPAM);
        }
        if (t.complaint()) {
            marks.add(TicketMark.COMPLAINT);
        }
        Locale locale = t.language() == null ? defaultLocale : Locale.forLanguageTag(t.language());
        return new SolvedTicket(t.tenantId(), t.id(), t.requester(), t.assignee(), t.group(), t.channel(),
            t.solvedAt() == null ? at : t.solvedAt(), locale, marks);
    }

    @Override
    public String toString() {
        return "DeskSurveys[" + name + "]";
    }
}
