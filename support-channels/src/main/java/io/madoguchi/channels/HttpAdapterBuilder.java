package io.madoguchi.channels;

import static java.util.Objects.requireNonNull;

import io.madoguchi.channels.internal.Http;
import java.time.Clock;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * What the builders of HTTP adapters set alike: the provider's base URL (a stub's in tests), the HTTP client and the
 * clock. The built-in adapters' builders extend it, and a plugin adapter's builder may too. Not thread-safe.
 *
 * @param <B> the concrete builder, returned by the setters
 */
public abstract class HttpAdapterBuilder<B extends HttpAdapterBuilder<B>> {

    private String baseUrl;
    private @Nullable OkHttpClient http;
    private Clock clock = Clock.systemUTC();

    /** @param defaultBaseUrl the provider's API */
    protected HttpAdapterBuilder(String defaultBaseUrl) {
        this.baseUrl = requireNonNull(defaultBaseUrl, "baseUrl");
    }

    /** @return this builder, as its concrete type */
    protected abstract B self();

    /**
     * @param value the API's base URL (a stub's in tests)
     * @return this builder
     */
    public B baseUrl(String value) {
        this.baseUrl = requireNonNull(value, "baseUrl");
        return self();
    }

    /**
     * @param value the HTTP client; it must not retry requests on its own (the outbox does)
     * @return this builder
     */
    public B httpClient(OkHttpClient value) {
        this.http = requireNonNull(value, "http");
        return self();
    }

    /**
     * @param value the clock (signature windows, reply token ages, {@code Retry-After} dates)
     * @return this builder
     */
    public B clock(Clock value) {
        this.clock = requireNonNull(value, "clock");
        return self();
    }

    /** @return the base URL, without a trailing slash */
    public String configuredBaseUrl() {
        return baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** @return the HTTP client: the one set, else the shared one (5 s connect, 10 s read, no silent retries) */
    public OkHttpClient configuredHttpClient() {
        return http != null ? http : Http.defaultClient();
    }

    /** @return the clock */
    public Clock configuredClock() {
        return clock;
    }
}
