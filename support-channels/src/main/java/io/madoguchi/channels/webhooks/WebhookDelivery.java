package io.madoguchi.channels.webhooks;

import static java.util.Objects.requireNonNull;

import io.madoguchi.channels.ChannelAdapter;
import io.madoguchi.channels.ChannelCapabilities;
import io.madoguchi.channels.OutboundMessage;
import io.madoguchi.channels.ParsedWebhook;
import io.madoguchi.channels.SendResult;
import io.madoguchi.channels.WebhookRejectedException;
import io.madoguchi.channels.WebhookRequest;
import io.madoguchi.channels.internal.Http;
import io.madoguchi.channels.outbox.OutboxSender;
import io.madoguchi.core.Channel;
import io.madoguchi.core.NotFoundException;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.customer.IdentityKind;
import io.madoguchi.core.store.EventLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * Delivers desk events to host-configured endpoints as Standard Webhooks, as an adapter of the existing outbox: the
 * {@link WebhookPublisher} writes one outbox row per event and endpoint of the event's tenant (an endpoint belongs to
 * one tenant and never receives another tenant's events), and an {@link OutboxSender} configured by
 * {@link #configure(OutboxSender.Builder)} sends it, so retries, the per-endpoint circuit breaker, leases and dead
 * letters are the outbox's. Each attempt is a {@code POST} of the same JSON body with {@code webhook-id} (the same
 * on every attempt), {@code webhook-timestamp} (this attempt's time) and {@code webhook-signature} (one {@code v1}
 * signature per secret of the endpoint, for rotation). Redirects are not followed (a 3xx is a failure).
 *
 * <p>Answers: 2xx delivered; {@code 410 Gone} disables the endpoint, records {@link WebhookEndpointDisabled} once,
 * and nothing more is sent to it (rows still waiting are dead-lettered without a request) until
 * {@link #enable(TenantId, String)} (the disabled state lives in the {@link EndpointStateStore}: with the JDBC one a
 * restart keeps it); any other answer or a network failure is retried on the specification's schedule
 * ({@link StandardWebhooks#RETRY_SCHEDULE}, plus up to 10% jitter), never sooner than the endpoint's
 * {@code Retry-After}, and the row is dead-lettered after the tenth attempt.
 *
 * <p>Endpoint ids are per tenant: every look-up, listing, enable and disable names the tenant, and a tenant's calls
 * never see or change another tenant's endpoints. Thread-safe; secrets never logged.
 */
public final class WebhookDelivery implements ChannelAdapter {

    /**
     * Hint key of a row's context: the {@code webhook-id} of its message, the same for every endpoint of the event. It
     * is the outbox's {@link io.madoguchi.channels.outbox.OutboxStore#DELIVERY_KEY_HINT}: a store keeps one row per
     * event and endpoint.
     */
    public static final String HINT_MESSAGE_ID = io.madoguchi.channels.outbox.OutboxStore.DELIVERY_KEY_HINT;
    /**
     * The outbox namespace of the webhook sender's rows: give the sender and the {@link WebhookPublisher} the store
     * {@code withNamespace(OUTBOX_NAMESPACE)} of the channel outbox's store, and both outboxes share one store or
     * table without their row ids meeting (see {@link #configure}).
     */
    public static final String OUTBOX_NAMESPACE = "webhooks";
    /**
     * At most this many endpoints per tenant, with any number of tenants: an event has one tenant and 256 row ids,
     * one per place among that tenant's endpoints and a spare (see {@link WebhookPublisher}).
     */
    public static final int MAX_ENDPOINTS_PER_TENANT = 255;

    private static final MediaType JSON = MediaType.get("application/json");
    private static final ChannelCapabilities CAPABILITIES = new ChannelCapabilities(1 << 20, 1, false, false);

    private final Map<Key, WebhookEndpoint> endpoints;
    private final List<WebhookEndpoint> order;
    private final Map<TenantId, List<WebhookEndpoint>> byTenant;
    private final EndpointStateStore states;
    private final EventLog eventLog;
    private final OkHttpClient http;
    private final Clock clock;
    private final SplittableRandom random;

    private WebhookDelivery(Builder b) {
        this.endpoints = Map.copyOf(b.endpoints);
        this.order = List.copyOf(b.endpoints.values());
        Map<TenantId, List<WebhookEndpoint>> grouped = new HashMap<>();
        for (WebhookEndpoint e : order) {
            grouped.computeIfAbsent(e.tenantId(), k -> new ArrayList<>()).add(e);
        }
        grouped.replaceAll((k, v) -> List.copyOf(v));
        this.byTenant = Map.copyOf(grouped);
        this.eventLog = b.eventLog;
        this.states = b.states != null ? b.states : new InMemoryEndpointStateStore();
        this.http = b.http != null ? b.http : Http.defaultClient().newBuilder().followRedirects(false)
            .followSslRedirects(false).readTimeout(15, TimeUnit.SECONDS).callTimeout(30, TimeUnit.SECONDS).build();
        this.clock = b.clock;
        this.random = new SplittableRandom(b.seed);
    }

    /**
     * @param eventLog the desk store's event log ({@link WebhookEndpointDisabled} is appended there)
     * @return a builder without endpoints
     */
    public static Builder builder(EventLog eventLog) {
        return new Builder(eventLog);
    }

    /**
     * Sets up a sender for these deliveries: this adapter, ten attempts, and delays taken from the schedule (which
     * this adapter returns as each failure's wait). Give the sender (and the {@link WebhookPublisher}) an outbox store
     * in the namespace {@link #OUTBOX_NAMESPACE}: row ids are numbered per event and endpoint (the event's position
     * times 256 plus the endpoint's place), not like the channel outbox's (the position of the {@code
     * DeliveryRequested} event), so their ids meet, and a store keeps one row per id in each namespace. The channel
     * outbox's store and this one may be the same store or table: {@code
     * channelStore.withNamespace(WebhookDelivery.OUTBOX_NAMESPACE)} of an
     * {@link io.madoguchi.channels.outbox.InMemoryOutboxStore} or a
     * {@link io.madoguchi.channels.outbox.jdbc.JdbcOutboxStore} (on the same database and schema), or a store on
     * another database or schema. Where the ids meet in one namespace, the store's
     * {@link io.madoguchi.channels.outbox.OutboxStore#add} throws a permanent
     * {@link io.madoguchi.core.store.StoreException} naming the id, both channels and the namespace rather than
     * dropping a send. Rows the sender wrote before its store had a namespace are the default namespace's: move the
     * sender to its namespace once they are finished, or keep it on its store of its own.
     *
     * @param sender a sender builder
     * @return it, configured
     */
    public OutboxSender.Builder configure(OutboxSender.Builder sender) {
        return sender.adapter(this).maxAttempts(StandardWebhooks.RETRY_SCHEDULE.size() + 1)
            .backoff(Duration.ofMillis(1), Duration.ofMillis(1));
    }

    @Override
    public Channel channel() {
        return Channel.WEBHOOK;
    }

    @Override
    public IdentityKind identityKind() {
        return IdentityKind.EXTERNAL;
    }

    @Override
    public ChannelCapabilities capabilities() {
        return CAPABILITIES;
    }

    // outbound only: refuses every request with 404
    @Override
    public void verify(WebhookRequest request, Instant now) {
        throw new WebhookRejectedException(404, "channel", "webhook deliveries are outbound only");
    }

    // outbound only: refuses every request with 404
    @Override
    public ParsedWebhook parse(WebhookRequest request) {
        throw new WebhookRejectedException(404, "channel", "webhook deliveries are outbound only");
    }

    // webhook:<tenant>/<endpoint id>: endpoint ids are per tenant, so each tenant's endpoint has its own breaker
    @Override
    public String endpoint(OutboundMessage message) {
        return "webhook:" + message.tenantId().value() + "/" + message.recipient().value();
    }

    /**
     * @param tenant a tenant
     * @return that tenant's endpoints in their configured order (no other tenant's)
     */
    public List<WebhookEndpoint> endpoints(TenantId tenant) {
        return byTenant.getOrDefault(requireNonNull(tenant, "tenant"), List.of());
    }

    /**
     * @param tenant the endpoint's tenant
     * @param endpointId the endpoint's id within that tenant
     * @return whether it receives deliveries (the tenant has it and no 410 disabled it)
     */
    public boolean enabled(TenantId tenant, String endpointId) {
        Key key = new Key(tenant, endpointId);
        return endpoints.containsKey(key) && !states.isDisabled(tenant, endpointId);
    }

    /**
     * Enables an endpoint a 410 disabled (its owner asked for deliveries again), in the endpoint state store.
     *
     * @param tenant the endpoint's tenant
     * @param endpointId the endpoint's id within that tenant
     * @throws NotFoundException if the tenant has no endpoint with that id (another tenant's endpoint is not found)
     */
    public void enable(TenantId tenant, String endpointId) {
        states.enable(tenant, owned(tenant, endpointId).id());
    }

    /**
     * Marks an endpoint disabled without an event, in the endpoint state store.
     *
     * @param tenant the endpoint's tenant
     * @param endpointId the endpoint's id within that tenant
     * @throws NotFoundException if the tenant has no endpoint with that id (another tenant's endpoint is not found)
     */
    public void disable(TenantId tenant, String endpointId) {
        states.disable(tenant, owned(tenant, endpointId).id(), clock.instant().truncatedTo(ChronoUnit.MICROS));
    }

    private WebhookEndpoint owned(TenantId tenant, String endpointId) {
        WebhookEndpoint e = endpoints.get(new Key(tenant, endpointId));
        if (e == null) {
            throw new NotFoundException("tenant '" + tenant.value() + "' has no webhook endpoint '" + endpointId + "'");
        }
        return e;
    }

    /**
     * @param tenant the event's tenant
     * @param type an event type
     * @return the places (in the tenant's configured order, below {@link #MAX_ENDPOINTS_PER_TENANT}) of the tenant's
     *     enabled endpoints that selected it
     */
    List<Integer> targets(TenantId tenant, String type) {
        List<WebhookEndpoint> own = endpoints(tenant);
        List<Integer> out = new ArrayList<>();
        @Nullable Set<String> disabled = null;
        for (int i = 0; i < own.size(); i++) {
            WebhookEndpoint e = own.get(i);
            if (e.eventTypes().contains(type)) {
                if (disabled == null) {
                    disabled = states.disabled(tenant);
                }
                if (!disabled.contains(e.id())) {
                    out.add(i);
                }
            }
        }
        return out;
    }

    /**
     * @param tenant the event's tenant
     * @param place a place among the tenant's endpoints, as {@link #targets} returned it
     * @return the endpoint there
     */
    WebhookEndpoint endpointAt(TenantId tenant, int place) {
        return endpoints(tenant).get(place);
    }

    @Override
    public SendResult send(OutboundMessage message) {
        String endpointId = message.recipient().value();
        TenantId tenant = message.tenantId();
        WebhookEndpoint endpoint = endpoints.get(new Key(tenant, endpointId));
        if (endpoint == null) {
            return new SendResult.Rejected("tenant '" + tenant.value() + "' has no endpoint '" + endpointId + "'");
        }
        if (states.isDisabled(tenant, endpointId)) {
            return new SendResult.Rejected("endpoint '" + endpointId + "' is disabled (410 Gone)");
        }
        String id = message.context().hint(HINT_MESSAGE_ID);
        if (id == null || message.texts().size() != 1) {
            return new SendResult.Rejected("not a webhook row (no message id or not one body)");
        }
        byte[] body = message.texts().get(0).getBytes(StandardCharsets.UTF_8);
        long timestamp = clock.instant().getEpochSecond();
        Request request = new Request.Builder().url(endpoint.url().toString())
            .post(RequestBody.create(body, JSON))
            .header(StandardWebhooks.ID, id)
            .header(StandardWebhooks.TIMESTAMP, Long.toString(timestamp))
            .header(StandardWebhooks.SIGNATURE,
                StandardWebhooks.signatureHeader(endpoint.secrets(), id, timestamp, body))
            .header("User-Agent", "madoguchi-webhooks")
            .build();
        try (Response r = http.newCall(request).execute()) {
            int code = r.code();
            if (code / 100 == 2) {
                return new SendResult.Sent(Integer.toString(code));
            }
            if (code == 410) {
                disableAfterGone(tenant, endpointId);
                return new SendResult.Rejected("410 Gone: endpoint '" + endpointId + "' disabled");
            }
            Duration wait = scheduled(message.attempt());
            Duration retryAfter = Http.retryAfter(r, clock);
            if (retryAfter != null && retryAfter.compareTo(wait) > 0) {
                wait = retryAfter;
            }
            return new SendResult.Retry(Integer.toString(code), wait, code >= 500, null);
        } catch (IOException e) {
            return new SendResult.Retry(e.getClass().getSimpleName(), scheduled(message.attempt()), true, null);
        }
    }

    private void disableAfterGone(TenantId tenant, String endpointId) {
        if (states.disable(tenant, endpointId, clock.instant().truncatedTo(ChronoUnit.MICROS))) {
            eventLog.append(List.of(new WebhookEndpointDisabled(tenant, endpointId,
                clock.instant().truncatedTo(ChronoUnit.MICROS))), Map.of());
        }
    }

    /** The schedule's wait after the given failed attempt, plus up to 10% jitter. */
    private Duration scheduled(int failedAttempt) {
        List<Duration> s = StandardWebhooks.RETRY_SCHEDULE;
        Duration base = s.get(Math.max(0, Math.min(failedAttempt, s.size()) - 1));
        long jitter;
        synchronized (random) {
            jitter = random.nextLong(base.toMillis() / 10 + 1);
        }
        return base.plusMillis(jitter);
    }

    @Override
    public String toString() {
        return "WebhookDelivery[" + order.size() + " endpoints]";
    }

    /** An endpoint's key: its tenant and its id within that tenant. */
    private record Key(TenantId tenant, String id) {
        Key {
            requireNonNull(tenant, "tenant");
            requireNonNull(id, "endpointId");
        }
    }

    /** Builds a delivery. Not thread-safe. */
    public static final class Builder {
        private final EventLog eventLog;
        private final Map<Key, WebhookEndpoint> endpoints = new LinkedHashMap<>();
        private final Map<TenantId, Integer> perTenant = new HashMap<>();
        private @Nullable OkHttpClient http;
        private @Nullable EndpointStateStore states;
        private Clock clock = Clock.systemUTC();
        private long seed = 0x77686b73L;

        private Builder(EventLog eventLog) {
            this.eventLog = requireNonNull(eventLog, "eventLog");
        }

        /**
         * Adds an endpoint of its tenant: it receives that tenant's selected events and no other tenant's. A tenant's
         * endpoints may be reordered, added or removed between restarts: an event delivered again afterwards still
         * writes one row per selected endpoint (see {@link WebhookPublisher}). Any number of tenants may each have up
         * to {@link #MAX_ENDPOINTS_PER_TENANT} endpoints.
         *
         * @param endpoint the endpoint
         * @return this builder
         * @throws ValidationException on {@code id} if its tenant already has one with its id, on {@code endpoints}
         *     (naming the tenant and the limit) if its tenant already has {@link #MAX_ENDPOINTS_PER_TENANT}
         */
        public Builder endpoint(WebhookEndpoint endpoint) {
            Key key = new Key(requireNonNull(endpoint, "endpoint").tenantId(), endpoint.id());
            if (endpoints.containsKey(key)) {
                throw ValidationException.of("id", "tenant '" + endpoint.tenantId().value() + "' already has endpoint '"
                    + endpoint.id() + "'");
            }
            int count = perTenant.getOrDefault(key.tenant(), 0);
            if (count == MAX_ENDPOINTS_PER_TENANT) {
                throw ValidationException.of("endpoints", "tenant '" + key.tenant().value() + "' already has "
                    + MAX_ENDPOINTS_PER_TENANT + " endpoints, the most a tenant may have");
            }
            endpoints.put(key, endpoint);
            perTenant.put(key.tenant(), count + 1);
            return this;
        }

        /**
         * @param value the HTTP client; it must not retry or follow redirects on its own (default: 15 s read, 30 s
         *     per call, no redirects)
         * @return this builder
         */
        public Builder httpClient(OkHttpClient value) {
            this.http = requireNonNull(value, "http");
            return this;
        }

        /**
         * @param value the clock for {@code webhook-timestamp}
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = requireNonNull(value, "clock");
            return this;
        }

        /**
         * @param value where disabled endpoints are kept (default in memory, lost on restart); a
         *     {@link io.madoguchi.channels.webhooks.jdbc.JdbcEndpointStateStore} keeps them disabled across restarts
         * @return this builder
         */
        public Builder endpointStates(EndpointStateStore value) {
            this.states = requireNonNull(value, "states");
            return this;
        }

        /**
         * @param value the seed of the retry jitter
         * @return this builder
         */
        public Builder jitterSeed(long value) {
            this.seed = value;
            return this;
        }

        /** @return the delivery */
        public WebhookDelivery build() {
            return new WebhookDelivery(this);
        }
    }
}
