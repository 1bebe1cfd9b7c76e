package io.madoguchi.core.event;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.CustomerId;
import io.madoguchi.core.GroupId;
import io.madoguchi.core.OrganizationId;
import io.madoguchi.core.Principal;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** One event of every type the library has, holding no free text (so each must round-trip exactly). */
final class EventSamples {

    static final TenantId TENANT = TenantId.of("shop-a");
    static final TicketId T1 = TicketId.of("T1");
    static final Instant AT = Instant.parse("2026-04-01T00:30:00.123456Z");
    static final Principal AGENT = Principal.agent(TENANT, AgentId.of("sato"));
    static final CustomerId TANAKA = CustomerId.of("tanaka");

    private EventSamples() {
    }

    static Ticket ticket() {
        return Ticket.builder(T1, TENANT, TANAKA, Channel.LINE, AT.minusSeconds(600))
            .number(42).organization(OrganizationId.of("org-1")).status(TicketStatus.OPEN).priority(Priority.HIGH)
            .type(TicketType.INCIDENT).complaint(true).tags(List.of("クレーム", "解約"))
            .assignee(AgentId.of("sato")).group(GroupId.of("billing")).language("ja").updatedAt(AT)
            .solvedAt(AT.minusSeconds(60)).version(7).mergedInto(TicketId.of("T0"))
            .links(List.of(new TicketLink(LinkType.FOLLOW_UP_OF, TicketId.of("T0")))).messageCount(3).build();
    }

    static Message message(AuthorKind kind) {
        return new Message(T1, 2, Visibility.PUBLIC, kind, "sato", "", List.of(), AT);
    }

