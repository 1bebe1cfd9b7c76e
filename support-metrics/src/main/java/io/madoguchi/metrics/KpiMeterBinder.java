package io.madoguchi.metrics;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.Principal;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.ticket.TicketStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer meters for the KPIs a {@link KpiEngine} counts, with Micrometer's naming conventions (dot-separated
 * lower-case names, base unit seconds; Prometheus shows {@code madoguchi_ticket_first_reply_seconds_count} and so
 * on). Tags are low-cardinality: {@code tenant} and {@code channel} (timers also {@code priority}); no customer,
 * ticket or agent ids. The tenant tag can be turned off for desks with many tenants: the meters (and the binder's
 * cache of their handles, bounded by {@value #MAX_CACHED_METERS} and {@link #MAX_CACHE_AGE} either way) are then one
 * per KPI, channel and priority.
 *
 * <ul>
 *   <li>timers {@code madoguchi.ticket.first.reply}, {@code madoguchi.ticket.next.reply},
 *       {@code madoguchi.ticket.resolution}, {@code madoguchi.ticket.requester.wait},
 *       {@code madoguchi.ticket.handle.time}</li>
 *   <li>counters {@code madoguchi.tickets} tagged {@code event=created|solved|reopened|complaint|churn_risk};
 *       {@code madoguchi.sla.cycles} tagged {@code outcome=met|breached};
 *       {@code madoguchi.bot.tickets} tagged {@code outcome=matched|deflected|contained|handed_over};
 *       {@code madoguchi.surveys} tagged {@code state=sent|answered}</li>
 *   <li>gauges {@code madoguchi.backlog} tagged {@code status} (from store counts, see {@link #backlog}) and
 *       {@code madoguchi.metrics.slices}; function counters {@code madoguchi.metrics.events} and
 *       {@code madoguchi.metrics.missed} (events the log dropped before a following engine read them, see
 *       {@link KpiEngine#missedEvents()}: above 0, a backfill from an export is due)</li>
 * </ul>
 *
 * Counters and timers count what the engine counts after {@link #bindTo} (a restart starts them again, which
 * Prometheus' {@code rate} handles); history comes from the engine's slices. Thread-safe.
 */
public final class KpiMeterBinder implements MeterBinder {

    /**
     * The most meter handles a bound binder caches (timers and counters each); when full, a cache is emptied and
     * refilled from the registry as measurements come.
     */
    static final int MAX_CACHED_METERS = 4_096;
    /** How long a cache of meter handles is kept before it is emptied and refilled (checked when a meter is missed). */
    static final Duration MAX_CACHE_AGE = Duration.ofHours(1);

    private final KpiEngine engine;
    private final boolean tenantTag;
    private final boolean percentileHistogram;
    private final List<BacklogSource> backlogs = new ArrayList<>();
    /** The meters of the last {@link #bindTo}, for tests. */
    private volatile @Nullable Meters bound;

    private record BacklogSource(Backlog backlog, Principal staff) {
    }

    /**
     * @param engine the engine whose measurements become meters
     */
    public KpiMeterBinder(KpiEngine engine) {
        this(engine, true, false);
    }

    private KpiMeterBinder(KpiEngine engine, boolean tenantTag, boolean percentileHistogram) {
        this.engine = requireNonNull(engine, "engine");
        this.tenantTag = tenantTag;
        this.percentileHistogram = percentileHistogram;
    }

    /**
     * @param value whether meters carry a {@code tenant} tag (default true)
     * @return a binder configured so
     */
    public KpiMeterBinder tenantTag(boolean value) {
        KpiMeterBinder b = new KpiMeterBinder(engine, value, percentileHistogram);
        b.backlogs.addAll(backlogs);
        return b;
    }

    /**
     * @param value whether the timers publish a percentile histogram (Prometheus {@code _bucket} series; default
     *     false, as it multiplies the series)
     * @return a binder configured so
     */
    public KpiMeterBinder percentileHistogram(boolean value) {
        KpiMeterBinder b = new KpiMeterBinder(engine, tenantTag, value);
        b.backlogs.addAll(backlogs);
        return b;
    }

    /**
     * Adds backlog gauges for one tenant: each scrape counts the tenant's open tickets per status in the store.
     *
     * @param backlog the store counts
     * @param staff a staff principal of the tenant
     * @return this
     */
    public KpiMeterBinder backlog(Backlog backlog, Principal staff) {
        if (!staff.isStaff()) {
            throw new IllegalArgumentException("backlog gauges need a staff principal");
        }
        backlogs.add(new BacklogSource(requireNonNull(backlog, "backlog"), staff));
        return this;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Meters meters = new Meters(registry);
        bound = meters;
        // a removed meter keeps counting but is never published again: forget its handle, so that the next
        // measurement registers (and publishes) it anew
        registry.config().onMeterRemoved(meters::removed);
        engine.addMeasurementListener(meters);
        FunctionCounter.builder("madoguchi.metrics.events", engine, KpiEngine::eventsCounted)
            .description("Events the KPI engine has counted").register(registry);
        Gauge.builder("madoguchi.metrics.slices", engine, KpiEngine::sliceCount)
            .description("KPI slices held in memory").register(registry);
        FunctionCounter.builder("madoguchi.metrics.missed", engine, KpiEngine::missedEvents)
            .description("Events the log dropped before the KPI engine, following it, read them").register(registry);
        for (BacklogSource src : backlogs) {
            for (TicketStatus s : Backlog.OPEN_STATUSES) {
                Tags t = Tags.of("status", s.name().toLowerCase(Locale.ROOT));
                if (tenantTag) {
                    t = t.and("tenant", src.staff().tenantId().value());
                }
                Gauge.builder("madoguchi.backlog", src, x -> x.backlog().count(x.staff(), s))
                    .description("Open tickets by status, counted by the store").baseUnit("tickets").tags(t)
                    .register(registry);
            }
        }
    }

    /** @return how many meter handles the last bound registry's caches hold */
    int cachedMeters() {
        Meters m = bound;
        return m == null ? 0 : m.timers.size() + m.counters.size();
    }

    /**
     * The listener that records the engine's measurements into one registry. Meter handles are cached by the tags
     * they carry (no tenant in the key when the tenant tag is off, so the caches do not grow with tenants), at most
     * {@link #MAX_CACHED_METERS} each and for at most {@link #MAX_CACHE_AGE}: a cache is only a shortcut, as
     * registering a meter that exists returns the registry's meter, so emptying it loses no count.
     */
    private final class Meters implements KpiEngine.MeasurementListener {
        private final MeterRegistry registry;
        final Map<String, Timer> timers = new ConcurrentHashMap<>();
        final Map<String, Counter> counters = new ConcurrentHashMap<>();
        private volatile long filledSince = System.nanoTime();

        Meters(MeterRegistry registry) {
            this.registry = registry;
        }

        @Override
        public void duration(TenantId tenant, String kpi, String channel, String priority, Duration value) {
            String key = tenantTag ? kpi + '\u0000' + tenant.value() + '\u0000' + channel + '\u0000' + priority
                : kpi + '\u0000' + channel + '\u0000' + priority;
            Timer timer = timers.get(key);
            if (timer == null) {
                Timer.Builder b = Timer.builder("madoguchi.ticket." + kpi.replace('_', '.'))
                    .description(describe(kpi))
                    .tags(tags(tenant, channel).and("priority", orNone(priority)));
                if (percentileHistogram) {
                    b.publishPercentileHistogram().maximumExpectedValue(Duration.ofDays(60));
                }
                timer = b.register(registry);
                trim(timers);
                timers.put(key, timer);
            }
            timer.record(value);
        }

        @Override
        public void count(TenantId tenant, String kpi, String channel) {
            String key = tenantTag ? kpi + '\u0000' + tenant.value() + '\u0000' + channel : kpi + '\u0000' + channel;
            Counter counter = counters.get(key);
            if (counter == null) {
                counter = counter(registry, kpi, tags(tenant, channel));
                trim(counters);
                counters.put(key, counter);
            }
            counter.increment();
        }

        /** Empties both caches when {@code cache} is full or they are older than {@link #MAX_CACHE_AGE}. */
        private void trim(Map<String, ?> cache) {
            long now = System.nanoTime();
            if (now - filledSince > MAX_CACHE_AGE.toNanos()) {
                filledSince = now;
                timers.clear();
                counters.clear();
            } else if (cache.size() >= MAX_CACHED_METERS) {
                cache.clear();
            }
        }

        void removed(Meter meter) {
            timers.values().remove(meter);
            counters.values().remove(meter);
        }
    }

    private Tags tags(TenantId tenant, String channel) {
        Tags t = Tags.of("channel", orNone(channel));
        return tenantTag ? t.and("tenant", tenant.value()) : t;
    }

    private static String orNone(@Nullable String v) {
        return v == null || v.isEmpty() ? "none" : v;
    }

    private static Counter counter(MeterRegistry registry, String kpi, Tags tags) {
        String name;
        Tags t = tags;
        switch (kpi) {
            case "sla_met", "sla_breached" -> {
                name = "madoguchi.sla.cycles";
                t = t.and("outcome", kpi.equals("sla_met") ? "met" : "breached");
            }
            case "bot_matched", "deflected", "contained", "handed_over" -> {
                name = "madoguchi.bot.tickets";
                t = t.and("outcome", kpi.equals("bot_matched") ? "matched" : kpi);
            }
            case "survey_sent", "survey_answered" -> {
                name = "madoguchi.surveys";
                t = t.and("state", kpi.equals("survey_sent") ? "sent" : "answered");
            }
            default -> {
                // "created" cannot end a Prometheus counter's name (OpenMetrics reserves _created): a tag instead
                name = "madoguchi.tickets";
                t = t.and("event", kpi);
            }
        }
        return Counter.builder(name).tags(t).register(registry);
    }

    private static String describe(String kpi) {
        return switch (kpi) {
            case "first_reply" -> "Ticket creation to the first public agent reply";
            case "next_reply" -> "Oldest unanswered customer message to the next public agent reply";
            case "resolution" -> "Ticket creation to the first solve";
            case "handle_time" -> "An agent's first action in a work session on a ticket to their public reply";
            default -> "Resolution time less the time pending on the customer";
        };
    }
}
