package io.madoguchi.channels;

import static java.util.Objects.requireNonNull;

import io.madoguchi.channels.event.ChannelEvent;
import io.madoguchi.channels.outbox.OutboxStore;
import io.madoguchi.core.Channel;
import io.madoguchi.core.DuplicateRequestException;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.inbound.Received;
import io.madoguchi.core.store.EventLog;
import io.madoguchi.core.store.IdempotencyKey;
import io.madoguchi.core.store.StoreException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbound side of the channels: takes a provider's webhook request as the host's framework received it,
 * verifies it on its raw bytes, parses it and writes every event through the desk's receive step, which claims the
 * provider's event id (a redelivery, even a concurrent one, stores nothing twice). Returns what to answer the
 * provider. A refused request (bad signature, stale, too large, malformed) changes nothing. Thread-safe.
 */
public final class ChannelGateway {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelGateway.class);

    private final SupportDesk desk;
    private final EventLog eventLog;
    private final TenantId tenant;
    private final Principal principal;
    private final Map<String, ChannelAdapter> adapters;
    private final @Nullable OutboxStore contexts;
    private final WebhookLimits limits;
    private final Clock clock;

    private ChannelGateway(Builder b) {
        this.desk = b.desk;
        this.eventLog = b.eventLog;
        this.tenant = b.tenant;
        this.principal = desk.system(tenant, "channels");
        this.adapters = Map.copyOf(b.adapters);
        this.contexts = b.contexts;
        this.limits = b.limits;
        this.clock = b.clock != null ? b.clock : desk.clock();
    }

    /**
     * @param desk the desk messages are written to
     * @param eventLog the desk store's event log (channel events are appended there)
     * @param tenant the tenant the webhooks belong to
     * @return a builder with no adapters
     */
    public static Builder builder(SupportDesk desk, EventLog eventLog, TenantId tenant) {
        return new Builder(desk, eventLog, tenant);
    }

    /**
     * @param channel a channel name
     * @return its adapter, if registered
     */
    public Optional<ChannelAdapter> adapter(String channel) {
        return Optional.ofNullable(adapters.get(channel));
    }

    /** @return the registered adapters */
    public Collection<ChannelAdapter> adapters() {
        return adapters.values();
    }

    /**
     * Reads a request from the host's framework, bounded by the limits, and handles it.
     *
     * @param channel the channel name of the webhook's path, for example {@code line}
     * @param method the HTTP method
     * @param url the full URL, with the query string
     * @param headers the headers
     * @param body the body stream (not closed)
     * @return what to answer
     */
    public WebhookResponse handle(String channel, String method, String url, Map<String, List<String>> headers,
                                  InputStream body) {
        try {
            return process(channel, WebhookRequest.read(method, url, headers, body, limits)).response();
        } catch (WebhookRejectedException e) {
            return WebhookResponse.rejected(e);
        }
    }

    /**
     * @param channel the channel name
     * @param request the request
     * @return what to answer
     */
    public WebhookResponse handle(String channel, WebhookRequest request) {
        return process(channel, request).response();
    }

    /**
     * Handles a request and reports what it did.
     *
     * @param channel the channel name
     * @param request the request
     * @return the answer and the counts
     */
    public Outcome process(String channel, WebhookRequest request) {
        ChannelAdapter adapter = adapters.get(channel);
        if (adapter == null) {
            return Outcome.rejected(WebhookResponse.rejected(
                new WebhookRejectedException(404, "channel", "no adapter for '" + channel + "'")));
        }
        ParsedWebhook parsed;
        try {
            if (!"POST".equals(request.method())) {
                throw new WebhookRejectedException(405, "method", "must be POST, was " + request.method());
            }
            if (request.bodyLength() > limits.maxBodyBytes()) {
                throw new WebhookRejectedException(413, "body", "is more than the limit of " + limits.maxBodyBytes()
                    + " bytes");
            }
            adapter.verify(request, clock.instant());
            parsed = adapter.parse(request);
        } catch (WebhookRejectedException e) {
            LOG.info("{} webhook refused: {} ({})", channel, e.status(), e.field());
            return Outcome.rejected(WebhookResponse.rejected(e));
        }
        List<Received> stored = new ArrayList<>();
        int duplicates = 0;
        int invalid = 0;
        for (ChannelMessage m : parsed.messages()) {
            try {
                Step step = receive(m);
                if (step.duplicate) {
                    duplicates++;
                } else if (step.received != null) {
                    stored.add(step.received);
                }
            } catch (ValidationException e) {
                // the provider would redeliver it forever: count it, leave it out, go on
                invalid++;
                LOG.warn("{} event left out: {}", channel, e.getMessage());
            } catch (StoreException e) {
                LOG.warn("{} webhook not stored, the provider will redeliver: {}", channel, e.getMessage());
                return new Outcome(WebhookResponse.of(503, "text/plain; charset=utf-8", "try again"),
                    parsed.messages().size(), stored, duplicates, invalid, false);
            }
        }
        WebhookResponse answer = parsed.answer() != null ? parsed.answer() : WebhookResponse.ok();
        return new Outcome(answer, parsed.messages().size(), stored, duplicates, invalid, false);
    }

    private record Step(@Nullable Received received, boolean duplicate) {
    }

    private Step receive(ChannelMessage m) {
        if (m.carriesMessage()) {
            // the reply context is durable before the commit, keyed by the provider id the desk claims with the
            // message: whoever answers it, on any host instance, even after a crash right after the commit, finds
            // the ticket from that claim (the outbox resolves it so); resolving it here after the commit only saves
            // the outbox that lookup
            boolean kept = keep(m);
            Received r;
            try {
                r = desk.deliverAfter(() -> {
                    Received in = desk.receive(principal, m.toInbound(null));
                    resolve(m, in);
                    return in;
                });
            } catch (ValidationException e) {
                if (kept) {
                    forget(m); // refused: no commit will resolve it
                }
                throw e;
            }
            if (r.outcome() == Received.Outcome.DUPLICATE) {
                append(new ChannelEvent.DuplicateIgnored(tenant, m.channel(), r.ticket().id(), now()), null);
                return new Step(r, true);
            }
            append(new ChannelEvent.MessageReceived(tenant, m.channel(), r.ticket().id(), m.kind().name(), now()),
                null);
            return new Step(r, false);
        }
        // follow / unfollow / delivery status: no ticket; the claim on the event id dedupes the channel event itself
        IdempotencyKey key = inboundKey(m);
        if (m.kind() == ChannelMessage.Kind.DELIVERY_STATUS) {
            String id = m.providerEventId();
            ChannelEvent reported = new ChannelEvent.DeliveryStatusReported(tenant, m.channel(),
                id.substring(0, Math.max(0, id.lastIndexOf('/'))), m.text(),
                m.context().hint(ChannelMessage.HINT_ERROR_CODE), now());
            try {
                append(reported, key);
            } catch (DuplicateRequestException e) {
                append(new ChannelEvent.DuplicateIgnored(tenant, m.channel(), null, now()), null);
                return new Step(null, true);
            }
            return new Step(null, false);
        }
        if (eventLog.claimed(key).isPresent()) {
            append(new ChannelEvent.DuplicateIgnored(tenant, m.channel(), null, now()), null);
            return new Step(null, true);
        }
        if (m.kind() == ChannelMessage.Kind.FOLLOW) {
            desk.resolveCustomer(principal, m.identity(), m.displayName());
        }
        try {
            append(new ChannelEvent.MessageReceived(tenant, m.channel(), null, m.kind().name(), now()), key);
        } catch (DuplicateRequestException e) {
            append(new ChannelEvent.DuplicateIgnored(tenant, m.channel(), null, now()), null);
            return new Step(null, true);
        }
        return new Step(null, false);
    }

    /**
     * Keeps the message's reply context unless the message was stored before: a redelivery leaves the context as the
     * first delivery kept it (its token possibly used since).
     */
    private boolean keep(ChannelMessage m) {
        if (contexts == null || eventLog.claimed(inboundKey(m)).isPresent()) {
            return false;
        }
        return contexts.keepContext(tenant, m.channel(), m.providerEventId(), m.identity(), m.context());
    }

    private void resolve(ChannelMessage m, Received in) {
        if (contexts == null) {
            return;
        }
        try {
            contexts.resolveContext(tenant, m.channel(), m.providerEventId(), in.ticket().id(), in.message().seq());
        } catch (StoreException e) {
            // the message is stored: the outbox resolves the context from the desk's claim when it answers
            LOG.warn("{} reply context left for the outbox to resolve: {}", m.channel(), e.getMessage());
        }
    }

    private void forget(ChannelMessage m) {
        if (contexts == null) {
            return;
        }
        try {
            contexts.forgetContext(tenant, m.channel(), m.providerEventId());
        } catch (StoreException e) {
            // bounded: it ages out with the other contexts, and the sender keeps few unresolved ones
            LOG.warn("{} reply context of a refused message left to age out: {}", m.channel(), e.getMessage());
        }
    }

    private IdempotencyKey inboundKey(ChannelMessage m) {
        return IdempotencyKey.inbound(tenant, m.channel(), m.providerEventId());
    }

    private void append(ChannelEvent event, @Nullable IdempotencyKey claim) {
        eventLog.append(List.of(event), claim == null ? Map.of() : Map.of(claim, m(event)));
    }

    private static String m(ChannelEvent e) {
        return e.type();
    }

    private java.time.Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    /**
     * What one webhook request came to.
     *
     * @param response what to answer the provider
     * @param events the webhook events the request carried that the desk handles (message, postback, follow,
     *     unfollow), redeliveries included
     * @param stored the messages written (tickets opened or joined), in order
     * @param duplicates events ignored as redeliveries
     * @param invalid events left out because the desk refused their content
     * @param rejected whether the whole request was refused (signature, size, malformed)
     */
    public record Outcome(WebhookResponse response, int events, List<Received> stored, int duplicates, int invalid,
                          boolean rejected) {

        /**
         * Copies the list.
         *
         * @param response what to answer the provider
         * @param events the webhook events the request carried that the desk handles (message, postback, follow,
         *     unfollow), redeliveries included
         * @param stored the messages written (tickets opened or joined), in order
         * @param duplicates events ignored as redeliveries
         * @param invalid events left out because the desk refused their content
         * @param rejected whether the whole request was refused (signature, size, malformed)
         */
        public Outcome {
            requireNonNull(response, "response");
            stored = List.copyOf(stored);
        }

        static Outcome rejected(WebhookResponse response) {
            return new Outcome(response, 0, List.of(), 0, 0, true);
        }
    }

    /** Builds a gateway. Not thread-safe. */
    public static final class Builder {

        private final SupportDesk desk;
        private final EventLog eventLog;
        private final TenantId tenant;
        private final Map<String, ChannelAdapter> adapters = new LinkedHashMap<>();
        private @Nullable OutboxStore contexts;
        private WebhookLimits limits = WebhookLimits.DEFAULT;
        private @Nullable Clock clock;

        private Builder(SupportDesk desk, EventLog eventLog, TenantId tenant) {
            this.desk = requireNonNull(desk, "desk");
            this.eventLog = requireNonNull(eventLog, "eventLog");
            this.tenant = requireNonNull(tenant, "tenant");
        }

        /**
         * Registers an adapter under its channel's name.
         *
         * @param adapter the adapter
         * @return this builder
         * @throws ValidationException if an adapter for the channel is already registered
         */
        public Builder adapter(ChannelAdapter adapter) {
            String name = adapter.channel().name();
            if (adapters.putIfAbsent(name, adapter) != null) {
                throw ValidationException.of("adapter", "an adapter for channel '" + name + "' is already registered");
            }
            return this;
        }

        /**
         * Registers every adapter {@link ServiceLoader} finds for which the settings name a channel, unless one is
         * registered for it explicitly.
         *
         * @param settings settings by channel name and key ({@code settings.apply("line").apply("secret")}); a
         *     channel without settings (null) is skipped
         * @return this builder
         */
        public Builder discover(Function<String, @Nullable Function<String, @Nullable String>> settings) {
            for (ChannelAdapterProvider p : ServiceLoader.load(ChannelAdapterProvider.class)) {
                Function<String, @Nullable String> s = settings.apply(p.channel());
                if (s != null && !adapters.containsKey(p.channel())) {
                    adapters.put(p.channel(), p.create(s));
                }
            }
            return this;
        }

        /**
         * @param store where reply contexts (thread hints, reply tokens) are kept for the outbox, each before its
         *     message is committed
         * @return this builder
         */
        public Builder replyContexts(OutboxStore store) {
            this.contexts = requireNonNull(store, "store");
            return this;
        }

        /**
         * @param value the request bounds (default {@link WebhookLimits#DEFAULT})
         * @return this builder
         */
        public Builder limits(WebhookLimits value) {
            this.limits = requireNonNull(value, "limits");
            return this;
        }

        /**
         * @param value the clock for signature windows (default: the desk's)
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = requireNonNull(value, "clock");
            return this;
        }

        /** @return the gateway */
        public ChannelGateway build() {
            return new ChannelGateway(this);
        }
    }

    /**
     * @param c a channel
     * @return whether an adapter serves it
     */
    public boolean serves(Channel c) {
        return adapters.containsKey(c.name());
    }
}
