package io.madoguchi.metrics;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.CustomerId;
import io.madoguchi.core.GroupId;
import io.madoguchi.core.Principal;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.bot.BotDeflected;
import io.madoguchi.core.bot.BotHandedOver;
import io.madoguchi.core.bot.BotNoVerdict;
import io.madoguchi.core.bot.FaqMatched;
import io.madoguchi.core.event.Assigned;
import io.madoguchi.core.event.ComplaintChanged;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.MessageAdded;
import io.madoguchi.core.event.PriorityChanged;
import io.madoguchi.core.event.StatusChanged;
import io.madoguchi.core.event.SupportEvent;
import io.madoguchi.core.event.TagsChanged;
import io.madoguchi.core.event.TicketCreated;
import io.madoguchi.core.event.TicketMerged;
import io.madoguchi.core.faq.FaqDecision;
import io.madoguchi.core.feedback.Answer;
import io.madoguchi.core.feedback.ComplaintDetected;
import io.madoguchi.core.feedback.Question;
import io.madoguchi.core.feedback.ResponseRecorded;
import io.madoguchi.core.feedback.SurveyInvitationAnswered;
import io.madoguchi.core.feedback.SurveyInvitationSent;
import io.madoguchi.core.feedback.SurveyResponse;
import io.madoguchi.core.feedback.SurveyTrigger;
import io.madoguchi.core.feedback.text.ComplaintSignal;
import io.madoguchi.core.feedback.text.TextAnalyzer;
import io.madoguchi.core.sla.SlaCycle;
import io.madoguchi.core.sla.SlaEvent;
import io.madoguchi.core.sla.SlaMetric;
import io.madoguchi.core.ticket.AuthorKind;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Priority;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.ticket.Visibility;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Hand-built event sequences of a Tokyo shop, with times given in Japan time. */
final class Script {

    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    static final TenantId SHOP = TenantId.of("tokyo-shop");

    private static final TextAnalyzer ANALYZER = TextAnalyzer.defaults();

    final List<EventEnvelope> log = new ArrayList<>();
    private final Map<String, Ticket> tickets = new HashMap<>();
    private final Map<String, Integer> seq = new HashMap<>();

    static Instant jst(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(TOKYO).toInstant();
    }

    static Principal agent(String id) {
        return Principal.agent(SHOP, AgentId.of(id));
    }

    private void add(SupportEvent e) {
        log.add(new EventEnvelope(log.size() + 1, e));
    }

    private Ticket change(String id, Instant at, java.util.function.UnaryOperator<Ticket.Builder> f) {
        Ticket t = f.apply(tickets.get(id).toBuilder().updatedAt(at).version(tickets.get(id).version() + 1)).build();
        tickets.put(id, t);
        return t;
    }

    Script created(String id, String at, Channel channel, Priority priority, String group) {
        Instant i = jst(at);
        CustomerId customer = CustomerId.of("cust-" + id);
        Ticket t = Ticket.builder(TicketId.of(id), SHOP, customer, channel, i).subject("注文について")
            .priority(priority).group(group == null ? null : GroupId.of(group)).status(TicketStatus.NEW)
            .messageCount(1).build();
        tickets.put(id, t);
        seq.put(id, 1);
        Message first = new Message(t.id(), 1, Visibility.PUBLIC, AuthorKind.CUSTOMER, customer.value(),
            "商品が届きません", List.of(), i);
        add(new TicketCreated(t, Principal.customer(SHOP, customer), i, first, null));
        add(new MessageAdded(t, Principal.customer(SHOP, customer), i, first));
        return this;
    }

    Script created(String id, String at) {
        return created(id, at, Channel.EMAIL, Priority.NORMAL, "受付");
    }

    Script reply(String id, String at, String agentId) {
        return message(id, at, AuthorKind.AGENT, agentId, Visibility.PUBLIC);
    }

    Script note(String id, String at, String agentId) {
        return message(id, at, AuthorKind.AGENT, agentId, Visibility.INTERNAL);
    }

    Script customer(String id, String at) {
        return message(id, at, AuthorKind.CUSTOMER, tickets.get(id).requester().value(), Visibility.PUBLIC);
    }

    private Script message(String id, String at, AuthorKind kind, String author, Visibility v) {
        Instant i = jst(at);
        int n = seq.merge(id, 1, Integer::sum);
        Ticket t = change(id, i, b -> b.messageCount(n));
        Principal p = kind == AuthorKind.AGENT ? agent(author) : Principal.customer(SHOP, CustomerId.of(author));
        add(new MessageAdded(t, p, i,
            new Message(t.id(), n, v, kind, author, "ご連絡ありがとうございます", List.of(), i)));
        return this;
    }

    Script status(String id, String at, TicketStatus to, String agentId) {
        Instant i = jst(at);
        TicketStatus from = tickets.get(id).status();
        Ticket t = change(id, i, b -> b.status(to).solvedAt(to == TicketStatus.SOLVED ? i : null));
        add(new StatusChanged(t, agent(agentId), i, from, to));
        return this;
    }

    Script priority(String id, String at, Priority to) {
        Instant i = jst(at);
        Priority from = tickets.get(id).priority();
        Ticket t = change(id, i, b -> b.priority(to));
        add(new PriorityChanged(t, agent("admin"), i, from, to));
        return this;
    }

    Script assign(String id, String at, String agentId) {
        Instant i = jst(at);
        Ticket t = change(id, i, b -> b.assignee(AgentId.of(agentId)));
        add(new Assigned(t, agent("admin"), i, null, AgentId.of(agentId), t.group(), false, "manual"));
        return this;
    }

