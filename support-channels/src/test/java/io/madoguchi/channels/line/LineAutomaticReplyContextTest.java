package io.madoguchi.channels.line;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.channels.kit.ChannelTestDesk;
import io.madoguchi.channels.outbox.OutboxRow;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An answer made while a LINE message is being received (a bot or automation subscriber answering on the committing
 * thread, as the synchronous desk delivers) goes out with that message's reply context: its free reply token, not a
 * paid push.
 */
class LineAutomaticReplyContextTest {

    private static final String SECRET = "line-channel-secret-0123456789ab";

    @Test
    void anAnswerGivenWhileTheMessageIsReceivedCarriesItsReplyToken() {
        ChannelTestDesk t = new ChannelTestDesk(
            clock -> LineAdapter.builder(SECRET, "line-access-token").baseUrl("http://127.0.0.1:9").clock(clock)
                .build(),
            b -> b);
        t.desk.subscribe(new AutoAnswer(t.desk, t.agent));
        byte[] body = LinePayloads.textMessage("ev-1", "U4af4980629", "注文した商品がまだ届きません",
            Instant.parse("2026-11-30T01:00:00Z"), "reply-token-ev-1");

        assertThat(t.gateway.handle("line", LinePayloads.request(SECRET, body)).status()).isEqualTo(200);

        List<OutboxRow> rows = t.outbox.withStatus(OutboxRow.Status.PENDING, 10);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).context().replyToken()).isEqualTo("reply-token-ev-1");
    }
}
