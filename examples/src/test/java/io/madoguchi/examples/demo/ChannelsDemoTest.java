package io.madoguchi.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ChannelsDemoTest {

    @Test
    void aLineRedeliveryIsIgnoredAndFailedSendsAreRetriedAndDeliveredOnce() {
        StringWriter buf = new StringWriter();
        new ChannelsDemo(new PrintWriter(buf), DemoDay.DAY).run();
        String out = buf.toString();

        assertThat(out).contains(
            "LINE webhook → #1 新規 「加湿器の在庫はありますか？」",
            "重複として無視 / duplicate ignored: stored 0, duplicates 1",
            "line 失敗 / failed: 500",
            "line 配信済み / delivered (requests 1)",
            "Slack event → #2 新規 「請求書の宛名を変更できますか？」",
            "slack 失敗 / failed: 429",
            "slack 配信済み / delivered (requests 1)",
            "stub API requests: [LINE reply → 500, LINE reply → 200, Slack chat.postMessage → 429, "
                + "Slack chat.postMessage → 200]",
            "outbox: sent 2, dead 0");
        // Retry-After: 1 is honoured: the Slack retry comes a second after the 429, not sooner
        assertThat(out).contains("18:06:00  slack 失敗 / failed: 429 → 再送 / retry at 18:06:01",
            "18:06:01  slack 送信 2 回目 / attempt 2");
    }
}
