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
            "09:03  #1 新規 [email] 「注文した商品が届きません」 (ja)",
            "09:15     ↳ #3 担当: emily (自動: skills:least_loaded)",
            "09:25  #1 佐藤 → 顧客: お問い合わせありがとうございます（#1）。注文番号とお届け先をお知らせください。 …",
            "10:30     ↳ #3 ステータス solved → open",
            "10:45     ↳ #4 クレームとしてフラグ (complaint)",
            "10:45     ↳ #4 優先度 high → urgent",
            "10:45     ↳ #4 担当: suzuki (手動)",
            "11:00     ↳ #2 ステータス new → on_hold",
            "12:00     ↳ 顧客統合 ",
            "13:00  #1 佐藤 → 顧客: ご注文の商品は本日発送いたしました。#1 はこれで解決とさせていただきます。 …",
            "17:00  #5 新規 [line] 「ポイントが反映されていません」 (ja)");
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
            "tickets: 5",
            "by status:   {closed=1, new=1, pending=1, solved=2}",
            "by channel:  {email=1, line=2, phone=1, web_chat=1}",
            "by priority: {normal=4, urgent=1}",
            "complaints (クレーム): 1");
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
