package io.madoguchi.core.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.CustomerId;
import io.madoguchi.core.GroupId;
import io.madoguchi.core.MadoguchiException;
import io.madoguchi.core.OrganizationId;
import io.madoguchi.core.Principal;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.Violation;
import io.madoguchi.core.automation.TimeRuleFired;
import io.madoguchi.core.bot.BotAnswered;
import io.madoguchi.core.bot.BotDeflected;
import io.madoguchi.core.bot.BotHandedOver;
import io.madoguchi.core.bot.BotNoVerdict;
import io.madoguchi.core.bot.FaqMatched;
import io.madoguchi.core.customer.IdentityKind;
import io.madoguchi.core.faq.FaqDecision;
import io.madoguchi.core.feedback.Answer;
import io.madoguchi.core.feedback.ComplaintDetected;
import io.madoguchi.core.feedback.ImprovementActionCompleted;
import io.madoguchi.core.feedback.Question;
import io.madoguchi.core.feedback.QuestionKind;
import io.madoguchi.core.feedback.ResponseRecorded;
import io.madoguchi.core.feedback.SurveyInvitationAnswered;
import io.madoguchi.core.feedback.SurveyInvitationScheduled;
import io.madoguchi.core.feedback.SurveyInvitationSent;
import io.madoguchi.core.feedback.SurveyResponse;
import io.madoguchi.core.feedback.SurveyTrigger;
import io.madoguchi.core.feedback.text.ComplaintSignal;
import io.madoguchi.core.feedback.text.Sentiment;
import io.madoguchi.core.feedback.text.TextAnalysis;
import io.madoguchi.core.sla.EscalationAction;
import io.madoguchi.core.sla.SlaCycle;
import io.madoguchi.core.sla.SlaEscalation;
import io.madoguchi.core.sla.SlaEvent;
import io.madoguchi.core.sla.SlaMetric;
import io.madoguchi.core.store.EventLog;
import io.madoguchi.core.ticket.AuthorKind;
import io.madoguchi.core.ticket.FieldChange;
import io.madoguchi.core.ticket.LinkType;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Priority;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketLink;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.ticket.TicketType;
import io.madoguchi.core.ticket.Visibility;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The desk's event log as JSON lines: the public, versioned export format of every {@link SupportEvent} type of the
 * library (areas {@code desk}, {@code sla}, {@code feedback}, {@code bot} and {@code automation}). One line per
 * {@link EventEnvelope}:
 *
 * <pre>{"schema_version":1,"position":42,"type":"desk.StatusChanged","type_version":1,"tenant":"acme",
 * "occurred_at":"2026-04-01T00:00:00Z","stream":"ticket:T1","data":{...}}</pre>
 *
 * <p>The keys of {@code data} per type are documented in {@code support-metrics/EVENTS.md}. Keys are snake_case,
 * enum values lower-case, instants ISO-8601 in UTC, durations ISO-8601 ({@code PT4H}); optional values are left out.
 * A reader accepts unknown keys (a newer minor writer may add some) and refuses a {@code schema_version} above
 * {@value #SCHEMA_VERSION}.
 *
 * <p><b>Personal data is not exported.</b> Events carry ids and metadata; the free text some of them hold is left
 * out and reads back empty: the ticket subject and custom field values, message bodies and attachments (names and
 * links), custom field values in {@link CustomFieldsChanged}, and in survey responses the comment, the text
 * answers and the key phrases of the text analysis. Reading an exported line therefore gives back the event with
 * those parts empty ({@link #redact(SupportEvent)}); everything else round-trips exactly.
 *
 * <p>Stateless and thread-safe.
 */
public final class EventJson {

    /** The version of the envelope format written by this class. */
    public static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    private EventJson() {
    }

    /**
     * @param event an event
     * @return whether this format has a mapping for the event's type
     */
    public static boolean supports(SupportEvent event) {
        return event instanceof DeskEvent || event instanceof SlaEvent
            || event instanceof io.madoguchi.core.feedback.FeedbackEvent
            || event instanceof io.madoguchi.core.bot.BotEvent || event instanceof TimeRuleFired;
    }

    /**
     * Formats one envelope as a JSON object on one line (without the line break).
     *
     * @param envelope the event and its position
     * @return the JSON text
     * @throws IllegalArgumentException if the event's type has no mapping ({@link #supports})
     */
    public static String toJson(EventEnvelope envelope) {
        SupportEvent e = envelope.event();
        ObjectNode root = JSON.createObjectNode();
        root.put("schema_version", SCHEMA_VERSION);
        root.put("position", envelope.position());
        root.put("type", e.type());
        root.put("type_version", e.schemaVersion());
        root.put("tenant", e.tenantId().value());
        root.put("occurred_at", e.occurredAt().toString());
        root.put("stream", e.streamKey());
        writeData(e, root.putObject("data"));
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot format event " + envelope, ex);
        }
    }

    /**
     * Writes one envelope as a JSON line (followed by {@code \n}).
     *
     * @param envelope the event and its position
     * @param out where to write
     * @throws IllegalArgumentException if the event's type has no mapping ({@link #supports})
     * @throws UncheckedIOException if writing fails
     */
    public static void write(EventEnvelope envelope, Writer out) {
        String line = toJson(envelope);
        try {
            out.write(line);
            out.write('\n');
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Exports an event log: every event after {@code after}, in log order, one line each. Events of types this
     * format has no mapping for (a host's own {@link SupportEvent}s) are skipped and counted.
     *
     * @param log the log
     * @param after the position to start after (0 for the whole log)
     * @param out where to write; not closed
     * @return how many events were written and skipped
     * @throws UncheckedIOException if writing fails
     */
    public static ExportResult export(EventLog log, long after, Writer out) {
        long written = 0;
        long skipped = 0;
        long last = after;
        long head = log.head();
        while (last < head) {
            List<EventEnvelope> batch = log.read(last, 1000);
            if (batch.isEmpty()) {
                break;
            }
            for (EventEnvelope env : batch) {
                if (supports(env.event())) {
                    write(env, out);
                    written++;
                } else {
                    skipped++;
                }
                last = env.position();
            }
        }
        return new ExportResult(written, skipped, last);
    }

    /**
     * What {@link #export} did.
     *
     * @param written events written
     * @param skipped events of unmapped types that were left out
     * @param lastPosition the position of the last event read (the {@code after} given when none was)
     */
    public record ExportResult(long written, long skipped, long lastPosition) {
    }

    /**
     * Reads one line.
     *
     * @param line the JSON text of one envelope
     * @param lineNumber the line's 1-based number, used in errors (0 if it has none)
     * @return the envelope, with the parts that are never exported empty
     * @throws EventJsonException naming the line and the field at fault
     */
    public static EventEnvelope parse(String line, long lineNumber) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException ex) {
            throw new EventJsonException(lineNumber, "", "is not valid JSON (" + ex.getOriginalMessage() + ")");
        }
        if (node == null || !node.isObject()) {
            throw new EventJsonException(lineNumber, "", "must be a JSON object");
        }
        In root = new In(lineNumber, "", node);
        long version = root.lng("schema_version");
        if (version < 1 || version > SCHEMA_VERSION) {
            throw root.error("schema_version", "must be 1.." + SCHEMA_VERSION + "; was " + version);
        }
        long position = root.lng("position");
        if (position <= 0) {
            throw root.error("position", "must be positive; was " + position);
        }
        String type = root.str("type");
        long typeVersion = root.has("type_version") ? root.lng("type_version") : 1;
        if (typeVersion != 1) {
            throw root.error("type_version", "version " + typeVersion + " of " + type + " is not known; was 1");
        }
        TenantId tenant = root.id("tenant", TenantId::of);
        Instant at = root.instant("occurred_at");
        In data = root.obj("data");
        SupportEvent event;
        try {
            event = readData(type, tenant, at, data, root);
        } catch (EventJsonException ex) {
            throw ex;
        } catch (MadoguchiException | IllegalArgumentException | IllegalStateException | ArithmeticException
                 | DateTimeException ex) {
            // well-formed JSON whose values the domain refuses (a blank tag, counts that do not add up): the same
            // typed error as a malformed field, so that no caller sees a bare exception from a bad line
            throw domainError(lineNumber, data, ex);
        }
        return new EventEnvelope(position, event);
    }

    /**
     * The error for a line whose values a domain type refused: a {@link ValidationException}'s field is looked up
     * in the line's data (as written, or in snake_case) to name it as a path; otherwise the data as a whole.
     */
    private static EventJsonException domainError(long lineNumber, In data, RuntimeException ex) {
        String message = ex.getMessage() == null ? "is not valid" : ex.getMessage();
        if (ex instanceof ValidationException v) {
            Violation first = v.violations().get(0);
            String path = find(data.node, data.path, first.field());
            if (path == null) {
                path = find(data.node, data.path, snakeCase(first.field()));
            }
            if (path != null) {
                return new EventJsonException(lineNumber, path, first.message());
            }
            message = first.field() + ": " + first.message();
        }
        return new EventJsonException(lineNumber, data.path, message);
    }

    private static @Nullable String find(JsonNode node, String path, String key) {
        if (node.isObject()) {
            if (node.has(key)) {
                return path + "." + key;
            }
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                String found = find(e.getValue(), path + "." + e.getKey(), key);
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = find(node.get(i), path + "[" + i + "]", key);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static String snakeCase(String field) {
        return field.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    /**
     * Reads JSON lines one at a time; blank lines are skipped.
     *
     * @param in the text; closed by {@link LineReader#close()}
     * @return a reader of envelopes
     */
    public static LineReader reader(Reader in) {
        return new LineReader(in);
    }

    /**
     * Reads every line of the input.
     *
     * @param in the text; not closed
     * @return the envelopes, in file order
     * @throws EventJsonException naming the line and field of the first bad line
     * @throws UncheckedIOException if reading fails
     */
    public static List<EventEnvelope> readAll(Reader in) {
        List<EventEnvelope> out = new ArrayList<>();
        LineReader r = new LineReader(in);
        for (EventEnvelope e = r.next(); e != null; e = r.next()) {
            out.add(e);
        }
        return out;
    }

    /** Reads envelopes from JSON lines, counting lines for error messages. Not thread-safe. */
    public static final class LineReader implements AutoCloseable {

        private final BufferedReader in;
        private long lineNumber;

        private LineReader(Reader in) {
            this.in = in instanceof BufferedReader b ? b : new BufferedReader(in);
        }

        /**
         * @return the next envelope, or null at the end of the input
         * @throws EventJsonException naming the line and field if the next line is bad
         * @throws UncheckedIOException if reading fails
         */
        public @Nullable EventEnvelope next() {
            try {
                String line;
                while ((line = in.readLine()) != null) {
                    lineNumber++;
                    if (!line.isBlank()) {
                        return parse(line, lineNumber);
                    }
                }
                return null;
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }

        /** @return the number of the last line read */
        public long lineNumber() {
            return lineNumber;
        }

        /** Closes the input. */
        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
    }

    /**
     * The event as an export reads back: the same event with the text that is never exported left empty (ticket
     * subject and custom field values, message bodies and attachments, custom field change values, survey comments,
     * text answers and key phrases).
     *
     * @param event an event of a supported type
     * @return the event as {@link #parse} would return it after {@link #toJson}
     * @throws IllegalArgumentException if the event's type has no mapping
     */
    public static SupportEvent redact(SupportEvent event) {
        return parse(toJson(new EventEnvelope(1, event)), 0).event();
    }

    // ---------------------------------------------------------------- writing

    private static void writeData(SupportEvent e, ObjectNode d) {
        if (e instanceof DeskEvent de) {
            principal(d.putObject("principal"), de.principal());
            if (de instanceof TicketEvent te) {
                ticket(d.putObject("ticket"), te.ticket());
            }
        }
        if (e instanceof TicketCreated x) {
            message(d.putObject("first_message"), x.firstMessage());
            opt(d, "follow_up_of", x.followUpOf());
        } else if (e instanceof MessageAdded x) {
            message(d.putObject("message"), x.message());
        } else if (e instanceof StatusChanged x) {
            d.put("from", lower(x.from()));
            d.put("to", lower(x.to()));
        } else if (e instanceof PriorityChanged x) {
            d.put("from", lower(x.from()));
            d.put("to", lower(x.to()));
        } else if (e instanceof TypeChanged x) {
            d.put("from", lower(x.from()));
            d.put("to", lower(x.to()));
        } else if (e instanceof ComplaintChanged x) {
            d.put("complaint", x.complaint());
        } else if (e instanceof TagsChanged x) {
            strings(d.putArray("added"), x.added());
            strings(d.putArray("removed"), x.removed());
        } else if (e instanceof CustomFieldsChanged x) {
            ArrayNode a = d.putArray("changed_fields");
            x.changes().forEach(c -> a.add(c.field()));
        } else if (e instanceof Assigned x) {
            opt(d, "from", x.from());
            opt(d, "to", x.to());
            opt(d, "group", x.group());
            d.put("automatic", x.automatic());
            d.put("strategy", x.strategy());
        } else if (e instanceof TicketMerged x) {
            d.put("survivor", x.survivor().value());
            opt(d, "survivor_requester", x.survivorRequester());
        } else if (e instanceof TicketLinked x) {
            link(d.putObject("link"), x.link());
        } else if (e instanceof RequesterChanged x) {
            d.put("from", x.from().value());
            d.put("to", x.to().value());
        } else if (e instanceof DeliveryRequested x) {
            message(d.putObject("message"), x.message());
            d.put("channel", x.channel().name());
        } else if (e instanceof CustomerCreated x) {
            d.put("customer", x.customer().value());
            ArrayNode a = d.putArray("identity_kinds");
            x.identityKinds().forEach(k -> a.add(lower(k)));
        } else if (e instanceof CustomerMerged x) {
            d.put("survivor", x.survivor().value());
            d.put("merged", x.merged().value());
            ArrayNode a = d.putArray("moved_tickets");
            x.movedTickets().forEach(t -> a.add(t.value()));
        } else if (e instanceof SlaEvent s) {
            writeSla(s, d);
        } else if (e instanceof io.madoguchi.core.feedback.FeedbackEvent f) {
            writeFeedback(f, d);
        } else if (e instanceof io.madoguchi.core.bot.BotEvent b) {
            writeBot(b, d);
        } else if (e instanceof TimeRuleFired x) {
            d.put("ticket", x.ticket().value());
            d.put("engine", x.engine());
            d.put("rule", x.rule());
            d.put("period_start", x.periodStart().toString());
        } else {
            throw new IllegalArgumentException("no JSON mapping for event type " + e.type());
        }
    }

    private static void writeSla(SlaEvent s, ObjectNode d) {
        d.put("ticket", s.ticket().value());
        if (s instanceof SlaEvent.PolicyApplied x) {
            d.put("policy", x.policy());
        } else if (s instanceof SlaEvent.CycleStarted x) {
            d.put("metric", lower(x.metric()));
            d.put("target", x.target().toString());
            opt(d, "due_at", x.dueAt());
        } else if (s instanceof SlaEvent.CyclePaused x) {
            d.put("metric", lower(x.metric()));
        } else if (s instanceof SlaEvent.CycleResumed x) {
            d.put("metric", lower(x.metric()));
            d.put("due_at", x.dueAt().toString());
        } else if (s instanceof SlaEvent.CycleStopped x) {
            d.put("metric", lower(x.metric()));
            d.put("reason", lower(x.reason()));
            d.put("elapsed", x.elapsed().toString());
            d.put("breached", x.breached());
        } else if (s instanceof SlaEvent.Warning x) {
            d.put("metric", lower(x.metric()));
            d.put("lead", x.lead().toString());
            d.put("due_at", x.dueAt().toString());
        } else if (s instanceof SlaEvent.Breached x) {
            d.put("metric", lower(x.metric()));
            d.put("policy", x.policy());
        } else if (s instanceof SlaEvent.EscalationRequested x) {
            d.put("metric", lower(x.metric()));
            d.put("policy", x.policy());
            d.put("on", lower(x.on()));
            ObjectNode a = d.putObject("action");
            EscalationAction act = x.action();
            if (act instanceof EscalationAction.RaisePriority r) {
                a.put("kind", "raise_priority");
                a.put("to", lower(r.to()));
            } else if (act instanceof EscalationAction.Reassign r) {
                a.put("kind", "reassign");
                a.put("group", r.group().value());
            } else if (act instanceof EscalationAction.AddTag r) {
                a.put("kind", "add_tag");
                a.put("tag", r.tag());
            } else if (act instanceof EscalationAction.Notify r) {
                a.put("kind", "notify");
                a.put("recipient", r.recipient());
            }
            d.put("due_at", x.dueAt().toString());
        } else {
            throw new IllegalArgumentException("no JSON mapping for event type " + s.type());
        }
    }

    private static void writeFeedback(io.madoguchi.core.feedback.FeedbackEvent f, ObjectNode d) {
        if (f instanceof ResponseRecorded x) {
            SurveyResponse r = x.response();
            ObjectNode o = d.putObject("response");
            o.put("id", r.id());
            o.put("invitation_id", r.invitationId());
            o.put("survey_id", r.surveyId());
            o.put("trigger", lower(r.trigger()));
            opt(o, "ticket", r.ticket());
            o.put("customer", r.customer().value());
            opt(o, "agent", r.agent());
            opt(o, "group", r.group());
            o.put("channel", r.channel().name());
            o.put("answered_at", r.answeredAt().toString());
            ArrayNode answers = o.putArray("answers");
            for (Answer a : r.answers()) {
                ObjectNode an = answers.addObject();
                an.put("question_id", a.questionId());
                if (a.score() != null) {
                    an.put("score", a.score());
                    // the question's kind and scale travel with the score: a reader without the survey's
                    // definition (an export read by the report) still reads a 1-10 CSAT on its own scale
                    Optional<Question> q = x.question(a.questionId());
                    if (q.isPresent() && q.get().scored()) {
                        an.put("kind", lower(q.get().kind()));
                        an.put("scale_max", q.get().max());
                    }
                }
            }
            if (r.reason() != null) {
                o.put("reason", r.reason());
            }
            TextAnalysis t = r.analysis();
            if (t != null) {
                ObjectNode an = o.putObject("analysis");
                an.put("language", t.language());
                an.put("sentiment_score", t.sentiment().score());
                an.put("sentiment_label", lower(t.sentiment().label()));
                strings(an.putArray("themes"), t.themes());
                if (t.complaint() != null) {
                    signal(an.putObject("complaint"), t.complaint());
                }
            }
        } else if (f instanceof ComplaintDetected x) {
            opt(d, "ticket", x.ticket());
            d.put("customer", x.customer().value());
            d.put("source_id", x.sourceId());
            signal(d.putObject("signal"), x.signal());
        } else if (f instanceof ImprovementActionCompleted x) {
            d.put("action_id", x.actionId());
            d.put("title", x.title());
            strings(d.putArray("customers_to_notify"), x.customersToNotify().stream().map(CustomerId::value).toList());
        } else if (f instanceof SurveyInvitationScheduled x) {
            d.put("invitation_id", x.invitationId());
            opt(d, "ticket", x.ticketId());
            d.put("customer", x.customer().value());
            d.put("survey_id", x.surveyId());
            d.put("trigger", lower(x.trigger()));
            d.put("channel", x.channel().name());
            d.put("due_at", x.dueAt().toString());
            d.put("expires_at", x.expiresAt().toString());
        } else if (f instanceof SurveyInvitationSent x) {
            d.put("invitation_id", x.invitationId());
            opt(d, "ticket", x.ticketId());
            d.put("customer", x.customer().value());
            d.put("survey_id", x.surveyId());
            d.put("channel", x.channel().name());
        } else if (f instanceof SurveyInvitationAnswered x) {
            d.put("invitation_id", x.invitationId());
            d.put("response_id", x.responseId());
            opt(d, "ticket", x.ticketId());
            d.put("customer", x.customer().value());
            d.put("survey_id", x.surveyId());
            d.put("channel", x.channel().name());
        } else {
            throw new IllegalArgumentException("no JSON mapping for event type " + f.type());
        }
    }

    private static void writeBot(io.madoguchi.core.bot.BotEvent b, ObjectNode d) {
        d.put("ticket", b.ticket().value());
        d.put("bot", b.bot());
        if (b instanceof FaqMatched x) {
            d.put("decision", lower(x.decision()));
            d.put("confidence", x.confidence());
            if (x.faqId() != null) {
                d.put("faq_id", x.faqId());
            }
        } else if (b instanceof BotAnswered x) {
            d.put("faq_id", x.faqId());
            d.put("confidence", x.confidence());
            d.put("message_seq", x.messageSeq());
            d.put("verdict_due_at", x.verdictDueAt().toString());
        } else if (b instanceof BotDeflected x) {
            if (x.faqId() != null) {
                d.put("faq_id", x.faqId());
            }
        } else if (b instanceof BotHandedOver x) {
            d.put("reason", lower(x.reason()));
            if (x.faqId() != null) {
                d.put("faq_id", x.faqId());
            }
            d.put("routed_at", x.routedAt().toString());
        } else if (b instanceof BotNoVerdict x) {
            d.put("faq_id", x.faqId());
            d.put("answered_at", x.answeredAt().toString());
        } else {
            throw new IllegalArgumentException("no JSON mapping for event type " + b.type());
        }
    }

    private static void principal(ObjectNode o, Principal p) {
        o.put("kind", lower(p.kind()));
        o.put("id", p.id());
    }

    private static void ticket(ObjectNode o, Ticket t) {
        o.put("id", t.id().value());
        o.put("number", t.number());
        o.put("requester", t.requester().value());
        opt(o, "organization", t.organization());
        o.put("channel", t.channel().name());
        o.put("status", lower(t.status()));
        o.put("priority", lower(t.priority()));
        o.put("type", lower(t.type()));
        o.put("complaint", t.complaint());
        strings(o.putArray("tags"), t.tags());
        opt(o, "assignee", t.assignee());
        opt(o, "group", t.group());
        if (t.language() != null) {
            o.put("language", t.language());
        }
        o.put("created_at", t.createdAt().toString());
        o.put("updated_at", t.updatedAt().toString());
        opt(o, "solved_at", t.solvedAt());
        o.put("version", t.version());
        opt(o, "merged_into", t.mergedInto());
        ArrayNode links = o.putArray("links");
        t.links().forEach(l -> link(links.addObject(), l));
        o.put("message_count", t.messageCount());
    }

    private static void message(ObjectNode o, Message m) {
        o.put("ticket", m.ticketId().value());
        o.put("seq", m.seq());
        o.put("visibility", lower(m.visibility()));
        o.put("author_kind", lower(m.authorKind()));
        o.put("author_id", m.authorId());
        o.put("created_at", m.createdAt().toString());
        o.put("attachment_count", m.attachments().size());
    }

    private static void link(ObjectNode o, TicketLink l) {
        o.put("type", lower(l.type()));
        o.put("other", l.other().value());
    }

    private static void signal(ObjectNode o, ComplaintSignal s) {
        strings(o.putArray("cues"), s.cues());
        o.put("sentiment_score", s.sentimentScore());
    }

    private static void strings(ArrayNode a, Collection<String> values) {
        values.forEach(a::add);
    }

    private static void opt(ObjectNode o, String key, @Nullable Object value) {
        if (value == null) {
            return;
        }
        if (value instanceof Instant i) {
            o.put(key, i.toString());
        } else if (value instanceof TicketId v) {
            o.put(key, v.value());
        } else if (value instanceof AgentId v) {
            o.put(key, v.value());
        } else if (value instanceof GroupId v) {
            o.put(key, v.value());
        } else if (value instanceof OrganizationId v) {
            o.put(key, v.value());
        } else if (value instanceof CustomerId v) {
            o.put(key, v.value());
        } else {
            throw new IllegalArgumentException("no JSON mapping for " + value.getClass());
        }
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    // ---------------------------------------------------------------- reading

    private static SupportEvent readData(String type, TenantId tenant, Instant at, In d, In root) {
        switch (type) {
            case "desk.CustomerCreated" -> {
                List<IdentityKind> kinds = new ArrayList<>();
                for (In k : d.arr("identity_kinds")) {
                    kinds.add(k.enumValue(IdentityKind.class));
                }
                return new CustomerCreated(tenant, principal(d, tenant), at, d.id("customer", CustomerId::of), kinds);
            }
            case "desk.CustomerMerged" -> {
                List<TicketId> moved = new ArrayList<>();
                for (In t : d.arr("moved_tickets")) {
                    moved.add(t.idValue(TicketId::of));
                }
                return new CustomerMerged(tenant, principal(d, tenant), at, d.id("survivor", CustomerId::of),
                    d.id("merged", CustomerId::of), moved);
            }
            default -> {
                // handled below
            }
        }
        if (type.startsWith("desk.")) {
            Principal p = principal(d, tenant);
            Ticket t = ticket(d.obj("ticket"), tenant);
            return switch (type) {
                case "desk.TicketCreated" -> new TicketCreated(t, p, at, message(d.obj("first_message")),
                    d.optId("follow_up_of", TicketId::of));
                case "desk.MessageAdded" -> new MessageAdded(t, p, at, message(d.obj("message")));
                case "desk.StatusChanged" -> new StatusChanged(t, p, at, d.enumOf("from", TicketStatus.class),
                    d.enumOf("to", TicketStatus.class));
                case "desk.PriorityChanged" -> new PriorityChanged(t, p, at, d.enumOf("from", Priority.class),
                    d.enumOf("to", Priority.class));
                case "desk.TypeChanged" -> new TypeChanged(t, p, at, d.enumOf("from", TicketType.class),
                    d.enumOf("to", TicketType.class));
                case "desk.ComplaintChanged" -> new ComplaintChanged(t, p, at, d.bool("complaint"));
                case "desk.TagsChanged" -> new TagsChanged(t, p, at, new LinkedHashSet<>(d.strings("added")),
                    new LinkedHashSet<>(d.strings("removed")));
                case "desk.CustomFieldsChanged" -> new CustomFieldsChanged(t, p, at,
                    d.strings("changed_fields").stream().map(f -> new FieldChange(f, "", "")).toList());
                case "desk.Assigned" -> new Assigned(t, p, at, d.optId("from", AgentId::of),
                    d.optId("to", AgentId::of), d.optId("group", GroupId::of), d.bool("automatic"),
                    d.str("strategy"));
                case "desk.TicketMerged" -> new TicketMerged(t, p, at, d.id("survivor", TicketId::of),
                    d.optId("survivor_requester", CustomerId::of));
                case "desk.TicketLinked" -> new TicketLinked(t, p, at, link(d.obj("link")));
                case "desk.RequesterChanged" -> new RequesterChanged(t, p, at, d.id("from", CustomerId::of),
                    d.id("to", CustomerId::of));
                case "desk.DeliveryRequested" -> new DeliveryRequested(t, p, at, message(d.obj("message")),
                    d.channel("channel"));
                default -> throw root.error("type", "is not a known event type: '" + type + "'");
            };
        }
        if (type.startsWith("sla.")) {
            return readSla(type, tenant, at, d, root);
        }
        if (type.startsWith("feedback.")) {
            return readFeedback(type, tenant, at, d, root);
        }
        if (type.startsWith("bot.")) {
            return readBot(type, tenant, at, d, root);
        }
        if (type.equals("automation.TimeRuleFired")) {
            return new TimeRuleFired(tenant, d.id("ticket", TicketId::of), at, d.str("engine"), d.str("rule"),
                d.instant("period_start"));
        }
        throw root.error("type", "is not a known event type: '" + type + "'");
    }

    private static SupportEvent readSla(String type, TenantId tenant, Instant at, In d, In root) {
        TicketId ticket = d.id("ticket", TicketId::of);
        return switch (type) {
            case "sla.PolicyApplied" -> new SlaEvent.PolicyApplied(tenant, ticket, d.str("policy"), at);
            case "sla.CycleStarted" -> new SlaEvent.CycleStarted(tenant, ticket, d.enumOf("metric", SlaMetric.class),
                d.duration("target"), d.optInstant("due_at"), at);
            case "sla.CyclePaused" -> new SlaEvent.CyclePaused(tenant, ticket, d.enumOf("metric", SlaMetric.class), at);
            case "sla.CycleResumed" -> new SlaEvent.CycleResumed(tenant, ticket, d.enumOf("metric", SlaMetric.class),
                d.instant("due_at"), at);
            case "sla.CycleStopped" -> new SlaEvent.CycleStopped(tenant, ticket, d.enumOf("metric", SlaMetric.class),
                d.enumOf("reason", SlaCycle.StopReason.class), d.duration("elapsed"), d.bool("breached"), at);
            case "sla.Warning" -> new SlaEvent.Warning(tenant, ticket, d.enumOf("metric", SlaMetric.class),
                d.duration("lead"), d.instant("due_at"), at);
            case "sla.Breached" -> new SlaEvent.Breached(tenant, ticket, d.enumOf("metric", SlaMetric.class),
                d.str("policy"), at);
            case "sla.EscalationRequested" -> new SlaEvent.EscalationRequested(tenant, ticket,
                d.enumOf("metric", SlaMetric.class), d.str("policy"), d.enumOf("on", SlaEscalation.When.class),
                action(d.obj("action")), d.instant("due_at"), at);
            default -> throw root.error("type", "is not a known event type: '" + type + "'");
        };
    }

    private static EscalationAction action(In a) {
        String kind = a.str("kind");
        return switch (kind) {
            case "raise_priority" -> {
                Priority to = a.enumOf("to", Priority.class);
                yield a.guard("to", () -> new EscalationAction.RaisePriority(to));
            }
            case "reassign" -> new EscalationAction.Reassign(a.id("group", GroupId::of));
            case "add_tag" -> {
                String tag = a.str("tag");
                yield a.guard("tag", () -> new EscalationAction.AddTag(tag));
            }
            case "notify" -> {
                String recipient = a.str("recipient");
                yield a.guard("recipient", () -> new EscalationAction.Notify(recipient));
            }
            default -> throw a.error("kind", "must be raise_priority, reassign, add_tag or notify; was '" + kind + "'");
        };
    }

    private static SupportEvent readFeedback(String type, TenantId tenant, Instant at, In d, In root) {
        return switch (type) {
            case "feedback.ResponseRecorded" -> {
                In o = d.obj("response");
                List<Answer> answers = new ArrayList<>();
                List<Question> questions = new ArrayList<>();
                for (In a : o.arr("answers")) {
                    Integer score = a.has("score") ? a.integer("score") : null;
                    String questionId = a.str("question_id");
                    answers.add(new Answer(questionId, score, null));
                    if (score != null && a.has("kind")) {
                        questions.add(a.scoredQuestion(questionId));
                    }
                }
                TextAnalysis analysis = null;
                if (o.has("analysis")) {
                    In an = o.obj("analysis");
                    analysis = new TextAnalysis(an.str("language"), List.of(),
                        new Sentiment(an.dbl("sentiment_score"), an.enumOf("sentiment_label", Sentiment.Label.class)),
                        new LinkedHashSet<>(an.strings("themes")),
                        an.has("complaint") ? signal(an.obj("complaint")) : null);
                }
                SurveyResponse r = new SurveyResponse(o.str("id"), o.str("invitation_id"), tenant, o.str("survey_id"),
                    o.enumOf("trigger", SurveyTrigger.class), o.optId("ticket", TicketId::of),
                    o.id("customer", CustomerId::of), o.optId("agent", AgentId::of), o.optId("group", GroupId::of),
                    o.channel("channel"), o.instant("answered_at"), answers, null, o.optStr("reason"), analysis);
                yield new ResponseRecorded(r, questions, at);
            }
            case "feedback.ComplaintDetected" -> new ComplaintDetected(tenant, d.optId("ticket", TicketId::of),
                d.id("customer", CustomerId::of), d.str("source_id"), signal(d.obj("signal")), at);
            case "feedback.ImprovementActionCompleted" -> new ImprovementActionCompleted(tenant, d.str("action_id"),
                d.str("title"), Set.copyOf(d.strings("customers_to_notify").stream().map(CustomerId::of).toList()), at);
            case "feedback.SurveyInvitationScheduled" -> new SurveyInvitationScheduled(tenant, d.str("invitation_id"),
                d.optId("ticket", TicketId::of), d.id("customer", CustomerId::of), d.str("survey_id"),
                d.enumOf("trigger", SurveyTrigger.class), d.channel("channel"), d.instant("due_at"),
                d.instant("expires_at"), at);
            case "feedback.SurveyInvitationSent" -> new SurveyInvitationSent(tenant, d.str("invitation_id"),
                d.optId("ticket", TicketId::of), d.id("customer", CustomerId::of), d.str("survey_id"),
                d.channel("channel"), at);
            case "feedback.SurveyInvitationAnswered" -> new SurveyInvitationAnswered(tenant, d.str("invitation_id"),
                d.str("response_id"), d.optId("ticket", TicketId::of), d.id("customer", CustomerId::of),
                d.str("survey_id"), d.channel("channel"), at);
            default -> throw root.error("type", "is not a known event type: '" + type + "'");
        };
    }

    private static SupportEvent readBot(String type, TenantId tenant, Instant at, In d, In root) {
        TicketId ticket = d.id("ticket", TicketId::of);
        String bot = d.str("bot");
        return switch (type) {
            case "bot.FaqMatched" -> new FaqMatched(tenant, ticket, at, bot, d.enumOf("decision", FaqDecision.class),
                d.dbl("confidence"), d.optStr("faq_id"));
            case "bot.BotAnswered" -> new BotAnswered(tenant, ticket, at, bot, d.str("faq_id"), d.dbl("confidence"),
                d.count("message_seq"), d.instant("verdict_due_at"));
            case "bot.BotDeflected" -> new BotDeflected(tenant, ticket, at, bot, d.optStr("faq_id"));
            case "bot.BotHandedOver" -> new BotHandedOver(tenant, ticket, at, bot,
                d.enumOf("reason", BotHandedOver.Reason.class), d.optStr("faq_id"), d.instant("routed_at"));
            case "bot.BotNoVerdict" -> new BotNoVerdict(tenant, ticket, at, bot, d.str("faq_id"),
                d.instant("answered_at"));
            default -> throw root.error("type", "is not a known event type: '" + type + "'");
        };
    }

    private static Principal principal(In d, TenantId tenant) {
        In p = d.obj("principal");
        Principal.Kind kind = p.enumOf("kind", Principal.Kind.class);
        String id = p.str("id");
        return p.guard("id", () -> new Principal(tenant, kind, id));
    }

    private static Ticket ticket(In o, TenantId tenant) {
        List<TicketLink> links = new ArrayList<>();
        for (In l : o.arr("links")) {
            links.add(link(l));
        }
        Map<String, Object> noFields = Map.of();
        int messageCount = o.count("message_count");
        Ticket.Builder builder = Ticket.builder(o.id("id", TicketId::of), tenant, o.id("requester", CustomerId::of),
                o.channel("channel"), o.instant("created_at"))
            .number(o.lng("number"))
            .organization(o.optId("organization", OrganizationId::of))
            .status(o.enumOf("status", TicketStatus.class))
            .priority(o.enumOf("priority", Priority.class))
            .type(o.enumOf("type", TicketType.class))
            .complaint(o.bool("complaint"))
            .tags(o.strings("tags"))
            .customFields(noFields)
            .assignee(o.optId("assignee", AgentId::of))
            .group(o.optId("group", GroupId::of))
            .language(o.optStr("language"))
            .updatedAt(o.instant("updated_at"))
            .solvedAt(o.optInstant("solved_at"))
            .version(o.lng("version"))
            .mergedInto(o.optId("merged_into", TicketId::of))
            .links(links)
            .messageCount(messageCount);
        return o.guard("", builder::build);
    }

    private static Message message(In o) {
        return new Message(o.id("ticket", TicketId::of), o.count("seq"), o.enumOf("visibility", Visibility.class),
            o.enumOf("author_kind", AuthorKind.class), o.str("author_id"), "", List.of(), o.instant("created_at"));
    }

    private static TicketLink link(In o) {
        return new TicketLink(o.enumOf("type", LinkType.class), o.id("other", TicketId::of));
    }

    private static ComplaintSignal signal(In o) {
        return new ComplaintSignal(o.strings("cues"), o.dbl("sentiment_score"));
    }

    /** A JSON object being read, with its path for error messages. */
    private static final class In {
        private final long line;
        private final String path;
        private final JsonNode node;

        In(long line, String path, JsonNode node) {
            this.line = line;
            this.path = path;
            this.node = node;
        }

        EventJsonException error(String key, String problem) {
            return new EventJsonException(line, at(key), problem);
        }

        private String at(String key) {
            return path.isEmpty() ? key : key.isEmpty() ? path : path + "." + key;
        }

        boolean has(String key) {
            JsonNode v = node.get(key);
            return v != null && !v.isNull();
        }

        private JsonNode required(String key) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                throw error(key, "is required");
            }
            return v;
        }

        String str(String key) {
            JsonNode v = required(key);
            if (!v.isTextual()) {
                throw error(key, "must be a string");
            }
            return v.textValue();
        }

        @Nullable String optStr(String key) {
            return has(key) ? str(key) : null;
        }

        long lng(String key) {
            JsonNode v = required(key);
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                throw error(key, "must be an integer");
            }
            return v.longValue();
        }

        int integer(String key) {
            return intIn(key, Integer.MIN_VALUE);
        }

        /** A count or sequence number: 0 or more. */
        int count(String key) {
            return intIn(key, 0);
        }

        private int intIn(String key, int min) {
            long v = lng(key);
            if (v < min || v > Integer.MAX_VALUE) {
                throw error(key, "must be " + min + ".." + Integer.MAX_VALUE + "; was " + v);
            }
            return (int) v;
        }

        double dbl(String key) {
            JsonNode v = required(key);
            if (!v.isNumber()) {
                throw error(key, "must be a number");
            }
            return v.doubleValue();
        }

        boolean bool(String key) {
            JsonNode v = required(key);
            if (!v.isBoolean()) {
                throw error(key, "must be true or false");
            }
            return v.booleanValue();
        }

        Instant instant(String key) {
            String s = str(key);
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException ex) {
                throw error(key, "must be an ISO-8601 instant such as 2026-04-01T09:00:00Z; was '" + s + "'");
            }
        }

        @Nullable Instant optInstant(String key) {
            return has(key) ? instant(key) : null;
        }

        Duration duration(String key) {
            String s = str(key);
            try {
                return Duration.parse(s);
            } catch (DateTimeParseException ex) {
                throw error(key, "must be an ISO-8601 duration such as PT4H; was '" + s + "'");
            }
        }

        <E extends Enum<E>> E enumOf(String key, Class<E> type) {
            String s = str(key);
            return parseEnum(key, s, type);
        }

        <E extends Enum<E>> E enumValue(Class<E> type) {
            if (!node.isTextual()) {
                throw error("", "must be a string");
            }
            return parseEnum("", node.textValue(), type);
        }

        private <E extends Enum<E>> E parseEnum(String key, String s, Class<E> type) {
            try {
                return Enum.valueOf(type, s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException ex) {
                List<String> names = new ArrayList<>();
                for (E c : type.getEnumConstants()) {
                    names.add(lower(c));
                }
                throw error(key, "must be one of " + String.join(", ", names) + "; was '" + s + "'");
            }
        }

        Channel channel(String key) {
            String s = str(key);
            return guard(key, () -> new Channel(s));
        }

        <T> T id(String key, Function<String, T> of) {
            String s = str(key);
            return guard(key, () -> of.apply(s));
        }

        <T> @Nullable T optId(String key, Function<String, T> of) {
            return has(key) ? id(key, of) : null;
        }

        <T> T idValue(Function<String, T> of) {
            if (!node.isTextual()) {
                throw error("", "must be a string");
            }
            return guard("", () -> of.apply(node.textValue()));
        }

        /**
         * The scored question an answer names with {@code kind} and {@code scale_max}: CSAT from 1 to 3..10, NPS 0
         * to 10, CES 1 to 7, as {@link Question} allows.
         */
        Question scoredQuestion(String questionId) {
            QuestionKind kind = enumOf("kind", QuestionKind.class);
            if (kind == QuestionKind.TEXT) {
                throw error("kind", "must be csat, nps or ces for a scored answer; was 'text'");
            }
            int max = integer("scale_max");
            // the kind's lowest score and default text, as its factory defines them; the scale's top is the line's
            Question standard = switch (kind) {
                case NPS -> Question.nps();
                case CES -> Question.ces();
                default -> Question.csat();
            };
            try {
                return new Question(questionId, kind, standard.min(), max, standard.prompt(), false);
            } catch (ValidationException ex) {
                Violation v = ex.violations().get(0);
                throw error(v.field().equals("question.id") ? "question_id" : "scale_max", v.message());
            }
        }

        <T> T guard(String key, java.util.function.Supplier<T> make) {
            try {
                return make.get();
            } catch (MadoguchiException | IllegalArgumentException ex) {
                String msg = ex.getMessage() == null ? "is not valid" : ex.getMessage();
                throw error(key, msg.startsWith("invalid input: ") ? msg.substring("invalid input: ".length()) : msg);
            }
        }

        In obj(String key) {
            JsonNode v = required(key);
            if (!v.isObject()) {
                throw error(key, "must be an object");
            }
            return new In(line, at(key), v);
        }

        List<In> arr(String key) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return List.of();
            }
            if (!v.isArray()) {
                throw error(key, "must be an array");
            }
            List<In> out = new ArrayList<>(v.size());
            for (int i = 0; i < v.size(); i++) {
                out.add(new In(line, at(key) + "[" + i + "]", v.get(i)));
            }
            return out;
        }

        List<String> strings(String key) {
            List<String> out = new ArrayList<>();
            for (In e : arr(key)) {
                if (!e.node.isTextual()) {
                    throw new EventJsonException(line, e.path, "must be a string");
                }
                out.add(e.node.textValue());
            }
            return out;
        }
    }
}