    static List<SupportEvent> all() {
        Ticket t = ticket();
        SurveyResponse response = new SurveyResponse("r1", "inv1", TENANT, "csat-default", SurveyTrigger.ON_SOLVE, T1,
            TANAKA, AgentId.of("sato"), GroupId.of("billing"), Channel.EMAIL, AT,
            List.of(Answer.score("csat", 4), new Answer("comment", null, null)), null, "slow",
            new TextAnalysis("ja", List.of(), new Sentiment(-0.5, Sentiment.Label.NEGATIVE), Set.of("返金"),
                new ComplaintSignal(List.of("解約"), -0.5)));
        return List.of(
            new TicketCreated(t, AGENT, AT, message(AuthorKind.CUSTOMER), TicketId.of("T0")),
            new MessageAdded(t, AGENT, AT, message(AuthorKind.AGENT)),
            new StatusChanged(t, AGENT, AT, TicketStatus.OPEN, TicketStatus.SOLVED),
            new PriorityChanged(t, AGENT, AT, Priority.NORMAL, Priority.URGENT),
            new TypeChanged(t, AGENT, AT, TicketType.QUESTION, TicketType.PROBLEM),
            new ComplaintChanged(t, AGENT, AT, true),
            new TagsChanged(t, AGENT, AT, Set.of("返金"), Set.of("vip")),
            new CustomFieldsChanged(t, AGENT, AT, List.of(new FieldChange("plan", "", ""))),
            new Assigned(t, AGENT, AT, AgentId.of("suzuki"), AgentId.of("sato"), GroupId.of("billing"), true,
                "least_loaded"),
            new TicketMerged(t, AGENT, AT, TicketId.of("T9")),
            new TicketLinked(t, AGENT, AT, new TicketLink(LinkType.PROBLEM, TicketId.of("T5"))),
            new RequesterChanged(t, AGENT, AT, TANAKA, CustomerId.of("yamada")),
            new DeliveryRequested(t, AGENT, AT, message(AuthorKind.AGENT), Channel.LINE),
            new CustomerCreated(TENANT, Principal.system(TENANT, "channels"), AT, TANAKA,
                List.of(IdentityKind.EMAIL, IdentityKind.LINE_USER)),
            new CustomerMerged(TENANT, AGENT, AT, TANAKA, CustomerId.of("tanaka-2"), List.of(T1, TicketId.of("T2"))),
            new SlaEvent.PolicyApplied(TENANT, T1, "プレミアム", AT),
            new SlaEvent.CycleStarted(TENANT, T1, SlaMetric.FIRST_REPLY_TIME, Duration.ofHours(4),
                    AT.plusSeconds(3600), AT),
            new SlaEvent.CycleStarted(TENANT, T1, SlaMetric.PERIODIC_UPDATE, Duration.ofHours(1), null, AT),
            new SlaEvent.CyclePaused(TENANT, T1, SlaMetric.REQUESTER_WAIT_TIME, AT),
            new SlaEvent.CycleResumed(TENANT, T1, SlaMetric.AGENT_WORK_TIME, AT.plusSeconds(60), AT),
            new SlaEvent.CycleStopped(TENANT, T1, SlaMetric.NEXT_REPLY_TIME, SlaCycle.StopReason.FULFILLED,
                Duration.ofMinutes(90).plusNanos(1000), true, AT),
            new SlaEvent.Warning(TENANT, T1, SlaMetric.FIRST_REPLY_TIME, Duration.ofMinutes(15),
                    AT.plusSeconds(900), AT),
            new SlaEvent.Breached(TENANT, T1, SlaMetric.TOTAL_RESOLUTION_TIME, "プレミアム", AT),
            new SlaEvent.EscalationRequested(TENANT, T1, SlaMetric.FIRST_REPLY_TIME, "p", SlaEscalation.When.BREACH,
                new EscalationAction.RaisePriority(Priority.URGENT), AT, AT),
            new SlaEvent.EscalationRequested(TENANT, T1, SlaMetric.FIRST_REPLY_TIME, "p", SlaEscalation.When.WARNING,
                new EscalationAction.Reassign(GroupId.of("leads")), AT, AT),
            new SlaEvent.EscalationRequested(TENANT, T1, SlaMetric.FIRST_REPLY_TIME, "p", SlaEscalation.When.WARNING,
                new EscalationAction.AddTag("要注意"), AT, AT),
            new SlaEvent.EscalationRequested(TENANT, T1, SlaMetric.FIRST_REPLY_TIME, "p", SlaEscalation.When.BREACH,
                new EscalationAction.Notify("leads"), AT, AT),
            new ResponseRecorded(response, AT),
            new ComplaintDetected(TENANT, T1, TANAKA, "message:T1#2", new ComplaintSignal(List.of("責任者"), -0.8), AT),
            new ComplaintDetected(TENANT, null, TANAKA, "r1", new ComplaintSignal(List.of(), -0.2), AT),
            new ImprovementActionCompleted(TENANT, "act-1", "請求画面を改善", Set.of(TANAKA), AT),
            new SurveyInvitationScheduled(TENANT, "inv1", T1, TANAKA, "csat-default", SurveyTrigger.ON_SOLVE,
                Channel.EMAIL, AT.plusSeconds(3600), AT.plusSeconds(86_400 * 7), AT),
            new SurveyInvitationSent(TENANT, "inv1", null, TANAKA, "nps", Channel.EMAIL, AT),
            new SurveyInvitationAnswered(TENANT, "inv1", "r1", T1, TANAKA, "csat-default", Channel.EMAIL, AT),
            new FaqMatched(TENANT, T1, AT, "bot", FaqDecision.ANSWER, 0.91, "faq-7"),
            new FaqMatched(TENANT, T1, AT, "bot", FaqDecision.SUGGEST, 0.4, null),
            new BotAnswered(TENANT, T1, AT, "bot", "faq-7", 0.91, 2, AT.plusSeconds(86_400)),
            new BotDeflected(TENANT, T1, AT, "bot", "faq-7"),
            new BotHandedOver(TENANT, T1, AT, "bot", BotHandedOver.Reason.CUSTOMER_SAID_NO, null, AT.plusSeconds(60)),
            new BotNoVerdict(TENANT, T1, AT, "bot", "faq-7", AT.minusSeconds(86_400)),
            new TimeRuleFired(TENANT, T1, AT, "automations", "3日放置", AT.minusSeconds(3600)));
    }
}
