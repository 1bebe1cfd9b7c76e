package io.madoguchi.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.core.Channel;
import io.madoguchi.core.sla.SlaCycle;
import io.madoguchi.core.sla.SlaMetric;
import io.madoguchi.core.ticket.Priority;
import io.madoguchi.core.ticket.TicketStatus;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class KpiDashboardTest {

    @Test
    void theDashboardParsesAndHasAChartWithDataForEveryKpiFamilyAndNoNetworkOrScript() throws Exception {
        Script s = new Script();
        for (int d = 1; d <= 5; d++) {
            String day = "2026-04-0" + d;
            String id = "T" + d;
            s.created(id, day + "T09:00:00", d % 2 == 0 ? Channel.LINE : Channel.EMAIL, Priority.NORMAL, "受付")
                .policy(id, day + "T09:00:00", "標準").reply(id, day + "T09:" + (10 * d) + ":00", "sato")
                .slaStopped(id, day + "T09:50:00", SlaMetric.FIRST_REPLY_TIME, SlaCycle.StopReason.FULFILLED, d == 5)
                .status(id, day + "T1" + d + ":00:00", TicketStatus.SOLVED, "sato")
                .surveySent(id, day + "T12:00:00").surveyAnswered(id, day + "T18:00:00", "csat", d)
                .relationshipScore(day + "T18:00:00", "nps", 2 * d)
                .botMatched(id, day + "T09:00:01");
            if (d < 3) {
                s.botDeflected(id, day + "T09:05:00");
            }
            if (d == 4) {
                s.complaint(id, day + "T10:00:00").tag(id, day + "T10:00:00", "解約");
            }
            s.comment(id, day + "T18:30:00", "配送が遅くて困りました");
        }
        s.created("T9", "2026-04-05T20:00:00");
        KpiEngine e = s.feed(KpiEngine.builder().zone(Script.TOKYO).build());
        StringWriter out = new StringWriter();
        KpiDashboard.write(e, LocalDate.of(2026, 4, 1), LocalDate.of(2026, 4, 30), out);
        String html = out.toString();

        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
        NodeList figures = doc.getElementsByTagNameNS("http://www.w3.org/1999/xhtml", "figure");
        List<String> kpis = new ArrayList<>();
        for (int i = 0; i < figures.getLength(); i++) {
            Element fig = (Element) figures.item(i);
            kpis.add(fig.getAttribute("data-kpi"));
            assertThat(fig.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg").getLength()).isEqualTo(1);
            int marks = fig.getElementsByTagNameNS("http://www.w3.org/2000/svg", "circle").getLength()
                + fig.getElementsByTagNameNS("http://www.w3.org/2000/svg", "rect").getLength();
            assertThat(marks).as(fig.getAttribute("data-kpi")).isPositive();
        }
        assertThat(kpis).containsExactly("first_reply", "resolution", "sla", "csat", "nps", "deflection",
            "backlog_age", "channel_mix", "themes", "rising_themes", "complaints");
        assertThat(html).contains("初回応答時間", "First reply time", "SLA達成率", "チャネル構成", "Channel mix")
            .doesNotContain("<script", "href=", "src=", "url(", "@import", "商品が届きません");
        // five days of first replies: 10..50 minutes, p50 30 min = 0.5 h
        assertThat(html).contains("初回応答 p50 / First reply p50</span><b>0.5 h</b>");
    }

    private static Element figure(String html, String kpi) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
        NodeList figures = doc.getElementsByTagNameNS("http://www.w3.org/1999/xhtml", "figure");
        for (int i = 0; i < figures.getLength(); i++) {
            Element fig = (Element) figures.item(i);
            if (fig.getAttribute("data-kpi").equals(kpi)) {
                return fig;
            }
        }
        throw new AssertionError("no chart " + kpi);
    }

    private static List<String> barLabels(Element fig) {
        NodeList texts = fig.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < texts.getLength(); i++) {
            out.add(texts.item(i).getTextContent());
        }
        return out;
    }

    private static String dashboard(KpiEngine e, java.util.Map<String, Long> backlog) throws Exception {
        StringWriter out = new StringWriter();
        KpiDashboard.write(e, LocalDate.of(2026, 4, 1), LocalDate.of(2026, 4, 30), backlog, out);
        return out.toString();
    }

    @Test
    void topAndRisingFeedbackThemesComeFromTheSurveyCommentsOfTheLastSevenDaysAgainstTheSevenBefore() throws Exception {
        Script s = new Script().created("T1", "2026-04-01T09:00:00");
        // week before (4/3–4/9): 返金 three times, 配送 once; last week (4/10–4/16): 配送 three times, 返金 once
        s.comment("T1", "2026-04-03T10:00:00", "返金の手続きが分かりにくい")
            .comment("T1", "2026-04-04T10:00:00", "返金がまだです")
            .comment("T1", "2026-04-05T10:00:00", "返金してほしい")
            .comment("T1", "2026-04-06T10:00:00", "配送が遅い")
            .comment("T1", "2026-04-10T10:00:00", "配送が遅い")
            .comment("T1", "2026-04-12T10:00:00", "荷物が届かない")
            .comment("T1", "2026-04-16T23:30:00", "配達の時間が違った")
            .comment("T1", "2026-04-16T23:40:00", "返金の連絡がない");
        KpiEngine e = s.feed(KpiEngine.builder().zone(Script.TOKYO).build());

        assertThat(e.kpis(null, io.madoguchi.core.feedback.Granularity.DAY, LocalDate.of(2026, 4, 1),
            LocalDate.of(2026, 4, 30), Dimension.ALL, "").feedbackThemes())
            .containsEntry("delivery", 4L).containsEntry("refund", 4L);
        String html = dashboard(e, null);
        assertThat(barLabels(figure(html, "themes"))).containsSubsequence("配送 / delivery", "返金・返品 / refund");
        // delivery 1 → 3 rises; refund 3 → 1 does not
        assertThat(barLabels(figure(html, "rising_themes"))).containsExactly("配送 / delivery", "+2（1 → 3）");
    }

    @Test
    void backlogByAgeComesFromTheStoreCountsWhenGivenAndOtherwiseFromTheOpenTicketsOfTheLog() throws Exception {
        Script s = new Script()
            .created("T1", "2026-04-01T09:00:00")
            .created("T2", "2026-04-06T09:00:00").status("T2", "2026-04-06T10:00:00", TicketStatus.SOLVED, "sato")
            .created("T3", "2026-04-07T09:00:00")
            .created("T4", "2026-04-08T09:00:00").status("T4", "2026-04-08T09:30:00", TicketStatus.SOLVED, "sato")
            .status("T4", "2026-04-08T10:00:00", TicketStatus.OPEN, "sato")
            .created("T5", "2026-04-09T08:00:00").merged("T5", "2026-04-09T08:10:00", "T4")
            .created("T6", "2026-04-09T09:00:00");
        KpiEngine e = s.feed(KpiEngine.builder().zone(Script.TOKYO).build());

        // newest event 4/9 09:00: T6 0 h, T4 (reopened) 1 day, T3 2 days, T1 8 days; T2 solved, T5 merged
        assertThat(e.backlogByAge(null)).containsExactly(java.util.Map.entry("lt_1d", 1L),
            java.util.Map.entry("1d_3d", 2L), java.util.Map.entry("3d_7d", 0L), java.util.Map.entry("ge_7d", 1L));
        assertThat(barLabels(figure(dashboard(e, null), "backlog_age")))
            .containsExactly("1日未満 / <1 day", "1", "1〜3日 / 1–3 days", "2", "3〜7日 / 3–7 days", "0",
                "7日以上 / ≥7 days", "1");
        String fromStore = dashboard(e, java.util.Map.of("lt_1d", 7L, "1d_3d", 0L, "3d_7d", 5L, "ge_7d", 0L));
        assertThat(barLabels(figure(fromStore, "backlog_age"))).containsExactly("1日未満 / <1 day", "7",
            "1〜3日 / 1–3 days", "0", "3〜7日 / 3–7 days", "5", "7日以上 / ≥7 days", "0");
        assertThat(figure(fromStore, "backlog_age").getTextContent()).contains("store counts");
    }
}
