package io.madoguchi.examples.faq.remote;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToIgnoreCase;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.failsafe.CircuitBreaker;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.Violation;
import io.madoguchi.core.faq.FaqCatalog;
import io.madoguchi.core.faq.FaqEntry;
import io.madoguchi.core.faq.FaqMatcher;
import io.madoguchi.core.faq.FaqReranker.Candidate;
import io.madoguchi.core.faq.ScoredFaq;
import io.madoguchi.examples.demo.SimulatedClock;
import io.madoguchi.examples.faq.Vectors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OpenAiEmbeddingRerankerTest {

    private static final String KEY = "sk-test-4f9a2c7e1b";
    private static final String PATH = "/v1/embeddings";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = Instant.parse("2026-01-05T00:00:00Z");

    @RegisterExtension
    static final WireMockExtension WM = WireMockExtension.newInstance()
        .options(wireMockConfig().dynamicPort().extensions(new FakeEmbeddings()))
        .build();

    /** Lexical candidates of 「じゅうみんひょうがほしい」 as a matcher might order them: the right FAQ second. */
    private static final List<Candidate> CANDIDATES = List.of(
        new Candidate("gomi", 1, "粗大ごみの出し方", List.of(), "事前に申し込みが必要です。", 4.0),
        new Candidate("juminhyo", 1, "住民票の写しを取得したい", List.of(), "市役所の窓口で取得できます。", 3.0),
        new Candidate("hoiku", 1, "保育所の入所申し込み", List.of(), "毎年11月に受け付けています。", 1.0));

    private static final String QUERY = "じゅうみんひょうがほしい";

    private static OpenAiEmbeddingReranker.Builder builder() {
        return OpenAiEmbeddingReranker.builder(WM.url(PATH), "text-embedding-3-small")
            .apiKey(KEY)
            .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(10))
            .retries(2, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(1));
    }

    private static void serveEmbeddings() {
        WM.stubFor(post(PATH).willReturn(aResponse().withTransformers(FakeEmbeddings.NAME)));
    }

    private static List<List<String>> inputsSent() {
        List<List<String>> out = new ArrayList<>();
        for (LoggedRequest r : WM.findAll(postRequestedFor(urlEqualTo(PATH)))) {
            List<String> inputs = new ArrayList<>();
            try {
                JSON.readTree(r.getBodyAsString()).get("input").forEach(n -> inputs.add(n.asText()));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            out.add(inputs);
        }
        return out;
    }

    @Test
    void scoresByEmbeddingSimilarityRescaledToZeroOne() {
        serveEmbeddings();
        OpenAiEmbeddingReranker reranker = builder().build();

        double[] scores = reranker.score(QUERY, Locale.JAPANESE, CANDIDATES);

        assertThat(scores).containsExactly(0.0, 1.0, 0.0);
        assertThat(reranker.fallbacks()).isZero();
    }

    @Test
    void sendsTheOpenAiRequestShapeWithTheKeyAsBearerToken() throws Exception {
        serveEmbeddings();
        builder().build().score(QUERY, Locale.JAPANESE, CANDIDATES.subList(0, 1));

        WM.verify(postRequestedFor(urlEqualTo(PATH))
            .withHeader("Authorization", equalTo("Bearer " + KEY))
            .withHeader("Content-Type", equalToIgnoreCase("application/json; charset=utf-8"))
            .withRequestBody(equalToJson("""
                {"model": "text-embedding-3-small",
                 "input": ["じゅうみんひょうがほしい", "粗大ごみの出し方\\n事前に申し込みが必要です。"],
                 "encoding_format": "float"}""")));
    }

    @Test
    void faqVectorsAreCachedAndOnlyAChangedFaqIsEmbeddedAgain() {
        serveEmbeddings();
        OpenAiEmbeddingReranker reranker = builder().build();
        reranker.prepare(Locale.JAPANESE, CANDIDATES);
        reranker.score(QUERY, Locale.JAPANESE, CANDIDATES);
        List<Candidate> changed = new ArrayList<>(CANDIDATES);
        changed.set(2, new Candidate("hoiku", 2, "保育所の入所申し込み", List.of(), "随時受け付けています。", 1.0));
        reranker.score("そだいごみ", Locale.JAPANESE, changed);

        assertThat(inputsSent()).containsExactly(
            List.of("粗大ごみの出し方\n事前に申し込みが必要です。", "住民票の写しを取得したい\n市役所の窓口で取得できます。",
                "保育所の入所申し込み\n毎年11月に受け付けています。"),
            List.of(QUERY),
            List.of("そだいごみ", "保育所の入所申し込み\n随時受け付けています。"));
    }

    @Test
    void faqTextIsCutToTheConfiguredCharacters() {
        serveEmbeddings();
        builder().faqCharacters(8).build().prepare(Locale.JAPANESE, CANDIDATES.subList(1, 2));

        assertThat(inputsSent()).containsExactly(List.of("住民票の写しを取"));
    }

    @Test
    void prefixesGoBeforeQueriesAndFaqsForModelsTrainedWithThem() {
        serveEmbeddings();
        builder().prefixes("query: ", "passage: ").build().score(QUERY, Locale.JAPANESE, CANDIDATES.subList(1, 2));

        assertThat(inputsSent()).containsExactly(
            List.of("query: " + QUERY, "passage: 住民票の写しを取得したい\n市役所の窓口で取得できます。"));
    }

    @Test
    void cacheIsBoundedBySizeAndByAge() {
        serveEmbeddings();
        SimulatedClock clock = new SimulatedClock(START, ZoneOffset.UTC);
        OpenAiEmbeddingReranker reranker = builder().cache(2, Duration.ofDays(1)).clock(clock).build();

        reranker.prepare(Locale.JAPANESE, CANDIDATES);
        assertThat(reranker.cachedFaqs()).isEqualTo(2);

        clock.advance(Duration.ofHours(25));
        assertThat(reranker.cachedFaqs()).isZero();
        reranker.score(QUERY, Locale.JAPANESE, CANDIDATES.subList(0, 1));
        assertThat(inputsSent().get(inputsSent().size() - 1))
            .containsExactly(QUERY, "粗大ごみの出し方\n事前に申し込みが必要です。");
    }

    @Test
    void manyMissingFaqsAreSentInBatches() {
        serveEmbeddings();
        OpenAiEmbeddingReranker reranker = builder().batchSize(2).build();

        double[] scores = reranker.score(QUERY, Locale.JAPANESE, CANDIDATES);

        assertThat(inputsSent()).extracting(List::size).containsExactly(2, 2);
        assertThat(scores).containsExactly(0.0, 1.0, 0.0);
    }

    @Test
    void a429IsRetriedAfterItsRetryAfter() {
        WM.stubFor(post(PATH).inScenario("rate").whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0")
                .withHeader("Content-Type", "application/json")
                .withBody("""
                    {"error": {"message": "Rate limit reached for text-embedding-3-small in organization org-x on \
                    requests per min (RPM): Limit 3000, Used 3000, Requested 1.", "type": "requests", "param": null,
                    "code": "rate_limit_exceeded"}}"""))
            .willSetStateTo("ok"));
        WM.stubFor(post(PATH).inScenario("rate").whenScenarioStateIs("ok")
            .willReturn(aResponse().withTransformers(FakeEmbeddings.NAME)));
        OpenAiEmbeddingReranker reranker = builder().build();

        assertThat(reranker.score(QUERY, Locale.JAPANESE, CANDIDATES)).containsExactly(0.0, 1.0, 0.0);
        assertThat(reranker.requests()).isEqualTo(2);
    }

    @Test
    void aRetryAfterLongerThanTheLimitIsNotWaitedForAndMatchingStaysLexical() {
        WM.stubFor(post(PATH).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));
        OpenAiEmbeddingReranker reranker = builder().build();

        assertThat(reranker.score(QUERY, Locale.JAPANESE, CANDIDATES)).containsExactly(1.0, 0.75, 0.25);
        assertThat(reranker.requests()).isEqualTo(1);
        assertThat(reranker.fallbacks()).isEqualTo(1);
    }

    @Test
    void serverErrorsAreRetriedThenMatchingFallsBackToLexicalScores() {
        WM.stubFor(post(PATH).willReturn(aResponse().withStatus(503).withBody("upstream unavailable")));
        OpenAiEmbeddingReranker reranker = builder().build();

        assertThat(reranker.score(QUERY, Locale.JAPANESE, CANDIDATES))
            .containsExactly(Vectors.lexicalOverTop(CANDIDATES));
        assertThat(reranker.requests()).isEqualTo(3);
        WM.verify(3, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void aResetConnectionIsRetried() {
        WM.stubFor(post(PATH).inScenario("reset").whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("ok"));
        WM.stubFor(post(PATH).inScenario("reset").whenScenarioStateIs("ok")
            .willReturn(aResponse().withTransformers(FakeEmbeddings.NAME)));
        OpenAiEmbeddingReranker reranker = builder().build();

        assertThat(reranker.score(QUERY, Locale.JAPANESE, CANDIDATES)).containsExactly(0.0, 1.0, 0.0);
        assertThat(reranker.requests()).isEqualTo(2);
    }

    @Test
    void malformedJsonIsNotRetriedAndMatchingFallsBackToLexicalScores() {
        WM.stubFor(post(PATH).willReturn(aResponse().withHeader("Content-Type", "application/json")
            .withBody("{\"object\": \"list\", \"data\": [{\"object\": \"embedding\", \"index\": 0, \"embedd")));
        OpenAiEmbeddingReranker reranker = builder().build();

        assertThat(reranker.score(QUERY, Locale.JAPANESE, CANDIDATES)).containsExactly(1.0, 0.75, 0.25);
        assertThat(reranker.requests()).isEqualTo(1);
    }

    @Test
    void aResponseWithTooFewEmbeddingsIsRejected() throws Exception {
        WM.stubFor(post(PATH).willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("""
            {"object": "list", "data": [{"object": "embedding", "index": 0, "embedding": [0.1, 0.2]}],
             "model": "text-embedding-3-small", "usage": {"prompt_tokens": 3, "total_tokens": 3}}""")));

        assertThatThrownBy(() -> client(Clock.systemUTC()).embed(List.of("住民票", "粗大ごみ")))
            .isInstanceOf(RemoteEmbeddingException.class)
            .hasMessageContaining("1 embeddings for 2 inputs");
    }

    @Test
    void aSlowServiceTimesOutAndMatchingFallsBackToLexicalScores() {
        WM.stubFor(post(PATH).willReturn(aResponse().withTransformers(FakeEmbeddings.NAME).withFixedDelay(2_000)));
        OpenAiEmbeddingReranker reranker = builder().timeouts(Duration.ofSeconds(2), Duration.ofMillis(100))
            .retries(0, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(1)).build();

        assertThat(reranker.score(QUERY, Locale.JAPANESE, CANDIDATES)).containsExactly(1.0, 0.75, 0.25);
        assertThat(reranker.fallbacks()).isEqualTo(1);
    }

    @Test
    void breakerOpensAfterConsecutiveFailuresAndTheMatcherRanksAsLexicalWithoutCallingTheService() {
        WM.stubFor(post(PATH).willReturn(aResponse().withStatus(500)));
        OpenAiEmbeddingReranker reranker = builder()
            .retries(0, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(1))
            .circuitBreaker(3, Duration.ofMinutes(5)).build();
        FaqCatalog catalog = new FaqCatalog();
        TenantId tenant = TenantId.of("city");
        catalog.putAll(tenant, List.of(
            FaqEntry.builder("juminhyo").locale(Locale.JAPANESE).question("住民票の写しを取得したい")
                .answer("市役所の窓口で取得できます。").build(),
            FaqEntry.builder("gomi").locale(Locale.JAPANESE).question("粗大ごみの出し方")
                .answer("事前に申し込みが必要です。").build()));
        Clock clock = Clock.fixed(START, ZoneOffset.UTC);
        List<String> lexical;
        try (FaqMatcher plain = FaqMatcher.builder(catalog).clock(clock).build()) {
            lexical = ids(plain.match(tenant, "住民票を取りたい", Locale.JAPANESE).candidates());
        }

        try (FaqMatcher matcher = FaqMatcher.builder(catalog).clock(clock).reranker(reranker, 0.5, 100).build()) {
            // building the matcher prepared the FAQs: that was the first failure
            reranker.score(QUERY, Locale.JAPANESE, CANDIDATES);
            reranker.score(QUERY, Locale.JAPANESE, CANDIDATES);
            assertThat(reranker.circuitState()).isEqualTo(CircuitBreaker.State.OPEN);
            int sent = WM.findAll(postRequestedFor(urlEqualTo(PATH))).size();

            List<String> reranked = ids(matcher.match(tenant, "住民票を取りたい", Locale.JAPANESE).candidates());

            assertThat(reranked).isEqualTo(lexical).isNotEmpty();
            assertThat(WM.findAll(postRequestedFor(urlEqualTo(PATH)))).hasSize(sent);
            assertThat(sent).isEqualTo(3);
        }
    }

    @Test
    void breakerClosesAgainOnceTheServiceAnswers() {
        WM.stubFor(post(PATH).willReturn(aResponse().withStatus(502)));
        OpenAiEmbeddingReranker reranker = builder()
            .retries(0, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(1))
            .circuitBreaker(1, Duration.ofMillis(200)).build();
        reranker.score(QUERY, Locale.JAPANESE, CANDIDATES);
        assertThat(reranker.circuitState()).isEqualTo(CircuitBreaker.State.OPEN);

        WM.resetAll();
        serveEmbeddings();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
            assertThat(reranker.score(QUERY, Locale.JAPANESE, CANDIDATES)).containsExactly(0.0, 1.0, 0.0));
        assertThat(reranker.circuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void otherLanguagesGetLexicalScoresWithoutACall() {
        serveEmbeddings();
        OpenAiEmbeddingReranker reranker = builder().languages("ja").build();

        assertThat(reranker.score("resident record", Locale.ENGLISH, CANDIDATES)).containsExactly(1.0, 0.75, 0.25);
        assertThat(reranker.requests()).isZero();
    }

    @Test
    void theKeyIsNeverInToStringOrInErrorMessages() {
        WM.stubFor(post(PATH).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
            .withBody("""
                {"error": {"message": "Incorrect API key provided: %s. You can find your API key at \
                https://platform.openai.com/account/api-keys.", "type": "invalid_request_error", "param": null,
                "code": "invalid_api_key"}}""".formatted(KEY))));
        OpenAiEmbeddingReranker reranker = builder().build();

        assertThat(reranker.toString()).doesNotContain(KEY).contains("text-embedding-3-small", "apiKey=(set)");
        assertThatThrownBy(() -> client(Clock.systemUTC()).embed(List.of("住民票")))
            .isInstanceOf(RemoteEmbeddingException.class)
            .hasMessageContaining("HTTP 401 (invalid_api_key)")
            .hasMessageNotContaining(KEY)
            .satisfies(e -> assertThat(((RemoteEmbeddingException) e).retryable()).isFalse());
    }

    @Test
    void logsNameTheServiceAndTheFailureButNeverTheKey() throws java.io.IOException {
        WM.stubFor(post(PATH).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
            .withBody("{\"error\": {\"message\": \"Incorrect API key provided: " + KEY
                + "\", \"type\": \"invalid_request_error\", \"param\": null, \"code\": \"invalid_api_key\"}}")));
        OpenAiEmbeddingReranker reranker = builder().circuitBreaker(1, Duration.ofMinutes(5)).build();
        // test logs go to target/test.log (src/test/resources/simplelogger.properties): read what this call added
        Path log = Path.of("target", "test.log");
        long before = Files.exists(log) ? Files.size(log) : 0;
        reranker.prepare(Locale.JAPANESE, CANDIDATES);
        byte[] all = Files.readAllBytes(log);
        String written = new String(all, (int) before, all.length - (int) before, StandardCharsets.UTF_8);

        assertThat(written)
            .contains("could not embed 3 FAQs", "HTTP 401 (invalid_api_key)", "failing; FAQ matching is lexical")
            .doesNotContain(KEY);
    }

    @Test
    void credentialsInTheEndpointAreNotShown() {
        OpenAiEmbeddingReranker reranker = OpenAiEmbeddingReranker
            .builder("https://user:secret@embeddings.example/v1/embeddings?api-key=" + KEY, "bge-m3").build();

        assertThat(reranker.toString()).doesNotContain(KEY).doesNotContain("secret")
            .contains("https://embeddings.example/v1/embeddings");
    }

    @Test
    void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
        OpenAiEmbeddingsClient client = client(Clock.fixed(Instant.parse("2026-01-05T00:00:00Z"), ZoneOffset.UTC));

        assertThat(client.retryAfter("7")).isEqualTo(Duration.ofSeconds(7));
        assertThat(client.retryAfter("Mon, 5 Jan 2026 00:00:30 GMT")).isEqualTo(Duration.ofSeconds(30));
        assertThat(client.retryAfter("Sun, 4 Jan 2026 23:00:00 GMT")).isEqualTo(Duration.ZERO);
        assertThat(client.retryAfter("soon")).isNull();
        assertThat(client.retryAfter(null)).isNull();
    }

    @Test
    void builderListsEveryInvalidSetting() {
        OpenAiEmbeddingReranker.Builder b = OpenAiEmbeddingReranker.builder("ftp:/nowhere", " ")
            .apiKey("sk-with\nnewline")
            .timeouts(Duration.ZERO, Duration.ofSeconds(-1))
            .retries(-1, Duration.ofMillis(10), Duration.ofMillis(5), Duration.ofSeconds(1))
            .circuitBreaker(0, Duration.ofSeconds(1))
            .cache(0, Duration.ofDays(1))
            .batchSize(4096);

        assertThatThrownBy(b::build).isInstanceOf(ValidationException.class)
            .satisfies(e -> assertThat(((ValidationException) e).violations()).extracting(Violation::field)
                .containsExactlyInAnyOrder("endpoint", "model", "apiKey", "connectTimeout", "readTimeout",
                    "maxBackoff", "maxRetries", "breakerFailures", "cacheSize", "batchSize"))
            .hasMessageNotContaining("sk-with");
    }

    private static OpenAiEmbeddingsClient client(Clock clock) {
        return new OpenAiEmbeddingsClient(new OkHttpClient(), HttpUrl.get(WM.url(PATH)), "text-embedding-3-small", KEY,
            clock);
    }

    private static List<String> ids(List<ScoredFaq> candidates) {
        return candidates.stream().map(c -> c.entry().id()).toList();
    }
}
