package io.madoguchi.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookRequestTest {

    private static final WebhookLimits SMALL = new WebhookLimits(64, 3, 200);

    @Test
    void headersAreFoundWhateverTheirCase() {
        WebhookRequest r = WebhookRequest.of("post", "https://desk.example.jp/webhooks/line",
            Map.of("X-Line-Signature", List.of("abc")), "{}".getBytes(StandardCharsets.UTF_8), SMALL);

        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.header("x-line-signature")).contains("abc");
        assertThat(r.toString()).doesNotContain("abc");
    }

    @Test
    void aStreamLongerThanTheLimitIsRefusedWithoutReadingItAll() {
        byte[] big = new byte[10_000];
        int[] read = {0};
        InputStream counting = new ByteArrayInputStream(big) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                int n = super.read(b, off, len);
                read[0] += Math.max(n, 0);
                return n;
            }
        };

        assertThatThrownBy(() -> WebhookRequest.read("POST", "u", Map.of(), counting, SMALL))
            .isInstanceOfSatisfying(WebhookRejectedException.class, e -> {
                assertThat(e.status()).isEqualTo(413);
                assertThat(e.field()).isEqualTo("body");
            });
        assertThat(read[0]).isLessThanOrEqualTo(SMALL.maxBodyBytes() + 1);
    }

    @Test
    void tooManyHeaderLinesAreRefused() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            headers.put("X-Header-" + i, List.of("値"));
        }

        assertThatThrownBy(() -> WebhookRequest.of("POST", "u", headers, new byte[0], SMALL))
            .isInstanceOfSatisfying(WebhookRejectedException.class, e -> assertThat(e.status()).isEqualTo(431));
    }

    @Test
    void oversizedHeaderValuesAreRefused() {
        Map<String, List<String>> headers = Map.of("X-Big", List.of("あ".repeat(300)));

        assertThatThrownBy(() -> WebhookRequest.of("POST", "u", headers, new byte[0], SMALL))
            .isInstanceOfSatisfying(WebhookRejectedException.class, e -> {
                assertThat(e.status()).isEqualTo(431);
                assertThat(e.getMessage()).contains("headers");
            });
    }

    @Test
    void theBodyIsCopiedSoTheCallerCannotChangeWhatWasVerified() {
        byte[] body = "本文".getBytes(StandardCharsets.UTF_8);
        WebhookRequest r = WebhookRequest.of("POST", "u", Map.of(), body, SMALL);
        body[0] = 'x';

        assertThat(r.bodyText()).isEqualTo("本文");
    }
}
