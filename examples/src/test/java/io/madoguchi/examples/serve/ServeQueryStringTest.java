package io.madoguchi.examples.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.channels.outbox.InMemoryOutboxStore;
import io.madoguchi.examples.demo.DemoDay;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The serve app's pages read query strings and forms strictly, as the channels' webhooks read theirs: a parameter
 * that is not percent-encoded UTF-8 is a 400 naming it, never a pair silently left out or decoded to U+FFFD.
 */
class ServeQueryStringTest {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newHttpClient();
    private ServeApp app;

    @BeforeEach
    void serve() throws Exception {
        Clock clock = Clock.systemUTC();
        app = ServeApp.start(new ServeApp.Options(0, DemoDay.Stores.inMemory(clock), new InMemoryOutboxStore(),
            Map.of("sato", "sato-password-1"),
            "query-test-chat-secret-0123456789abcdef".getBytes(StandardCharsets.US_ASCII),
            ServeProviders.builder().build(), clock, Duration.ZERO, Duration.ofHours(1)));
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private HttpResponse<String> get(String pathAndQuery, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + pathAndQuery));
        if (!cookie.isEmpty()) {
            b.header("Cookie", cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String cookie, String form) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.US_ASCII));
        if (!cookie.isEmpty()) {
            b.header("Cookie", cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String cookie(HttpResponse<?> r) {
        String set = r.headers().firstValue("Set-Cookie").orElseThrow();
        return set.substring(0, set.indexOf(';'));
    }

    private static String csrf(HttpResponse<String> page) {
        Matcher m = CSRF.matcher(page.body());
        assertThat(m.find()).as(page.body()).isTrue();
        return m.group(1);
    }

    @Test
    void aSurveyLinkWhoseTokenIsNotUtf8IsA400NamingTheTokenNotARefusedLink() throws Exception {
        for (String bad : new String[] {"%E3%81", "st1.%FF", "%C0%AF"}) {
            HttpResponse<String> page = get("/survey?t=" + bad, "");

            assertThat(page.statusCode()).as(bad).isEqualTo(400);
            assertThat(page.body()).as(bad).contains("query.t").contains("is not UTF-8");
        }
        assertThat(get("/survey?t=st1.k.forged.mac", "").statusCode()).as("a well-formed forged link")
            .isEqualTo(403);
    }

    @Test
    void aSurveyAnswerWithAMalformedCommentIsA400NamingTheCommentNotAnAnswerWithoutIt() throws Exception {
        HttpResponse<String> escape = post("/survey", "", "t=st1.k.forged.mac&score=4&comment=%E6%9D%A5%zz");
        HttpResponse<String> utf8 = post("/survey", "", "t=st1.k.forged.mac&score=4&comment=%E6%9D");

        assertThat(escape.statusCode()).isEqualTo(400);
        assertThat(escape.body()).contains("form.comment").contains("malformed percent escape");
        assertThat(utf8.statusCode()).isEqualTo(400);
        assertThat(utf8.body()).contains("form.comment").contains("is not UTF-8");
    }

    @Test
    void theInboxAnswersAMalformedFilterOrLoginWith400NamingTheField() throws Exception {
        HttpResponse<String> loginPage = get("/inbox/login", "");
        String anonymous = cookie(loginPage);
        String csrf = csrf(loginPage);

        HttpResponse<String> badLogin = post("/inbox/login", anonymous, "csrf=" + csrf + "&agent=sat%o&password=x");
        assertThat(badLogin.statusCode()).isEqualTo(400);
        assertThat(badLogin.body()).contains("form.agent").contains("malformed percent escape")
            .doesNotContain("sat%o");

        HttpResponse<String> login = post("/inbox/login", anonymous,
            "csrf=" + csrf + "&agent=sato&password=sato-password-1");
        assertThat(login.statusCode()).isEqualTo(303);
        String agent = cookie(login);
        assertThat(get("/inbox?status=open", agent).statusCode()).isEqualTo(200);

        HttpResponse<String> list = get("/inbox?status=open&q=%E5%95%8F%E3", agent);
        assertThat(list.statusCode()).isEqualTo(400);
        assertThat(list.body()).contains("query.q").contains("is not UTF-8");
    }

    @Test
    void namesAndValuesDecodeStrictlyAndWellFormedOnesAsBefore() {
        String query = "q=%E5%95%8F%E3%81%84+%E5%90%88%E3%82%8F%E3%81%9B&status=open&q=2&flag";
        assertThat(Exchanges.params(query, "query")).containsExactly(Map.entry("q", "問い 合わせ"),
            Map.entry("status", "open"), Map.entry("flag", ""));
        assertThat(Exchanges.decode("窓口%20a+b", "f")).isEqualTo("窓口 a b");
        for (String bad : new String[] {"%", "%4", "a%4", "%zz", "%+1", "%-1", "%４１"}) {
            assertThatThrownBy(() -> Exchanges.decode(bad, "query.x")).as(bad)
                .isInstanceOfSatisfying(Exchanges.MalformedParameterException.class,
                    e -> assertThat(e.violations()).singleElement()
                        .satisfies(v -> assertThat(v.field()).isEqualTo("query.x")));
        }
        assertThatThrownBy(() -> Exchanges.decode("a\uD800b", "query.x"))
            .isInstanceOf(Exchanges.MalformedParameterException.class).hasMessageContaining("lone surrogate");
        assertThatThrownBy(() -> Exchanges.params("%E3%81=1", "form"))
            .isInstanceOfSatisfying(Exchanges.MalformedParameterException.class,
                e -> assertThat(e.violations().get(0).field()).as("an undecodable name is not echoed")
                    .isEqualTo("form"));
        assertThatThrownBy(() -> Exchanges.params("x%3Cy=%FF", "form"))
            .isInstanceOfSatisfying(Exchanges.MalformedParameterException.class,
                e -> assertThat(e.violations().get(0).field()).as("an odd name is not echoed").isEqualTo("form"));
    }
}
