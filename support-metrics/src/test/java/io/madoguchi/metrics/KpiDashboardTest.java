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
        }
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
            "channel_mix", "complaints");
        assertThat(html).contains("初回応答時間", "First reply time", "SLA達成率", "チャネル構成", "Channel mix")
            .doesNotContain("<script", "href=", "src=", "url(", "@import", "商品が届きません");
        // five days of first replies: 10..50 minutes, p50 30 min = 0.5 h
        assertThat(html).contains("初回応答 p50 / First reply p50</span><b>0.5 h</b>");
    }
}
