package io.madoguchi.examples.faq.remote;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.Violation;
import io.madoguchi.core.faq.FaqReranker;
import io.madoguchi.examples.faq.Vectors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link FaqReranker} backed by a host-provided embedding service that speaks the OpenAI
 * {@code /v1/embeddings} protocol. Each candidate is scored by the cosine between the query's vector
 * and the FAQ's vector, min-max rescaled over the query's candidates to [0, 1] (the scale of the
 * matcher's lexical score divided by the top one).
 *
 * <p>Each FAQ is embedded once as its question, its phrasings and its answer, one per line, cut to
 * {@link Builder#faqCharacters} characters. Vectors are cached by FAQ id and a SHA-256 of the model
 * and that text, so an FAQ is embedded again only when its text changes (or its vector was evicted:
 * the cache is bounded by {@link Builder#cache size and age}).
 *
 * <p>Calls go through the host's {@link OkHttpClient} with this reranker's connect and read timeouts,
 * are retried with exponential backoff on network failures, timeouts, 408, 409, 429 and 5xx (a
 * {@code Retry-After} is honoured up to {@link Builder#retries its limit}; a longer one is not
 * waited for), and pass a circuit breaker that opens after consecutive failures. While a call fails
 * or the breaker is open, {@link #score} returns the lexical scores divided by the top one, so the
 * matcher ranks exactly as lexical matching alone; it never throws for a service failure.
 *
 * <p>The API key is sent as {@code Authorization: Bearer}; it never appears in logs, exception
 * messages or {@link #toString()}.
 *
 * <pre>{@code
 * FaqReranker reranker = OpenAiEmbeddingReranker
 *     .builder("https://api.openai.com/v1/embeddings", "text-embedding-3-small")
 *     .apiKey(System.getenv("OPENAI_API_KEY"))
 *     .httpClient(hostClient)
 *     .build();
 * FaqMatcher matcher = FaqMatcher.builder(catalog).reranker(reranker, 0.5, 100).build();
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class OpenAiEmbeddingReranker implements FaqReranker {

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiEmbeddingReranker.class);

    private final OpenAiEmbeddingsClient client;
    private final String model;
    private final boolean hasKey;
    private final Set<String> languages;
    private final int faqCharacters;
    private final String queryPrefix;
    private final String faqPrefix;
    private final int batchSize;
    private final Cache<Key, float[]> cache;
    private final CircuitBreaker<Object> breaker;
    private final FailsafeExecutor<Object> executor;
    private final AtomicLong fallbacks = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();

    private OpenAiEmbeddingReranker(Builder b, HttpUrl endpoint) {
        OkHttpClient http = b.httpClient.newBuilder()
            .connectTimeout(b.connectTimeout)
            .readTimeout(b.readTimeout)
            .build();
        this.client = new OpenAiEmbeddingsClient(http, endpoint, b.model, b.apiKey, b.clock);
        this.model = b.model;
        this.hasKey = b.apiKey != null;
        this.languages = Set.copyOf(b.languages);
        this.faqCharacters = b.faqCharacters;
        this.queryPrefix = b.queryPrefix;
        this.faqPrefix = b.faqPrefix;
        this.batchSize = b.batchSize;
        Clock clock = b.clock;
        this.cache = Caffeine.newBuilder()
            .maximumSize(b.cacheSize)
            .expireAfterWrite(b.cacheAge)
            .ticker(() -> nanos(clock.instant()))
            .executor(Runnable::run)
            .build();
        Duration maxRetryAfter = b.maxRetryAfter;
        String where = client.redactedEndpoint();
        RetryPolicy<Object> retry = RetryPolicy.builder()
            .handleIf(OpenAiEmbeddingReranker::retryable)
            .abortIf((result, failure) -> failure instanceof RemoteEmbeddingException e
                && e.retryAfter().map(d -> d.compareTo(maxRetryAfter) > 0).orElse(false))
            .withMaxRetries(b.maxRetries)
            .withBackoff(b.initialBackoff, b.maxBackoff)
            .withDelayFnOn(ctx -> ctx.getLastException() instanceof RemoteEmbeddingException e
                ? e.retryAfter().orElse(Duration.ofMillis(-1)) : Duration.ofMillis(-1), RemoteEmbeddingException.class)
            .build();
        this.breaker = CircuitBreaker.builder()
            .handle(IOException.class, RemoteEmbeddingException.class)
            .withFailureThreshold(b.breakerFailures)
            .withDelay(b.breakerOpenFor)
            .onOpen(e -> LOG.warn("embedding service {} failing; FAQ matching is lexical for {}", where,
                b.breakerOpenFor))
            .onHalfOpen(e -> LOG.info("embedding service {}: trying again", where))
            .onClose(e -> LOG.info("embedding service {} answers again; FAQ reranking resumed", where))
            .build();
        this.executor = Failsafe.with(retry).compose(breaker);
    }

    private static boolean retryable(Throwable failure) {
        return failure instanceof IOException
            || (failure instanceof RemoteEmbeddingException e && e.retryable());
    }

    private static long nanos(Instant instant) {
        return TimeUnit.SECONDS.toNanos(instant.getEpochSecond()) + instant.getNano();
    }

    /**
     * Starts a builder.
     *
     * @param endpoint the full URL of the embeddings endpoint, for example
     *                 {@code https://api.openai.com/v1/embeddings}
     * @param model    the model name the service expects, for example {@code text-embedding-3-small}
     * @return a builder
     * @throws NullPointerException if an argument is null
     */
    public static Builder builder(String endpoint, String model) {
        return new Builder(endpoint, model);
    }

    /** @return {@code openai:} followed by the model name */
    @Override
    public String name() {
        return "openai:" + model;
    }

    /**
     * Embeds the FAQs that are not cached yet, in batches. A failure is logged and left for
     * {@link #score} to retry lazily.
     */
    @Override
    public void prepare(Locale locale, List<Candidate> entries) {
        if (!supports(locale)) {
            return;
        }
        Map<Key, String> missing = missing(entries);
        try {
            embedInto(new ArrayList<>(missing.keySet()), new ArrayList<>(missing.values()));
        } catch (RemoteEmbeddingException | FailsafeException e) {
            LOG.warn("could not embed {} FAQs ahead of queries ({}); they are embedded on first use",
                missing.size(), describe(e));
        }
    }

    /**
     * Scores the candidates by embedding similarity, or, when the service fails or the circuit is
     * open, returns the lexical scores divided by the top one.
     */
    @Override
    public double[] score(String query, Locale locale, List<Candidate> candidates) {
        if (!supports(locale) || candidates.isEmpty()) {
            return Vectors.lexicalOverTop(candidates);
        }
        try {
            Map<Key, String> missing = missing(candidates);
            List<Key> keys = new ArrayList<>(missing.keySet());
            List<String> texts = new ArrayList<>(missing.values());
            // the query rides along with the first batch of missing FAQs: one round trip when all are cached
            texts.add(0, queryPrefix + query);
            float[][] first = call(texts.subList(0, Math.min(batchSize, texts.size())));
            float[] q = first[0];
            for (int i = 1; i < first.length; i++) {
                cache.put(keys.get(i - 1), first[i]);
            }
            if (texts.size() > batchSize) {
                embedInto(keys.subList(batchSize - 1, keys.size()), texts.subList(batchSize, texts.size()));
            }
            double[] scores = new double[candidates.size()];
            for (int i = 0; i < scores.length; i++) {
                Key key = key(candidates.get(i));
                float[] v = cache.getIfPresent(key);
                if (v == null) {
                    // evicted since it was fetched (a cache much smaller than the candidates): fetch it alone
                    v = call(List.of(text(candidates.get(i))))[0];
                    cache.put(key, v);
                }
                scores[i] = Vectors.cosine(q, v);
            }
            return Vectors.minMax(scores);
        } catch (RemoteEmbeddingException | FailsafeException e) {
            fallbacks.incrementAndGet();
            LOG.debug("FAQ reranking fell back to lexical scores: {}", describe(e));
            return Vectors.lexicalOverTop(candidates);
        }
    }

    private void embedInto(List<Key> keys, List<String> texts) {
        for (int from = 0; from < texts.size(); from += batchSize) {
            int to = Math.min(texts.size(), from + batchSize);
            float[][] vectors = call(texts.subList(from, to));
            for (int i = 0; i < vectors.length; i++) {
                cache.put(keys.get(from + i), vectors[i]);
            }
        }
    }

    private float[][] call(List<String> texts) {
        List<String> copy = List.copyOf(texts);
        return executor.get(() -> {
            requests.incrementAndGet();
            return client.embed(copy);
        });
    }

    private Map<Key, String> missing(List<Candidate> candidates) {
        Map<Key, String> missing = new LinkedHashMap<>();
        for (Candidate c : candidates) {
            String text = text(c);
            Key key = new Key(c.id(), hash(text));
            if (cache.getIfPresent(key) == null) {
                missing.put(key, text);
            }
        }
        return missing;
    }

    private Key key(Candidate c) {
        return new Key(c.id(), hash(text(c)));
    }

    /** The FAQ prefix, then question, phrasings and answer, one per line, cut to the configured characters. */
    private String text(Candidate c) {
        StringBuilder sb = new StringBuilder(c.question().strip());
        for (String p : c.phrasings()) {
            if (!p.isBlank() && !p.strip().equals(c.question().strip())) {
                sb.append('\n').append(p.strip());
            }
        }
        if (!c.answer().isBlank()) {
            sb.append('\n').append(c.answer().strip());
        }
        String text = sb.toString();
        return faqPrefix + (text.codePointCount(0, text.length()) <= faqCharacters ? text
            : text.substring(0, text.offsetByCodePoints(0, faqCharacters)));
    }

    private String hash(String text) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(model.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            return HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    private boolean supports(Locale locale) {
        return languages.isEmpty() || languages.contains(locale.getLanguage());
    }

    private static String describe(Exception e) {
        Throwable cause = e instanceof FailsafeException && e.getCause() != null ? e.getCause() : e;
        return cause.getClass().getSimpleName() + (cause instanceof RemoteEmbeddingException ? ": " + cause.getMessage()
            : "");
    }

    /**
     * The circuit breaker's state, for health checks.
     *
     * @return {@code CLOSED} while calls go through, {@code OPEN} while matching is lexical without
     *     trying the service, {@code HALF_OPEN} while a trial call decides
     */
    public CircuitBreaker.State circuitState() {
        return breaker.getState();
    }

    /**
     * How many {@link #score} calls returned lexical scores because the service failed or the
     * circuit was open.
     *
     * @return the count since this reranker was built
     */
    public long fallbacks() {
        return fallbacks.get();
    }

    /**
     * How many HTTP requests were attempted (retries included).
     *
     * @return the count since this reranker was built
     */
    public long requests() {
        return requests.get();
    }

    /**
     * The number of cached FAQ vectors, after evicting what exceeds the size or age bound.
     *
     * @return the cached FAQ versions
     */
    public long cachedFaqs() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    /** @return the endpoint (without credentials or query), model and whether a key is set; never the key */
    @Override
    public String toString() {
        return "OpenAiEmbeddingReranker[endpoint=" + client.redactedEndpoint() + ", model=" + model
            + ", apiKey=" + (hasKey ? "(set)" : "(none)") + "]";
    }

    private record Key(String id, String sha256) {
    }

    /**
     * Builds an {@link OpenAiEmbeddingReranker}. Not thread-safe.
     */
    public static final class Builder {
        private final String endpoint;
        private final String model;
        private @Nullable String apiKey;
        private OkHttpClient httpClient = new OkHttpClient();
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration readTimeout = Duration.ofSeconds(5);
        private int maxRetries = 2;
        private Duration initialBackoff = Duration.ofMillis(200);
        private Duration maxBackoff = Duration.ofSeconds(2);
        private Duration maxRetryAfter = Duration.ofSeconds(5);
        private int breakerFailures = 5;
        private Duration breakerOpenFor = Duration.ofSeconds(30);
        private long cacheSize = 100_000;
        private Duration cacheAge = Duration.ofDays(30);
        private Set<String> languages = Set.of();
        private int faqCharacters = 512;
        private String queryPrefix = "";
        private String faqPrefix = "";
        private int batchSize = 128;
        private Clock clock = Clock.systemUTC();

        private Builder(String endpoint, String model) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            this.model = Objects.requireNonNull(model, "model");
        }

        /**
         * The API key, sent as {@code Authorization: Bearer KEY} (default: none, for services on the
         * host's own network).
         *
         * @param value the key
         * @return this builder
         */
        public Builder apiKey(String value) {
            this.apiKey = Objects.requireNonNull(value, "apiKey");
            return this;
        }

        /**
         * The host's HTTP client; its connection pool, dispatcher, interceptors and proxy settings
         * are shared, with this builder's timeouts (default: a new client).
         *
         * @param value the client
         * @return this builder
         */
        public Builder httpClient(OkHttpClient value) {
            this.httpClient = Objects.requireNonNull(value, "httpClient");
            return this;
        }

        /**
         * Connect and read timeouts of each attempt (default 2 s and 5 s).
         *
         * @param connect time to establish a connection
         * @param read    longest wait for response bytes
         * @return this builder
         */
        public Builder timeouts(Duration connect, Duration read) {
            this.connectTimeout = Objects.requireNonNull(connect, "connect");
            this.readTimeout = Objects.requireNonNull(read, "read");
            return this;
        }

        /**
         * Retries after a retryable failure (default 2, backoff from 200 ms doubling to 2 s, a
         * {@code Retry-After} of up to 5 s honoured instead).
         *
         * @param max           retries after the first attempt (0 for none)
         * @param initial       first backoff delay
         * @param maxDelay      longest backoff delay
         * @param maxRetryAfter the longest {@code Retry-After} waited for; a longer one ends the call
         * @return this builder
         */
        public Builder retries(int max, Duration initial, Duration maxDelay, Duration maxRetryAfter) {
            this.maxRetries = max;
            this.initialBackoff = Objects.requireNonNull(initial, "initial");
            this.maxBackoff = Objects.requireNonNull(maxDelay, "maxDelay");
            this.maxRetryAfter = Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
            return this;
        }

        /**
         * The circuit breaker (default: opens after 5 consecutive failed attempts, stays open 30 s,
         * then lets one trial call through).
         *
         * @param failures consecutive failed attempts that open it
         * @param openFor  how long it stays open
         * @return this builder
         */
        public Builder circuitBreaker(int failures, Duration openFor) {
            this.breakerFailures = failures;
            this.breakerOpenFor = Objects.requireNonNull(openFor, "openFor");
            return this;
        }

        /**
         * Bounds of the FAQ vector cache (default 100,000 FAQ versions, each kept 30 days after it
         * was fetched; about 6 KB each for 1,536 dimensions).
         *
         * @param size most FAQ versions kept
         * @param age  how long a vector is kept after it was fetched
         * @return this builder
         */
        public Builder cache(long size, Duration age) {
            this.cacheSize = size;
            this.cacheAge = Objects.requireNonNull(age, "age");
            return this;
        }

        /**
         * ISO 639 language codes whose queries are scored (default: all); other queries get the
         * lexical scores without a call.
         *
         * @param codes for example {@code "ja"}
         * @return this builder
         */
        public Builder languages(String... codes) {
            List<String> list = new ArrayList<>();
            for (String code : codes) {
                list.add(new Locale(Objects.requireNonNull(code, "language")).getLanguage());
            }
            this.languages = Set.copyOf(list);
            return this;
        }

        /**
         * Characters of question, phrasings and answer embedded per FAQ (default 512).
         *
         * @param value the character limit
         * @return this builder
         */
        public Builder faqCharacters(int value) {
            this.faqCharacters = value;
            return this;
        }

        /**
         * Text put before each query and each FAQ (default none). Some models are trained with
         * prefixes: multilingual-e5 expects {@code "query: "} and {@code "passage: "}.
         *
         * @param query put before each query
         * @param faq   put before each FAQ's text
         * @return this builder
         */
        public Builder prefixes(String query, String faq) {
            this.queryPrefix = Objects.requireNonNull(query, "query");
            this.faqPrefix = Objects.requireNonNull(faq, "faq");
            return this;
        }

        /**
         * Texts per request (default 128; OpenAI accepts up to 2,048).
         *
         * @param value texts per request
         * @return this builder
         */
        public Builder batchSize(int value) {
            this.batchSize = value;
            return this;
        }

        /**
         * The clock for cache ages and {@code Retry-After} dates (default the system clock).
         *
         * @param value the clock
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Builds the reranker; no request is made until FAQs are prepared or a query is scored.
         *
         * @return the reranker
         * @throws ValidationException listing each invalid setting: an endpoint that is not an
         *                             http(s) URL, a blank model, an API key with control characters,
         *                             non-positive timeouts, delays or bounds, or a negative retry count
         */
        public OpenAiEmbeddingReranker build() {
            List<Violation> v = new ArrayList<>();
            HttpUrl url = HttpUrl.parse(endpoint);
            if (url == null) {
                v.add(new Violation("endpoint", "must be an http or https URL"));
            }
            if (model.isBlank()) {
                v.add(new Violation("model", "must not be blank"));
            }
            if (apiKey != null && (apiKey.isBlank() || apiKey.chars().anyMatch(c -> c < 0x21 || c > 0x7e))) {
                v.add(new Violation("apiKey", "must be non-blank printable ASCII without spaces"));
            }
            positive(v, "connectTimeout", connectTimeout);
            positive(v, "readTimeout", readTimeout);
            positive(v, "initialBackoff", initialBackoff);
            positive(v, "maxBackoff", maxBackoff);
            if (maxBackoff.compareTo(initialBackoff) <= 0) {
                v.add(new Violation("maxBackoff", "must be longer than initialBackoff"));
            }
            if (maxRetryAfter.isNegative()) {
                v.add(new Violation("maxRetryAfter", "must not be negative"));
            }
            positive(v, "breakerOpenFor", breakerOpenFor);
            positive(v, "cacheAge", cacheAge);
            if (maxRetries < 0) {
                v.add(new Violation("maxRetries", "must not be negative, was " + maxRetries));
            }
            if (breakerFailures < 1) {
                v.add(new Violation("breakerFailures", "must be at least 1, was " + breakerFailures));
            }
            if (cacheSize < 1) {
                v.add(new Violation("cacheSize", "must be at least 1, was " + cacheSize));
            }
            if (faqCharacters < 1) {
                v.add(new Violation("faqCharacters", "must be at least 1, was " + faqCharacters));
            }
            if (batchSize < 1 || batchSize > 2048) {
                v.add(new Violation("batchSize", "must be in [1, 2048], was " + batchSize));
            }
            if (!v.isEmpty()) {
                throw new ValidationException(v);
            }
            return new OpenAiEmbeddingReranker(this, Objects.requireNonNull(url));
        }

        private static void positive(List<Violation> v, String field, Duration d) {
            if (d.isNegative() || d.isZero()) {
                v.add(new Violation(field, "must be positive, was " + d));
            }
        }
    }
}
