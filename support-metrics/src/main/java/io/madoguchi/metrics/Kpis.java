package io.madoguchi.metrics;

import io.madoguchi.core.feedback.CesSummary;
import io.madoguchi.core.feedback.CsatSummary;
import io.madoguchi.core.feedback.NpsSummary;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The KPIs of one slice (or of several merged). Each measurement belongs to the period of the event that completed
 * it: a first reply to the period of the reply, a resolution to the period of the first solve. Immutable.
 *
 * @param created tickets created
 * @param solved tickets solved for the first time (merged-away tickets never count)
 * @param merged tickets merged into another
 * @param firstReply creation to the first public agent reply, for tickets a customer opened (calendar time)
 * @param nextReply the oldest unanswered customer message (after the first reply) to the next public agent reply
 * @param resolution creation to the first solve (calendar time)
 * @param requesterWait the resolution time minus the time the ticket was pending (waiting on the customer)
 * @param handleTime per public agent reply, the time from the agent's first action in the work session that led to
 *     it to the reply. A work session on a ticket is the agent's actions on it (notes, replies, status, priority,
 *     tag, field and assignment changes made by the agent) each within {@link KpiEngine.Builder#sessionGap} of the
 *     previous; a public reply ends it. A lower bound of the real handle time: reading and typing before the first
 *     action the log records are invisible, and a reply with no action before it in its session measures zero
 * @param firstReplyBusiness {@code firstReply} in business hours; null without a business calendar
 * @param nextReplyBusiness {@code nextReply} in business hours; null without a business calendar
 * @param resolutionBusiness {@code resolution} in business hours; null without a business calendar
 * @param sla attainment per SLA metric and policy, sorted by metric then policy
 * @param reopen tickets reopened (once per ticket) out of tickets solved
 * @param firstContactResolution tickets solved with exactly one public agent reply and never reopened, out of
 *     tickets solved
 * @param csat CSAT as {@link io.madoguchi.core.feedback.FeedbackStats} computes it (null scores when n = 0)
 * @param nps NPS with its margin of error only from {@value io.madoguchi.core.feedback.FeedbackStats#NPS_MARGIN_MIN_N}
 *     responses
 * @param ces CES
 * @param surveyResponse invitations answered out of invitations sent
 * @param deflection tickets the customer said the bot's answer solved, out of tickets the bot matched
 * @param containment tickets the bot solved without a person (deflected or answered without a verdict), out of
 *     tickets the bot matched
 * @param handover tickets the bot handed to a person, out of tickets the bot matched
 * @param channelMix tickets created per channel, sorted by channel
 * @param complaints tickets flagged as complaints (クレーム, once per ticket) out of tickets created, counted where
 *     the ticket was counted as created (its creation's period, channel, priority, group and assignee)
 * @param complaintSignals complaints detected in feedback or message text
 * @param churnRisk tickets with a churn signal (a churn tag such as 解約, or a complaint cue naming one), once per
 *     ticket
 * @param agentWorkload work per agent id, sorted; empty unless agents are enabled
 * @param feedbackThemes survey responses per theme of their free text (the themes of the response's text analysis,
 *     see {@link io.madoguchi.core.feedback.text.ThemeDictionary}), sorted by theme; a response counts once per theme
 */
public record Kpis(
    long created,
    long solved,
    long merged,
    DurationStats firstReply,
    DurationStats nextReply,
    DurationStats resolution,
    DurationStats requesterWait,
    DurationStats handleTime,
    @Nullable DurationStats firstReplyBusiness,
    @Nullable DurationStats nextReplyBusiness,
    @Nullable DurationStats resolutionBusiness,
    List<SlaAttainment> sla,
    Ratio reopen,
    Ratio firstContactResolution,
    CsatSummary csat,
    NpsSummary nps,
    CesSummary ces,
    Ratio surveyResponse,
    Ratio deflection,
    Ratio containment,
    Ratio handover,
    Map<String, Long> channelMix,
    Ratio complaints,
    long complaintSignals,
    long churnRisk,
    Map<String, Workload> agentWorkload,
    Map<String, Long> feedbackThemes) {

    /**
     * Copies the collections.
     *
     * @param created tickets created
     * @param solved tickets solved for the first time (merged-away tickets never count)
     * @param merged tickets merged into another
     * @param firstReply creation to the first public agent reply, for tickets a customer opened (calendar time)
     * @param nextReply the oldest unanswered customer message (after the first reply) to the next public agent reply
     * @param resolution creation to the first solve (calendar time)
     * @param requesterWait the resolution time minus the time the ticket was pending (waiting on the customer)
     * @param handleTime per public agent reply, the agent's first action in the work session that led to it to the
     *     reply (a lower bound; see the record's description)
     * @param firstReplyBusiness {@code firstReply} in business hours; null without a business calendar
     * @param nextReplyBusiness {@code nextReply} in business hours; null without a business calendar
     * @param resolutionBusiness {@code resolution} in business hours; null without a business calendar
     * @param sla attainment per SLA metric and policy, sorted by metric then policy
     * @param reopen tickets reopened (once per ticket) out of tickets solved
     * @param firstContactResolution tickets solved with exactly one public agent reply and never reopened, out of
     *     tickets solved
     * @param csat CSAT as {@link io.madoguchi.core.feedback.FeedbackStats} computes it (null scores when n = 0)
     * @param nps NPS with its margin of error only from
     *     {@value io.madoguchi.core.feedback.FeedbackStats#NPS_MARGIN_MIN_N} responses
     * @param ces CES
     * @param surveyResponse invitations answered out of invitations sent
     * @param deflection tickets the customer said the bot's answer solved, out of tickets the bot matched
     * @param containment tickets the bot solved without a person (deflected or answered without a verdict), out of
     *     tickets the bot matched
     * @param handover tickets the bot handed to a person, out of tickets the bot matched
     * @param channelMix tickets created per channel, sorted by channel
     * @param complaints tickets flagged as complaints (クレーム, once per ticket) out of tickets created, counted
     *     where the ticket was counted as created
     * @param complaintSignals complaints detected in feedback or message text
     * @param churnRisk tickets with a churn signal (a churn tag such as 解約, or a complaint cue naming one), once
     *     per ticket
     * @param agentWorkload work per agent id, sorted; empty unless agents are enabled
     * @param feedbackThemes survey responses per theme of their free text, sorted by theme; a response counts once per
     *     theme
     */
    public Kpis {
        sla = List.copyOf(sla);
        channelMix = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(channelMix));
        agentWorkload = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(agentWorkload));
        feedbackThemes = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(feedbackThemes));
    }
}
