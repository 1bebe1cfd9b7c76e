package io.madoguchi.core.feedback.desk;

import io.madoguchi.core.feedback.ComplaintDetected;
import io.madoguchi.core.feedback.ComplaintEscalation;
import io.madoguchi.core.feedback.SolvedTicket;
import io.madoguchi.core.feedback.Surveys;
import io.madoguchi.core.feedback.TicketMark;
import io.madoguchi.core.feedback.text.TextAnalysis;
import io.madoguchi.core.feedback.text.TextAnalyzer;
import io.madoguchi.core.event.DeskEvent;
import io.madoguchi.core.event.DeskListener;
import io.madoguchi.core.event.MessageAdded;
import io.madoguchi.core.event.StatusChanged;
import io.madoguchi.core.event.TagsChanged;
import io.madoguchi.core.event.TicketMerged;
import io.madoguchi.core.ticket.AuthorKind;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketStatus;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A desk listener that feeds the feedback module:
 * <ul>
 *   <li>a ticket moving to SOLVED schedules the post-solve survey ({@link Surveys#onTicketSolved}) with the
 *       ticket's requester, assignee, group, channel and language; a merged ticket, a ticket tagged
 *       {@value #SPAM_TAG} or flagged as a complaint carries the matching {@link TicketMark};</li>
 *   <li>a ticket merged or tagged {@value #SPAM_TAG} after solve loses its unsent invitation;</li>
 *   <li>a public customer message that reads as a complaint is escalated through the
 *       {@link ComplaintEscalation} (for example {@link DeskEscalation}).</li>
 * </ul>
 * Register it with {@code desk.addListener(...)}. Thread-safe.
 */
public final class DeskSurveys implements DeskListener {

    /** The tag that marks a ticket as spam. */
    public static final String SPAM_TAG = "spam";

    private static final Logger LOG = LoggerFactory.getLogger(DeskSurveys.class);

    private final Surveys surveys;
    private final TextAnalyzer analyzer;
    private final ComplaintEscalation escalation;
    private final Locale defaultLocale;

    /**
     * @param surveys the survey service
     * @param analyzer reads customer messages for complaints
     * @param escalation where complaints in customer messages go
     * @param defaultLocale the survey locale for tickets without a language
     */
    public DeskSurveys(Surveys surveys, TextAnalyzer analyzer, ComplaintEscalation escalation, Locale defaultLocale) {
        this.surveys = Objects.requireNonNull(surveys, "surveys");
        this.analyzer = Objects.requireNonNull(analyzer, "analyzer");
        this.escalation = Objects.requireNonNull(escalation, "escalation");
        this.defaultLocale = Objects.requireNonNull(defaultLocale, "defaultLocale");
    }

    @Override
    public void onEvent(DeskEvent event) {
        if (event instanceof StatusChanged s && s.to() == TicketStatus.SOLVED) {
            var result = surveys.onTicketSolved(solved(s.ticket(), s));
            LOG.debug("post-solve survey for ticket {}: {}", s.ticketId(), result.status());
        } else if (event instanceof TicketMerged m) {
            surveys.withdraw(m.tenantId(), m.ticketId());
        } else if (event instanceof TagsChanged t && t.added().contains(SPAM_TAG)) {
            surveys.withdraw(t.tenantId(), t.ticketId());
        } else if (event instanceof MessageAdded m && m.authorKind() == AuthorKind.CUSTOMER && m.isPublicReply()) {
            TextAnalysis analysis = analyzer.analyze(m.message().body());
            if (analysis.complaint() != null) {
                escalation.escalate(new ComplaintDetected(m.tenantId(), m.ticketId(), m.ticket().requester(),
                    "message:" + m.ticketId() + "#" + m.message().seq(), analysis.complaint(), m.occurredAt()));
            }
        }
    }

    private SolvedTicket solved(Ticket t, StatusChanged event) {
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
            t.solvedAt() == null ? event.occurredAt() : t.solvedAt(), locale, marks);
    }

    @Override
    public String toString() {
        return "DeskSurveys";
    }
}
