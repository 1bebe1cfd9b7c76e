package io.madoguchi.metrics;

import io.madoguchi.core.Channel;
import io.madoguchi.core.sla.SlaCycle;
import io.madoguchi.core.sla.SlaMetric;
import io.madoguchi.core.ticket.Priority;
import io.madoguchi.core.ticket.TicketStatus;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Random;

/**
 * Four weeks of a Tokyo shop's desk, seeded and therefore the same on every run: 12–19 tickets a day on four
 * channels, the FAQ bot on LINE and chat, replies with notes before some, SLA cycles, solves (the last days' tickets
 * partly still open), CSAT with comments (delivery complaints rising in the last week) and NPS.
 */
final class SampleMonth {

    static final LocalDate FIRST = LocalDate.of(2026, 4, 1);
    static final LocalDate LAST = LocalDate.of(2026, 4, 28);

    private static final List<Channel> CHANNELS = List.of(Channel.EMAIL, Channel.EMAIL, Channel.LINE, Channel.LINE,
        Channel.WEB_CHAT, Channel.PHONE);
    private static final List<String> AGENTS = List.of("sato", "suzuki", "tanaka");
    private static final List<String> GROUPS = List.of("受付", "請求", "配送");
    private static final List<String> COMMENTS = List.of("返金の手続きが分かりにくい", "料金の請求が二重でした",
        "オペレーターの対応が丁寧でした", "ログインできなくて困った", "商品に不具合がありました", "配送が遅い");
    private static final List<String> LATE_COMMENTS = List.of("配送が遅い", "荷物が届かない", "配達の時間が違った");

    private SampleMonth() {
    }

    static Script build() {
        Random r = new Random(13);
        Script s = new Script();
        int n = 0;
        for (LocalDate day = FIRST; !day.isAfter(LAST); day = day.plusDays(1)) {
            boolean lastWeek = day.isAfter(LAST.minusDays(7));
            int tickets = 12 + r.nextInt(8);
            for (int i = 0; i < tickets; i++) {
                String id = "T" + (++n);
                LocalDateTime at = day.atTime(9, 0).plusMinutes(r.nextInt(9 * 60));
                Channel channel = CHANNELS.get(r.nextInt(CHANNELS.size()));
                Priority priority = r.nextInt(10) == 0 ? Priority.HIGH : Priority.NORMAL;
                String agent = AGENTS.get(r.nextInt(AGENTS.size()));
                s.created(id, at.toString(), channel, priority, GROUPS.get(r.nextInt(GROUPS.size())))
                    .policy(id, at.toString(), "標準");
                if ((channel.equals(Channel.LINE) || channel.equals(Channel.WEB_CHAT)) && r.nextBoolean()) {
                    s.botMatched(id, at.plusSeconds(2).toString());
                    int outcome = r.nextInt(6);
                    if (outcome < 4) {
                        if (outcome < 3) {
                            s.botDeflected(id, at.plusMinutes(3).toString());
                        } else {
                            s.botNoVerdict(id, at.plusMinutes(3).toString());
                        }
                        s.status(id, at.plusMinutes(4).toString(), TicketStatus.SOLVED, "faq-bot");
                        continue;
                    }
                    s.botHandedOver(id, at.plusMinutes(2).toString());
                }
                s.assign(id, at.plusMinutes(1).toString(), agent);
                int wait = 5 + r.nextInt(lastWeek ? 240 : 150);
                LocalDateTime reply = at.plusMinutes(wait);
                if (r.nextBoolean()) {
                    s.note(id, reply.minusMinutes(4 + r.nextInt(20)).toString(), agent);
                }
                s.reply(id, reply.toString(), agent)
                    .slaStopped(id, reply.toString(), SlaMetric.FIRST_REPLY_TIME, SlaCycle.StopReason.FULFILLED,
                        wait > 120);
                if (r.nextInt(25) == 0) {
                    s.complaint(id, reply.plusMinutes(30).toString());
                }
                LocalDateTime solved = reply.plusMinutes(30 + r.nextInt(36 * 60));
                if (!solved.toLocalDate().isAfter(LAST) && r.nextInt(12) > 0) {
                    s.status(id, solved.toString(), TicketStatus.SOLVED, agent);
                    if (r.nextInt(5) < 2) {
                        LocalDateTime answered = solved.plusHours(2);
                        s.surveySent(id, solved.plusMinutes(10).toString());
                        if (r.nextInt(4) == 0) {
                            List<String> texts = lastWeek && r.nextBoolean() ? LATE_COMMENTS : COMMENTS;
                            s.comment(id, answered.toString(), 1 + r.nextInt(3), texts.get(r.nextInt(texts.size())));
                        } else {
                            s.surveyAnswered(id, answered.toString(), "csat", 3 + r.nextInt(3));
                        }
                    }
                }
            }
            for (int k = 0; k < 6; k++) {
                s.relationshipScore(day.atTime(20, k).toString(), "nps", Math.min(10, 4 + r.nextInt(8)));
            }
        }
        return s;
    }
}
