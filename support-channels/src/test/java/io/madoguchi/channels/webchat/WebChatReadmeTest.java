package io.madoguchi.channels.webchat;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.channels.WebhookResponse;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.store.DeskStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's web chat example, compiled and run. */
class WebChatReadmeTest {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    /** The host's side, as the README shows it; returns the answer and writes the stream's first frame. */
    private static WebhookResponse example(SupportDesk desk, DeskStore deskStore, TenantId tenant, byte[] chatSecret,
                                           String path, String method, String url,
                                           Map<String, List<String>> headers, InputStream body, String lastEventId,
                                           OutputStream out) throws IOException, InterruptedException {
        // readme:start
        WebChat chat = WebChat.builder(desk, deskStore.eventLog(), tenant)
            .secret(chatSecret)                        // at least 32 bytes, the same on every instance
            .build();                                  // bounds: WebChatLimits.DEFAULT
        // a logged-in user of the host: the same customer on every device
        String token = chat.start("user-42", "山田 花子", "ja");

        // POST /conversations, POST /messages, GET /messages, GET /widget.js, GET /widget.css
        WebhookResponse answer = chat.handle(path, method, url, headers, body);
        // GET /events: write ChatStream.HEADERS, then each next() (frames or a keep-alive), flushing, until it ends
        try (ChatStream stream = chat.openStream(token, lastEventId)) {
            out.write(stream.next(Duration.ofSeconds(15)).getBytes(StandardCharsets.UTF_8));
        }
        // readme:end
        return answer;
    }

    @Test
    void theReadmeExampleSendsAndStreamsAMessage() throws Exception {
        DeskStore store = DeskStore.inMemory();
        SupportDesk desk = SupportDesk.builder().store(store).build();
        TenantId tenant = TenantId.of("shop");
        byte[] secret = "readme-secret-0123456789abcdef-0123456789".getBytes(StandardCharsets.US_ASCII);
        String token = WebChat.builder(desk, store.eventLog(), tenant).secret(secret).build()
            .start("user-42", "山田 花子", "ja");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        WebhookResponse answer = example(desk, store, tenant, secret, "/messages", "POST", "http://shop/chat/messages",
            Map.of("Authorization", List.of("Bearer " + token)),
            new ByteArrayInputStream("{\"client_id\":\"a1\",\"text\":\"返品したい\"}".getBytes(StandardCharsets.UTF_8)),
            "0", out);

        assertThat(answer.status()).isEqualTo(201);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("event: message", "返品したい");
        String source = Files.readString(ROOT.resolve(
            "support-channels/src/test/java/io/madoguchi/channels/webchat/WebChatReadmeTest.java"));
        String code = source.substring(source.indexOf("// readme:start\n") + "// readme:start\n".length(),
            source.indexOf("        // readme:end")).stripTrailing().lines()
            .map(l -> l.length() >= 8 ? l.substring(8) : l.strip()).collect(Collectors.joining("\n"));
        assertThat(Files.readString(ROOT.resolve("README.md"))).contains(code);
    }
}
