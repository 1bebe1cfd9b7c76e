package io.madoguchi.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.madoguchi.core.feedback.CesSummary;
import io.madoguchi.core.feedback.CsatSummary;
import io.madoguchi.core.feedback.NpsSummary;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * KPIs as JSON, the shape {@code madoguchi report} prints: snake_case keys {@code tickets}, {@code first_reply},
 * {@code next_reply}, {@code resolution}, {@code requester_wait} (each {@code {n, p50_seconds, p90_seconds,
 * p99_seconds}} plus {@code business} when a calendar was given), {@code sla} (a list of
 * {@code {metric, policy, met, breached, percent}}), {@code reopen}, {@code first_contact_resolution},
 * {@code survey_response}, {@code deflection}, {@code containment}, {@code handover} and {@code complaints} (each
 * {@code {count, base, percent}}), {@code csat}, {@code nps}, {@code ces}, {@code channel_mix},
 * {@code complaint_signals}, {@code churn_risk}, {@code agent_workload}, {@code handle_time} and
 * {@code feedback_themes}. Values that mean nothing (a percentile of no measurement, a score of no answer, a rate of
 * no base) are {@code null}. Stateless and thread-safe.
 */
public final class KpiJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private KpiJson() {
    }

    /**
     * @param k the KPIs
     * @return them as a JSON object
     */
    public static ObjectNode toJson(Kpis k) {
        ObjectNode o = JSON.createObjectNode();
        ObjectNode tickets = o.putObject("tickets");
        tickets.put("created", k.created());
        tickets.put("solved", k.solved());
        tickets.put("merged", k.merged());
        durations(o, "first_reply", k.firstReply(), k.firstReplyBusiness());
        durations(o, "next_reply", k.nextReply(), k.nextReplyBusiness());
        durations(o, "resolution", k.resolution(), k.resolutionBusiness());
        durations(o, "requester_wait", k.requesterWait(), null);
        durations(o, "handle_time", k.handleTime(), null);
        ArrayNode sla = o.putArray("sla");
        for (SlaAttainment a : k.sla()) {
            ObjectNode s = sla.addObject();
            s.put("metric", a.metric());
            s.put("policy", a.policy());
            s.put("met", a.met());
            s.put("breached", a.breached());
            s.put("percent", a.percent());
        }
        ratio(o, "reopen", k.reopen());
        ratio(o, "first_contact_resolution", k.firstContactResolution());
        CsatSummary c = k.csat();
        ObjectNode csat = o.putObject("csat");
        csat.put("n", c.n());
        csat.put("satisfied_percent", c.satisfiedPercent());
        csat.put("mean", c.mean());
        csat.put("scale_max", c.scaleMax());
        NpsSummary n = k.nps();
        ObjectNode nps = o.putObject("nps");
        nps.put("n", n.n());
        nps.put("promoters", n.promoters());
        nps.put("passives", n.passives());
        nps.put("detractors", n.detractors());
        nps.put("score", n.score());
        nps.put("margin_of_error", n.marginOfError());
        CesSummary e = k.ces();
        ObjectNode ces = o.putObject("ces");
        ces.put("n", e.n());
        ces.put("mean", e.mean());
        ratio(o, "survey_response", k.surveyResponse());
        ratio(o, "deflection", k.deflection());
        ratio(o, "containment", k.containment());
        ratio(o, "handover", k.handover());
        ObjectNode mix = o.putObject("channel_mix");
        k.channelMix().forEach(mix::put);
        ratio(o, "complaints", k.complaints());
        o.put("complaint_signals", k.complaintSignals());
        o.put("churn_risk", k.churnRisk());
        ObjectNode work = o.putObject("agent_workload");
        k.agentWorkload().forEach((agent, w) -> {
            ObjectNode a = work.putObject(agent);
            a.put("replies", w.replies());
            a.put("solved", w.solved());
            a.put("assigned", w.assigned());
            a.put("notes", w.notes());
            a.put("handle_seconds", w.handleSeconds());
        });
        ObjectNode themes = o.putObject("feedback_themes");
        k.feedbackThemes().forEach(themes::put);
        return o;
    }

    private static void durations(ObjectNode o, String key, DurationStats calendar, @Nullable DurationStats business) {
        ObjectNode d = stats(o.putObject(key), calendar);
        if (business != null) {
            stats(d.putObject("business"), business);
        }
    }

    private static ObjectNode stats(ObjectNode d, DurationStats s) {
        d.put("n", s.n());
        d.put("p50_seconds", seconds(s.p50()));
        d.put("p90_seconds", seconds(s.p90()));
        d.put("p99_seconds", seconds(s.p99()));
        return d;
    }

    private static @Nullable Long seconds(@Nullable Duration d) {
        return d == null ? null : d.getSeconds();
    }

    private static void ratio(ObjectNode o, String key, Ratio r) {
        ObjectNode x = o.putObject(key);
        x.put("count", r.count());
        x.put("base", r.base());
        x.put("percent", r.percent());
    }
}