    Script complaint(String id, String at) {
        Instant i = jst(at);
        Ticket t = change(id, i, b -> b.complaint(true));
        add(new ComplaintChanged(t, agent("admin"), i, true));
        return this;
    }

    Script tag(String id, String at, String tag) {
        Instant i = jst(at);
        List<String> tags = new ArrayList<>(tickets.get(id).tags());
        tags.add(tag);
        Ticket t = change(id, i, b -> b.tags(tags));
        add(new TagsChanged(t, agent("admin"), i, Set.of(tag), Set.of()));
        return this;
    }

    Script merged(String id, String at, String survivor) {
        Instant i = jst(at);
        TicketStatus from = tickets.get(id).status();
        Ticket t = change(id, i, b -> b.status(TicketStatus.CLOSED).mergedInto(TicketId.of(survivor)));
        add(new TicketMerged(t, agent("admin"), i, TicketId.of(survivor)));
        add(new StatusChanged(t, agent("admin"), i, from, TicketStatus.CLOSED));
        return this;
    }

    Script policy(String id, String at, String policy) {
        add(new SlaEvent.PolicyApplied(SHOP, TicketId.of(id), policy, jst(at)));
        return this;
    }

    Script slaStopped(String id, String at, SlaMetric metric, SlaCycle.StopReason reason, boolean breached) {
        add(new SlaEvent.CycleStopped(SHOP, TicketId.of(id), metric, reason, Duration.ofMinutes(10), breached,
            jst(at)));
        return this;
    }

    Script surveySent(String id, String at) {
        add(new SurveyInvitationSent(SHOP, "inv-" + id, TicketId.of(id), tickets.get(id).requester(), "csat-default",
            Channel.EMAIL, jst(at)));
        return this;
    }

    Script surveyAnswered(String id, String at, String questionId, int score) {
        Instant i = jst(at);
        Ticket t = tickets.get(id);
        add(new SurveyInvitationAnswered(SHOP, "inv-" + id, "r-" + id, t.id(), t.requester(), "csat-default",
            Channel.EMAIL, i));
        add(new ResponseRecorded(new SurveyResponse("r-" + id, "inv-" + id, SHOP, "csat-default",
            SurveyTrigger.ON_SOLVE, t.id(), t.requester(), t.assignee(), t.group(), t.channel(), i,
            List.of(Answer.score(questionId, score)), null, null, null), i));
        return this;
    }

    /** An answer to {@code question} whose event carries the question, as the desk records it. */
    Script surveyAnswered(String id, String at, Question question, int score) {
        Instant i = jst(at);
        Ticket t = tickets.get(id);
        add(new ResponseRecorded(new SurveyResponse("r-" + id, "inv-" + id, SHOP, "csat-default",
            SurveyTrigger.ON_SOLVE, t.id(), t.requester(), t.assignee(), t.group(), t.channel(), i,
            List.of(Answer.score(question.id(), score)), null, null, null), List.of(question), i));
        return this;
    }

    /** A CSAT answer of 2 with a free comment, analysed as the desk analyses it (themes, sentiment). */
    Script comment(String id, String at, String comment) {
        return comment(id, at, 2, comment);
    }

    /** A CSAT answer with a free comment, analysed as the desk analyses it (themes, sentiment). */
    Script comment(String id, String at, int csat, String comment) {
        Instant i = jst(at);
        Ticket t = tickets.get(id);
        String n = "c-" + log.size();
        add(new ResponseRecorded(new SurveyResponse(n, "inv-" + n, SHOP, "csat-default", SurveyTrigger.ON_SOLVE,
            t.id(), t.requester(), t.assignee(), t.group(), t.channel(), i, List.of(Answer.score("csat", csat)),
            comment, null, ANALYZER.analyze(comment)), i));
        return this;
    }

    Script relationshipScore(String at, String questionId, int score) {
        Instant i = jst(at);
        String n = "rel-" + log.size();
        add(new ResponseRecorded(new SurveyResponse(n, "inv-" + n, SHOP, "nps-default", SurveyTrigger.RELATIONSHIP,
            null, CustomerId.of("cust-" + n), null, null, Channel.EMAIL, i, List.of(Answer.score(questionId, score)),
            null, null, null), i));
        return this;
    }

    Script complaintDetected(String id, String at, String... cues) {
        Ticket t = tickets.get(id);
        add(new ComplaintDetected(SHOP, t.id(), t.requester(), "message:" + id + "#2",
            new ComplaintSignal(List.of(cues), -0.7), jst(at)));
        return this;
    }

    Script botMatched(String id, String at) {
        add(new FaqMatched(SHOP, TicketId.of(id), jst(at), "faq-bot", FaqDecision.ANSWER, 0.9, "faq-1"));
        return this;
    }

    Script botDeflected(String id, String at) {
        add(new BotDeflected(SHOP, TicketId.of(id), jst(at), "faq-bot", "faq-1"));
        return this;
    }

    Script botNoVerdict(String id, String at) {
        add(new BotNoVerdict(SHOP, TicketId.of(id), jst(at), "faq-bot", "faq-1", jst(at).minusSeconds(3600)));
        return this;
    }

    Script botHandedOver(String id, String at) {
        add(new BotHandedOver(SHOP, TicketId.of(id), jst(at), "faq-bot", BotHandedOver.Reason.CUSTOMER_SAID_NO,
            "faq-1", jst(at)));
        return this;
    }

    KpiEngine feed(KpiEngine engine) {
        engine.backfill(log);
        return engine;
    }
}
