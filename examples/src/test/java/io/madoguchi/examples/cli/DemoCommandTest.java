package io.madoguchi.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.EventJson;
import io.madoguchi.core.event.TicketCreated;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoCommandTest {

    /** Relative, so the printed paths are the same on every machine; under target, so a build cleans it. */
    private static final String OUT = "target/demo-command-test";

    private static String runDemo() {
        StringWriter buf = new StringWriter();
        CommandLine cli = new CommandLine(new DemoCommand());
        cli.setOut(new PrintWriter(buf));
        assertThat(cli.execute("--out", OUT)).isZero();
        return buf.toString();
    }

    @Test
    void theDemoWritesItsEventLogAndADashboardOfItAndPrintsBothPaths() throws Exception {
        String out = runDemo();
        Path log = Path.of(OUT, "events.jsonl");
        Path html = Path.of(OUT, "dashboard.html");
        List<EventEnvelope> events;
        try (Reader r = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
            events = EventJson.readAll(r);
        }
        assertThat(out).endsWith("=== ファイル / files ===\n"
            + "イベントログ / event log: " + log + " (" + events.size() + " 件 / events)\n"
            + "ダッシュボード / dashboard: " + html + "\n");
        long created = events.stream().filter(e -> e.event() instanceof TicketCreated).count();
        assertThat(created).as("the tickets of the summary").isEqualTo(9);
        String dashboard = Files.readString(html, StandardCharsets.UTF_8);
        assertThat(dashboard).contains("2026-11-24 – 2026-11-24", "作成チケット / Tickets created</span><b>9</b>",
            "Backlog by age (open tickets, store counts)", "data-kpi=\"rising_themes\"")
            .doesNotContain("<script", "注文番号は A-1024");
    }

    @Test
    void aDirectoryThatCannotBeWrittenIsOneLineAndExitTwo() throws Exception {
        Path file = Files.createDirectories(Path.of("target")).resolve("demo-out-is-a-file");
        Files.writeString(file, "x");
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new DemoCommand());
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("--out", file.toString())).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString()
            .startsWith("--out: " + file + ": cannot write: ");
    }

    @Test
    void demoTellsTheDayInTimeOrder() {
        String out = runDemo();
        assertThat(out).contains(
            "09:03  #4 新規 [email] 「注文した商品が届きません」 (ja)",
            "09:15     ↳ #6 担当: emily (自動: skills:least_loaded)",
            "09:25  #4 佐藤 → 顧客: お問い合わせありがとうございます（#4）。注文番号とお届け先をお知らせください。 …",
            "10:30     ↳ #6 ステータス solved → open",
            "10:45     ↳ #7 クレームとしてフラグ (complaint)",
            "10:45     ↳ #7 優先度 high → urgent",
            "10:45     ↳ #7 担当: suzuki (手動)",
            "11:00     ↳ #5 ステータス new → on_hold",
            "12:00     ↳ 顧客統合 ",
            "13:00  #4 佐藤 → 顧客: ご注文の商品は本日発送いたしました。#4 はこれで解決とさせていただきます。 …",
            "17:00  #9 新規 [line] 「ポイントが反映されていません」 (ja)");
        String[] lines = out.split("\n");
        String last = "00:00";
        for (String line : lines) {
            if (line.matches("\\d\\d:\\d\\d .*")) {
                assertThat(line.substring(0, 5)).isGreaterThanOrEqualTo(last);
                last = line.substring(0, 5);
            }
        }
    }

    @Test
    void summaryCountsMatchTheDay() {
        String out = runDemo();
        assertThat(out).contains(
            "tickets: 9",
            "by status:   {closed=1, new=2, pending=3, solved=3}",
            "by channel:  {email=2, line=4, phone=1, web_chat=2}",
            "by priority: {high=2, normal=5, urgent=2}",
            "complaints (クレーム): 2",
            "self-service: deflected 1, handed over 4",
            "SLA: 3 breaches today [#7:初回返信, #5:初回返信, #9:初回返信], still in breach [#9:初回返信]",
            "CSAT: n=4, satisfied 50%, mean 3.0",
            "NPS:  n=2, score 0.0 (too few answers for a margin of error)");
    }

    @Test
    void everySummaryLineFollowsFromTheAccount() {
        String out = runDemo();
        List<String> account = out.substring(0, out.indexOf("=== 集計")).lines().toList();
        Map<String, String> channel = new HashMap<>();
        Map<String, String> status = new HashMap<>();
        Map<String, String> priority = new HashMap<>();
        Set<String> complaints = new TreeSet<>();
        Set<String> handedOver = new TreeSet<>();
        Set<String> deflected = new TreeSet<>();
        List<String> breaches = new ArrayList<>();
        List<Integer> csat = new ArrayList<>();
        int nps = 0;
        for (String line : account) {
            Matcher m;
            if ((m = Pattern.compile(" #(\\d+) 新規 \\[(\\w+)]").matcher(line)).find()) {
                channel.put(m.group(1), m.group(2));
                status.put(m.group(1), "new");
                priority.put(m.group(1), "normal");
            } else if ((m = Pattern.compile("↳ #(\\d+) ステータス (\\w+) → (\\w+)").matcher(line)).find()) {
                assertThat(status.get(m.group(1))).as(line).isEqualTo(m.group(2));
                status.put(m.group(1), m.group(3));
            } else if ((m = Pattern.compile("↳ #(\\d+) 優先度 (\\w+) → (\\w+)").matcher(line)).find()) {
                assertThat(priority.get(m.group(1))).as(line).isEqualTo(m.group(2));
                priority.put(m.group(1), m.group(3));
            } else if ((m = Pattern.compile("↳ #(\\d+) クレームとしてフラグ").matcher(line)).find()) {
                complaints.add(m.group(1));
            } else if ((m = Pattern.compile("↳ #(\\d+) タグ \\+\\[([^]]*)]").matcher(line)).find()) {
                if (m.group(2).contains("bot-handover")) {
                    handedOver.add(m.group(1));
                }
                if (m.group(2).contains("self-service-deflected")) {
                    deflected.add(m.group(1));
                }
            } else if ((m = Pattern.compile("🚨 #(\\d+) SLA 違反: (\\S+)").matcher(line)).find()) {
                breaches.add("#" + m.group(1) + ":" + m.group(2));
            } else if ((m = Pattern.compile("回答 #\\d+ CSAT (\\d)/5").matcher(line)).find()) {
                csat.add(Integer.parseInt(m.group(1)));
            } else if (line.matches(".*NPS \\[\\w+] → .*: \\d+/10")) {
                nps++;
            }
        }
        assertThat(out).contains(
            "tickets: " + channel.size(),
            "by status:   " + counts(status),
            "by channel:  " + counts(channel),
            "by priority: " + counts(priority),
            "complaints (クレーム): " + complaints.size(),
            "self-service: deflected " + deflected.size() + ", handed over " + handedOver.size(),
            "SLA: " + breaches.size() + " breaches today " + breaches,
            "CSAT: n=" + csat.size() + ", satisfied " + Math.round(100.0 * csat.stream().filter(c -> c >= 4)
                .count() / csat.size()) + "%, mean " + String.format(Locale.ROOT, "%.1f", csat.stream()
                .mapToInt(Integer::intValue).average().orElseThrow()),
            "NPS:  n=" + nps + ",");
        assertThat(out.substring(out.indexOf("=== 集計")).lines()).noneMatch(l -> l.startsWith("events:"));
    }

    private static Map<String, Integer> counts(Map<String, String> byTicket) {
        Map<String, Integer> counts = new TreeMap<>();
        byTicket.values().forEach(v -> counts.merge(v, 1, Integer::sum));
        return counts;
    }

    @Test
    void theNightsHandOversAreRoutedWhenTheDeskOpensAndAnswered() {
        String out = runDemo();
        assertThat(out).contains(
            "09:00  ── 窓口オープン",
            "09:00     ↳ #2 担当: emily (自動: skills:least_loaded)",
            "09:00     ↳ #3 担当: sato (自動: skills:least_loaded)",
            "09:05  #2 Emily → 顧客: ",
            "09:30  #3 佐藤 → 顧客: ");
        // every ticket handed to a person gets one
        for (String line : out.lines().toList()) {
            Matcher m = Pattern.compile("↳ #(\\d+) タグ \\+\\[[^]]*bot-handover").matcher(line);
            if (m.find()) {
                assertThat(out).contains("↳ #" + m.group(1) + " 担当: ");
            }
        }
    }

    @Test
    void aReplyAfterCloseOpensAFollowUpThatIsAssignedAndInheritsNoHandlingTags() {
        String out = runDemo();
        assertThat(out).contains(
            "17:00  #9 新規 [line] 「ポイントが反映されていません」 (ja)",
            "17:00     ↳ #9 担当: sato (自動: skills:least_loaded)",
            "17:00     ↳ #5 リンク follow_up #9",
            "17:00  #9 顧客 → 窓口: ありがとうございます。別の注文のポイントも確認できますか？");
        assertThat(out).doesNotContain("↳ #9 タグ +[bot-handover");
    }

    @Test
    void aSurveyComplaintAboutTheClosedTicketIsEscalatedOnItsOpenFollowUp() {
        String out = runDemo();
        assertThat(out).contains(
            "17:45     ↳ #9 クレームとしてフラグ (complaint)",
            "17:45     ↳ #9 優先度 high → urgent",
            "17:45     ↳ #9 タグ +[complaint-escalated]");
        assertThat(out.lines().filter(l -> l.contains("↳ #5 リンク follow_up "))).hasSize(1);
    }

    @Test
    void ticketsAreWrittenAsNumbersAndCustomersByNameNeverAsIds() {
        String out = runDemo();
        assertThat(out).doesNotContainPattern("\\b[TC]\\d+\\b");
        assertThat(out).contains("12:00     ↳ 顧客統合 タナカ（電話） → 田中 太郎、移動したチケット 1 件");
    }

    @Test
    void theNpsSurveyGoesOutOnlyOnAChannelTheCustomerHas() {
        String out = runDemo();
        assertThat(out).contains(
            "17:50  NPS → 高橋 ゆい: メールアドレスなし、line で送信 / no email address: sent on line",
            "17:50  NPS [line] → 高橋 ゆい: 10/10",
            "17:50  NPS [email] → 小林 健: 6/10");
    }

    @Test
    void beforeOpeningTheBotAnswersDeflectsAndSaysWhenAPersonWillReply() {
        String out = runDemo();
        assertThat(out).contains(
            "07:40  #1 ボット → 顧客: よくあるご質問「返品・交換の方法を知りたい」の回答をお送りします。",
            "担当者は11月24日(火) 9:00以降にご返信いたします。",
            "07:45     ↳ #1 タグ +[self-service-deflected]",
            "07:45     ↳ #1 ステータス open → solved",
            "07:55  #2 ボット → 担当者メモ (internal): Self-service bot: answered with FAQ international",
            "A person will reply from Tue 24 Nov 09:00 (Asia/Tokyo).");
    }

    @Test
    void slaWarnsBeforeABreachOnBusinessHoursAndEscalatesIt() {
        String out = runDemo();
        assertThat(out).contains(
            "10:55     ⏰ #5 SLA 警告: 初回返信 の期限 11:10（あと 15 分）",
            "11:10     🚨 #5 SLA 違反: 初回返信 (標準 / standard)",
            "11:10     ↳ #5 優先度 normal → high",
            "10:45     🚨 #7 SLA 違反: 初回返信 (クレーム / complaints)",
            "16:30     ↳ #8 タグ +[churn-risk]",
            "16:30     ↳ #8 優先度 normal → high");
    }

    @Test
    void theDayIsTheSameEveryTime() {
        assertThat(runDemo()).isEqualTo(runDemo());
    }

    @Test
    void surveysGoOutAfterSolveAndAComplaintInACommentOpensAFollowUp() {
        String out = runDemo();
        assertThat(out).contains(
            "17:30  アンケート送信 [line] csat → #1",
            "17:45  回答 #1 CSAT 5/5",
            "⚠クレーム検知",
            "同じリンクからの再回答は拒否: USED");
        assertThat(out).doesNotContain("#10 新規");
        assertThat(out).doesNotContain("token=", "demo-only-secret");
    }

    @Test
    void demoIsRegisteredAndPrintsUtf8() {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            assertThat(MadoguchiCli.run("demo", "--out", OUT)).isZero();
        } finally {
            System.setOut(saved);
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("窓口 Madoguchi デモ", "クレーム");
    }
}
