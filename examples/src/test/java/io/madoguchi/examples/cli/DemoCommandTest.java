package io.madoguchi.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoCommandTest {

    private static String runDemo() {
        StringWriter buf = new StringWriter();
        CommandLine cli = new CommandLine(new DemoCommand());
        cli.setOut(new PrintWriter(buf));
        assertThat(cli.execute()).isZero();
        return buf.toString();
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
            "tickets: 10",
            "by status:   {closed=1, new=4, open=1, pending=1, solved=3}",
            "by channel:  {email=2, line=5, phone=1, web_chat=2}",
            "by priority: {high=5, normal=3, urgent=2}",
            "complaints (クレーム): 2",
            "self-service: deflected 1, handed over 5",
            "SLA: 4 breaches today [#7:初回返信, #2:初回返信, #3:初回返信, #5:初回返信], still unanswered [#2, #3]",
            "CSAT: n=4, satisfied 50%, mean 3.0",
            "NPS:  n=2, score 0.0 (too few answers for a margin of error)");
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
            "10:45     ⏰ #2 SLA 警告: 初回返信 の期限 11:00（あと 15 分）",
            "11:00     🚨 #2 SLA 違反: 初回返信 (標準 / standard)",
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
            "17:45  #10 新規 [line] 「クレーム / complaint: ポイントが反映されていません」 (ja)",
            "17:45     ↳ #10 リンク follow_up_of T5",
            "⚠クレーム検知",
            "同じリンクからの再回答は拒否: USED",
            "17:50  NPS → 高橋 ゆい: 10/10");
        assertThat(out).doesNotContain("token=", "demo-only-secret");
    }

    @Test
    void demoIsRegisteredAndPrintsUtf8() {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            assertThat(MadoguchiCli.run("demo")).isZero();
        } finally {
            System.setOut(saved);
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("窓口 Madoguchi デモ", "クレーム");
    }
}
