package io.madoguchi.metrics;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.Principal;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.bot.BotDeflected;
import io.madoguchi.core.bot.BotHandedOver;
import io.madoguchi.core.bot.BotNoVerdict;
import io.madoguchi.core.bot.FaqMatched;
import io.madoguchi.core.calendar.BusinessCalendar;
import io.madoguchi.core.event.Assigned;
import io.madoguchi.core.event.ComplaintChanged;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.EventSubscriber;
import io.madoguchi.core.event.MessageAdded;
import io.madoguchi.core.event.StatusChanged;
import io.madoguchi.core.event.SupportEvent;
import io.madoguchi.core.event.TagsChanged;
import io.madoguchi.core.event.TicketCreated;
import io.madoguchi.core.event.TicketEvent;
import io.madoguchi.core.event.TicketMerged;
import io.madoguchi.core.feedback.Answer;
import io.madoguchi.core.feedback.ComplaintDetected;
import io.madoguchi.core.feedback.Granularity;
import io.madoguchi.core.feedback.Question;
import io.madoguchi.core.feedback.ResponseRecorded;
import io.madoguchi.core.feedback.SurveyInvitationAnswered;
import io.madoguchi.core.feedback.SurveyInvitationSent;
import io.madoguchi.core.feedback.SurveyResponse;
import io.madoguchi.core.sla.SlaCycle;
import io.madoguchi.core.sla.SlaEvent;
import io.madoguchi.core.store.EventLog;
import io.madoguchi.core.ticket.AuthorKind;
import io.madoguchi.core.ticket.Priority;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.ticket.Visibility;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Folds the desk's event log into KPI slices by tenant × period (day, week and month in the tenant's time zone) ×
 * dimension (all, channel, priority, group, and agent when enabled). Register it as a subscriber
 * ({@code desk.subscribe(engine)} or {@code SupportDesk.builder().subscriber(engine)}): the desk keeps its checkpoint
 * under {@link #name()}, and the engine also remembers the positions it has counted, so a redelivered event is
 * counted once while an event delivered after later ones (a parked event that an admin redelivers) is counted. To
 * rebuild history (a new dashboard, a restart with an empty engine), {@link #backfill(EventLog)} or
 * {@link #backfill(Iterable)} an exported file into a fresh engine: the result equals live counting. A backfill after
 * the desk has already delivered later events to the engine counts the history before them once; only a ticket whose
 * events were delivered live before the backfill reached its creation misses the measurements that needed its earlier
 * events, so backfill before the desk delivers where you can. The positions are remembered as ranges: one while events
 * come in order, one more per gap, at most {@value #MAX_POSITION_GAPS} gaps (beyond, the oldest is forgotten and
 * counted in {@link #forgottenPositionGaps()}; see {@link #positionGaps()}).
 *
 * <p>With several host instances on one store, a subscriber's checkpoint is shared: each event is delivered by one
 * instance, so an engine subscribed on each instance would count only that instance's share. There, let each
 * instance's engine read the whole log itself: {@code engine.backfill(store.eventLog())}, then
 * {@code desk.follow(engine, engine.lastPosition())} ({@code SupportDesk.follow}: no checkpoint, the position in
 * memory), instead of subscribing it.
 *
 * <p>Only one granularity is counted into: days, or the one granularity configured when there is only one. Weeks
 * and months are merged from their days when read (counts summed, histograms added, so the numbers are those of
 * counting weeks and months directly); a measurement goes into at most five slices instead of fifteen.
 *
 * <p>Memory is bounded by the number of slices counted into ({@link Builder#maxSlices}, oldest periods dropped first,
 * and slices older than {@link Builder#sliceRetention} behind the newest event dropped; a week or month whose first
 * days were dropped is read from the days that are left) and of open tickets followed
 * ({@link Builder#maxTickets} and {@link Builder#ticketRetention}), never by the number of events. Time comes from the
 * events only: the engine's time ({@link #newestEvent()}) is the newest event's time, but one event moves it forward by
 * at most {@link Builder#maxTimeLeap} (one day by default), so an event dated far ahead (a host with a wrong clock, a
 * bad line in an exported file) cannot age out every slice and ticket at once; see {@link #eventsAhead()}.
 * Thread-safe: one lock guards the state.
 *
 * <p>Backlog levels are not kept here: they are store counts, see {@link Backlog}.
 */
public final class KpiEngine implements EventSubscriber {

    /**
     * The most gaps between counted log positions the engine remembers: an event in a remembered gap is counted when
     * it comes; beyond the bound the oldest gap is forgotten, and an event in it would be skipped as counted.
     */
    public static final int MAX_POSITION_GAPS = 1024;

    /** Tags (and complaint cues) that mark a ticket as a churn risk unless the builder sets others. */
    public static final Set<String> DEFAULT_CHURN_SIGNALS = Set.of("解約", "退会", "churn", "cancel");

    private static final int REPLIES = Slice.REPLIES;
    private static final int SOLVED = Slice.SOLVED;
    private static final int ASSIGNED = Slice.ASSIGNED;
    /** Agents whose work sessions a ticket remembers at once; beyond it the longest idle is forgotten. */
    private static final int MAX_SESSIONS = 4;
    /** Bound of the cache of each tenant's latest periods (it is cleared when full). */
    private static final int MAX_RECENT_TENANTS = 10_000;
    private static final int RECENT_PERIODS = 4;
    /** Each priority's name in slices and meters, lower-case, by ordinal (lower-casing per event allocated). */
    private static final List<String> PRIORITIES =
        Arrays.stream(Priority.values()).map(p -> p.name().toLowerCase(Locale.ROOT)).toList();
    private static final Dims NO_DIMS = new Dims("", "", null, null);
    private static final long SECONDS_PER_DAY = 86_400;

    private final String name;
    private final Function<TenantId, ZoneId> zones;
    private final @Nullable Function<TenantId, @Nullable BusinessCalendar> calendars;
    private final boolean byAgent;
    private final EnumSet<Granularity> granularities;
    /** The granularity counted into: {@link Granularity#DAY}, or the only one configured. */
    private final Granularity base;
    private final int maxSlices;
    private final Duration sliceRetention;
    private final int maxTickets;
    private final Duration ticketRetention;
    /** {@link Builder#maxTimeLeap} in seconds. */
    private final long maxLeapSeconds;
    private final Duration sessionGap;
    private final QuestionCatalog questions;
    private final Set<String> churnSignals;
    private final @Nullable LocalDate windowFrom;
    private final @Nullable LocalDate windowTo;
    private final List<MeasurementListener> listeners = new CopyOnWriteArrayList<>();

    private final Object lock = new Object();
    /**
     * The slices counted into, by tenant and period: each row holds its period's slices by dimension and value, so a
     * new slice is made without building and hashing a {@link SliceKey} in a map of every slice (that lookup and
     * insertion were a fifth of the ingestion time in a workload that makes a slice every four events).
     */
    private final Map<RowKey, PeriodSlices> rows = new HashMap<>();
    /** How many slices the rows hold. */
    private int sliceCount;
    /**
     * The slices by the end of their period, oldest first and in the order made: the daily sweep and the eviction
     * read only the slices they drop (walking every slice each day made ingestion 50 times slower than a plain count).
     */
    private final java.util.TreeMap<LocalDate, List<Held>> byEnd = new java.util.TreeMap<>();
    /**
     * Each tenant's latest {@value #RECENT_PERIODS} periods' slices (the slot of the oldest made is reused), at most
     * {@link #MAX_RECENT_TENANTS} tenants. More than one, as a ticket's measurements often fall on the day after its
     * creation while other tickets are still created on the day before: with one, the cache missed and the slices were
     * looked up by {@link SliceKey} (40 % of the ingestion time).
     */
    private final Map<TenantId, PeriodSlices[]> recent = new HashMap<>();
    private final LinkedHashMap<TicketId, TicketState> tickets = new LinkedHashMap<>(1024, 0.75f, true);
    /** The ticket last looked up and its state: it is the map's most recently used entry while set. */
    private @Nullable TicketId lastTicketId;
    private @Nullable TicketState lastTicket;
    /** The slices one measurement goes into ({@link #into}): all, channel, priority, group, agent. */
    private final Slice[] hits = new Slice[Dimension.values().length];
    /**
     * The row and dimensions {@link #hits} was last filled for, and how many slices it holds: the next measurement of
     * the same ticket on the same day takes them as they are (a ticket's events come together: in a desk a commit's
     * events do), instead of looking up to five slices again.
     */
    private @Nullable PeriodSlices lastRow;
    private @Nullable Dims lastDims;
    private int lastHits;
    private long periodsMade;
    /** The log positions counted. */
    private final CountedPositions counted = new CountedPositions(MAX_POSITION_GAPS);
    private Instant newest = Instant.EPOCH;
    /** The UTC day (days since the epoch) of the last sweep. */
    private long lastSweepDay = Long.MIN_VALUE;
    private long events;
    private long droppedSlices;
    private long droppedTickets;
    private long eventsAhead;
    private long missedEvents;

    private KpiEngine(Builder b) {
        this.name = b.name;
        this.zones = b.zones;
        this.calendars = b.calendars;
        this.byAgent = b.byAgent;
        this.granularities = EnumSet.copyOf(b.granularities);
        this.base = granularities.size() == 1 ? granularities.iterator().next() : Granularity.DAY;
        this.maxSlices = b.maxSlices;
        this.sliceRetention = b.sliceRetention;
        this.maxTickets = b.maxTickets;
        this.ticketRetention = b.ticketRetention;
        this.maxLeapSeconds = b.maxTimeLeap.toSeconds();
        this.sessionGap = b.sessionGap;
        this.questions = b.questions;
        this.churnSignals = Set.copyOf(b.churnSignals);
        this.windowFrom = b.windowFrom;
        this.windowTo = b.windowTo;
    }

    /** @return a builder with the defaults: UTC for every tenant, no business calendar, no agent slices */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * Counts one event; an event at a position already counted is skipped (redelivery).
     *
     * @param envelope the event and its position
     */
    @Override
    public void handle(EventEnvelope envelope) {
        synchronized (lock) {
            if (!counted.add(envelope.position())) {
                return;
            }
            events++;
            SupportEvent e = envelope.event();
            Instant at = e.occurredAt();
            if (at.isAfter(newest)) {
                advance(at);
            }
            fold(e, at);
        }
    }

    /**
     * Counts every event of a log, from its oldest retained event to its head.
     *
     * @param log the log
     * @return how many events were read
     */
    public long backfill(EventLog log) {
        return count(log, null);
    }

    /**
     * Counts one tenant's events of a log, from its oldest retained event to its head, for an engine that shows one
     * tenant's own figures: the other tenants' events are read and passed over, so the engine holds nothing of them.
     *
     * @param log the log
     * @param tenant the tenant whose events are counted
     * @return how many of the tenant's events were counted
     */
    public long backfill(EventLog log, TenantId tenant) {
        return count(log, requireNonNull(tenant, "tenant"));
    }

    /** Counts the log's events from its oldest retained one to its head: all, or only those of {@code only}. */
    private long count(EventLog log, @Nullable TenantId only) {
        long counted = 0;
        long after = Math.max(0, log.oldest() - 1);
        long head = log.head();
        while (after < head) {
            List<EventEnvelope> batch = log.read(after, 1000);
            if (batch.isEmpty()) {
                break;
            }
            for (EventEnvelope e : batch) {
                if (only == null || e.event().tenantId().equals(only)) {
                    handle(e);
                    counted++;
                }
                after = e.position();
            }
        }
        return counted;
    }

    /**
     * Records that the log dropped events before this engine read them: it follows the log
     * ({@code SupportDesk.follow}) and fell further behind than the store keeps consumed events, or was started after
     * a position the log no longer retained. Its figures lack those events ({@link #missedEvents()}). They are not
     * taken as counted: a backfill of an exported file that holds them still counts them.
     *
     * @param afterPosition the position the engine had read to
     * @param nextPosition the oldest position the log still retained after it
     */
    @Override
    public void missed(long afterPosition, long nextPosition) {
        synchronized (lock) {
            missedEvents += Math.max(0, nextPosition - afterPosition - 1);
        }
    }

    /**
     * @return how many events the desk said the log dropped before this engine, following it, read them
     *     ({@link #missed}): 0 while it keeps up; more means its figures lack that many events (and
     *     {@link #positionGaps()} shows where), until a backfill of an export that holds them
     */
    public long missedEvents() {
        synchronized (lock) {
            return missedEvents;
        }
    }

    /**
     * Counts events read elsewhere, for example from an exported file ({@code EventJson.readAll}).
     *
     * @param envelopes events in log order
     * @return how many were given
     */
    public long backfill(Iterable<EventEnvelope> envelopes) {
        long read = 0;
        for (EventEnvelope e : envelopes) {
            handle(e);
            read++;
        }
        return read;
    }

    /**
     * Listens to each duration measured and each count taken, as it is counted (the Micrometer binder uses this).
     * A listener must be fast and must not throw.
     *
     * @param listener the listener
     */
    public void addMeasurementListener(MeasurementListener listener) {
        listeners.add(requireNonNull(listener, "listener"));
    }

    /** Receives measurements as the engine counts them. */
    public interface MeasurementListener {
        /**
         * @param tenant the tenant
         * @param kpi the KPI's name: {@code first_reply}, {@code next_reply}, {@code resolution},
         *     {@code requester_wait}, {@code handle_time}
         * @param channel the ticket's channel
         * @param priority the ticket's priority, lower-case
         * @param value the duration
         */
        void duration(TenantId tenant, String kpi, String channel, String priority, Duration value);

        /**
         * @param tenant the tenant
         * @param kpi what was counted: {@code created}, {@code solved}, {@code reopened}, {@code sla_met},
         *     {@code sla_breached}, {@code deflected}, {@code contained}, {@code handed_over}, {@code bot_matched},
         *     {@code survey_sent}, {@code survey_answered}, {@code complaint}, {@code churn_risk}
         * @param channel the ticket's channel, or {@code ""} when unknown
         */
        void count(TenantId tenant, String kpi, String channel);
    }

    // ------------------------------------------------------------------ reading

    /**
     * @return the keys of the slices that can be read now, in no particular order: those counted into, and the weeks
     *     and months (when configured) that have at least one of them
     */
    public List<SliceKey> slices() {
        synchronized (lock) {
            List<SliceKey> held = keys();
            java.util.Set<SliceKey> out = new java.util.HashSet<>(held);
            for (Granularity g : granularities) {
                if (g != base) {
                    for (SliceKey k : held) {
                        out.add(new SliceKey(k.tenant(), g, g.periodStart(k.periodStart()), k.dimension(), k.value()));
                    }
                }
            }
            return List.copyOf(out);
        }
    }

    /**
     * @param key a slice; a week or month is merged from its days
     * @return its KPIs, or empty KPIs if nothing was counted in it (or its granularity is not configured)
     */
    public Kpis kpis(SliceKey key) {
        synchronized (lock) {
            Granularity g = key.granularity();
            if (g == base) {
                Slice s = held(key.tenant(), key.periodStart(), key.dimension(), key.value());
                return (s == null ? new Slice() : s).kpis(business(key.tenant()));
            }
            Slice sum = new Slice();
            if (derived(g)) {
                for (LocalDate d = key.periodStart(); d.isBefore(key.periodEnd()); d = d.plusDays(1)) {
                    Slice s = held(key.tenant(), d, key.dimension(), key.value());
                    if (s != null) {
                        sum.add(s);
                    }
                }
            }
            return sum.kpis(business(key.tenant()));
        }
    }

    /** @return the keys of the slices counted into */
    private List<SliceKey> keys() {
        List<SliceKey> out = new ArrayList<>(sliceCount);
        for (PeriodSlices r : rows.values()) {
            r.forEach(h -> out.add(new SliceKey(r.tenant, base, r.start, h.dimension, h.value)));
        }
        return out;
    }

    /** @return the slice counted into for that tenant, period start, dimension and value, or null */
    private @Nullable Slice held(TenantId tenant, LocalDate start, Dimension dimension, String value) {
        PeriodSlices r = rows.get(new RowKey(tenant, start));
        Held h = r == null ? null : r.get(dimension, value);
        return h == null ? null : h.slice;
    }

    /** @return whether {@code g} is configured and read by merging the slices counted into */
    private boolean derived(Granularity g) {
        return g != base && base == Granularity.DAY && granularities.contains(g);
    }

    /**
     * The KPIs of a date range: the slices of one granularity, dimension and value whose periods start within
     * {@code [from, to]}, merged (percentiles over all their measurements). Weeks and months are merged from their
     * days.
     *
     * @param tenant the tenant; null for all tenants
     * @param granularity the slices to merge
     * @param from the first period start, inclusive
     * @param to the last period start, inclusive
     * @param dimension the dimension
     * @param value its value ({@code ""} for {@link Dimension#ALL})
     * @return the merged KPIs; empty ones when no slice matched
     */
    public Kpis kpis(@Nullable TenantId tenant, Granularity granularity, LocalDate from, LocalDate to,
                     Dimension dimension, String value) {
        synchronized (lock) {
            Slice sum = new Slice();
            if (from.isAfter(to) || (granularity != base && !derived(granularity))) {
                return sum.kpis(tenant == null ? calendars != null : business(tenant));
            }
            // only the slices whose period ends within a month after the range can start in it
            LocalDate lo = from.equals(LocalDate.MAX) ? from : from.plusDays(1);
            LocalDate hi = to.isAfter(LocalDate.MAX.minusMonths(2)) ? LocalDate.MAX : to.plusMonths(1).plusDays(1);
            for (List<Held> held : byEnd.subMap(lo, true, hi, true).values()) {
                for (Held h : held) {
                    LocalDate start = granularity == base ? h.row.start : granularity.periodStart(h.row.start);
                    if ((tenant == null || h.row.tenant.equals(tenant)) && h.dimension == dimension
                        && h.value.equals(value) && !start.isBefore(from) && !start.isAfter(to) && !h.slice.dropped) {
                        sum.add(h.slice);
                    }
                }
            }
            return sum.kpis(tenant == null ? calendars != null : business(tenant));
        }
    }

    /**
     * @param granularity the slices to look at
     * @param dimension a dimension
     * @return the values of that dimension that have a slice, sorted
     */
    public List<String> values(Granularity granularity, Dimension dimension) {
        synchronized (lock) {
            if (granularity != base && !derived(granularity)) {
                return List.of();
            }
            return rows.values().stream().flatMap(r -> r.values(dimension)).distinct().sorted().toList();
        }
    }

    /**
     * @param granularity a period length
     * @return the starts of the periods that have a slice, sorted
     */
    public List<LocalDate> periods(Granularity granularity) {
        return periods(null, granularity);
    }

    /**
     * @param tenant a tenant, or null for every tenant
     * @param granularity a period length
     * @return the starts of the periods in which the tenant (or any tenant) has a slice, sorted
     */
    public List<LocalDate> periods(@Nullable TenantId tenant, Granularity granularity) {
        synchronized (lock) {
            if (granularity != base && !derived(granularity)) {
                return List.of();
            }
            return rows.values().stream().filter(r -> tenant == null || r.tenant.equals(tenant))
                .map(r -> granularity.periodStart(r.start)).distinct().sorted().toList();
        }
    }

    /** @return the tenants with at least one slice, sorted */
    public List<TenantId> tenants() {
        synchronized (lock) {
            return rows.values().stream().map(r -> r.tenant).distinct()
                .sorted(Comparator.comparing(TenantId::value)).toList();
        }
    }

    /**
     * @param tenant a tenant
     * @return its time zone, in which periods start at local midnight
     */
    public ZoneId zone(TenantId tenant) {
        return zones.apply(tenant);
    }

    /**
     * The open backlog by age as the log tells it, for when no store can be asked ({@link Backlog#byAge} counts from
     * the store and is the authority): tickets created, not solved, closed or merged, by time from creation to the
     * newest event counted. Only tickets the engine still follows are counted, so a ticket without events for longer
     * than {@link Builder#ticketRetention} (or pushed out by {@link Builder#maxTickets}) is missing.
     *
     * @param tenant the tenant; null for all tenants
     * @return counts per age bucket with the keys of {@link Backlog#byAge}, youngest first
     */
    public Map<String, Long> backlogByAge(@Nullable TenantId tenant) {
        synchronized (lock) {
            long[] counts = new long[Backlog.AGE_BOUNDS.size() + 1];
            for (TicketState st : tickets.values()) {
                if (st.open && (tenant == null || st.tenant.equals(tenant))) {
                    Duration age = Duration.between(st.createdAt, newest);
                    int bucket = 0;
                    while (bucket < Backlog.AGE_BOUNDS.size() && age.compareTo(Backlog.AGE_BOUNDS.get(bucket)) >= 0) {
                        bucket++;
                    }
                    counts[bucket]++;
                }
            }
            Map<String, Long> out = new LinkedHashMap<>();
            for (int i = 0; i < counts.length; i++) {
                out.put(Backlog.AGE_KEYS.get(i), counts[i]);
            }
            return out;
        }
    }

    /**
     * Each agent's open tickets now, as the log tells it: tickets assigned to the agent and not solved, closed or
     * merged, among the tickets the engine still follows (see {@link #backlogByAge}).
     *
     * @param tenant the tenant; null for all tenants
     * @return open tickets per assignee id, sorted by id
     */
    public Map<String, Long> openByAssignee(@Nullable TenantId tenant) {
        synchronized (lock) {
            Map<String, Long> out = new java.util.TreeMap<>();
            for (TicketState st : tickets.values()) {
                if (st.open && st.assignee != null && (tenant == null || st.tenant.equals(tenant))) {
                    out.merge(st.assignee, 1L, Long::sum);
                }
            }
            return out;
        }
    }

    /** @return the time of the newest event counted ({@link Instant#EPOCH} before any) */
    public Instant newestEvent() {
        synchronized (lock) {
            return newest;
        }
    }

    /** @return the highest position of an event counted (0 before any) */
    public long lastPosition() {
        synchronized (lock) {
            return counted.highest();
        }
    }

    /**
     * @return the gaps between counted log positions remembered now, at most {@value #MAX_POSITION_GAPS}: 0 while the
     *     desk delivers in order; a parked event not yet redelivered, or a backfill still behind live counting, is one
     */
    public int positionGaps() {
        synchronized (lock) {
            return counted.gaps();
        }
    }

    /**
     * @return how many gaps between counted positions were forgotten at the bound of {@value #MAX_POSITION_GAPS}: an
     *     event later delivered in one of them was skipped as already counted
     */
    public long forgottenPositionGaps() {
        synchronized (lock) {
            return counted.forgotten();
        }
    }

    /** @return how many events were counted */
    public long eventsCounted() {
        synchronized (lock) {
            return events;
        }
    }

    /** @return how many slices are held now (those counted into: weeks and months are merged when read) */
    public int sliceCount() {
        synchronized (lock) {
            return sliceCount;
        }
    }

    /** @return how many tickets are followed now */
    public int ticketCount() {
        synchronized (lock) {
            return tickets.size();
        }
    }

    /** @return how many slices were dropped by the size cap or the retention */
    public long droppedSlices() {
        synchronized (lock) {
            return droppedSlices;
        }
    }

    /** @return how many followed tickets were dropped by the size cap or the retention */
    public long droppedTickets() {
        synchronized (lock) {
            return droppedTickets;
        }
    }

    /**
     * @return how many events were dated more than {@link Builder#maxTimeLeap} ahead of the engine's time: they were
     *     counted on their own dates, but moved the engine's time (which ages out slices and tickets) by one leap only.
     *     A few after a quiet spell in the log are the time catching up; a steady rise means a source whose clock is
     *     ahead.
     */
    public long eventsAhead() {
        synchronized (lock) {
            return eventsAhead;
        }
    }

    // ------------------------------------------------------------------ folding

    /** What the engine remembers of a ticket between its events. */
    private static final class TicketState {
        final TenantId tenant;
        final Instant createdAt;
        /** Whether the agent is a dimension: if not, {@link #dims} leaves it out and can hand out the same Dims. */
        final boolean byAgent;
        /** The last dims handed out, reused while the ticket's dimensions stay the same. */
        @Nullable Dims dims;
        /** The dims the ticket was counted as created with: a complaint counts in the same slices. */
        Dims createdDims = NO_DIMS;
        String channel = "";
        String priority = "";
        @Nullable String group;
        @Nullable String assignee;
        boolean customerOpened;
        @Nullable Instant firstReplyAt;
        @Nullable Instant awaitingSince;
        int agentReplies;
        @Nullable Instant firstSolvedAt;
        @Nullable Dims solvedDims;
        boolean fcr;
        boolean reopened;
        boolean merged;
        /** Not solved, closed or merged: part of the backlog. */
        boolean open = true;
        boolean complaint;
        boolean churn;
        boolean botSeen;
        @Nullable Instant pendingSince;
        Duration pending = Duration.ZERO;
        String policy = "";
        Instant touched;
        /** The open work sessions of agents on this ticket, at most {@link #MAX_SESSIONS}. */
        @Nullable List<Session> sessions;

        TicketState(TenantId tenant, Instant createdAt, boolean byAgent) {
            this.tenant = tenant;
            this.createdAt = createdAt;
            this.touched = createdAt;
            this.byAgent = byAgent;
        }

        /**
         * @param agent the acting agent, or null for the assignee
         * @return the ticket's dimensions now (the agent only when agents are a dimension)
         */
        Dims dims(@Nullable String agent) {
            String a = !byAgent ? null : agent != null ? agent : assignee;
            Dims d = dims;
            if (d == null || !d.channel().equals(channel) || !d.priority().equals(priority)
                || !Objects.equals(d.group(), group) || !Objects.equals(d.agent(), a)) {
                d = new Dims(channel, priority, group, a);
                dims = d;
            }
            return d;
        }
    }

    /** One agent's work session on a ticket: its first and its latest action. */
    private static final class Session {
        final String agent;
        Instant start;
        Instant last;

        Session(String agent, Instant at) {
            this.agent = agent;
            this.start = at;
            this.last = at;
        }
    }

    private record Dims(String channel, String priority, @Nullable String group, @Nullable String agent) {
    }

    private void fold(SupportEvent e, Instant at) {
        if (e instanceof TicketEvent te) {
            foldTicket(te, at);
        } else if (e instanceof SlaEvent s) {
            TicketState st = ticket(s.tenant(), s.ticket());
            if (s instanceof SlaEvent.PolicyApplied p) {
                if (st != null) {
                    st.policy = p.policy();
                }
            } else if (s instanceof SlaEvent.CycleStopped c && c.reason() != SlaCycle.StopReason.MERGED) {
                String policy = st == null ? "" : st.policy;
                Dims d = st == null ? NO_DIMS : st.dims(null);
                boolean breached = c.breached();
                for (int i = 0, n = into(s.tenant(), at, d); i < n; i++) {
                    hits[i].sla(c.metric(), policy, breached);
                }
                count(s.tenant(), breached ? "sla_breached" : "sla_met", d.channel());
            }
        } else if (e instanceof ResponseRecorded r) {
            SurveyResponse resp = r.response();
            Dims d = new Dims(resp.channel().name(), ticketPriority(resp.tenant(), resp.ticket()),
                resp.group() == null ? null : resp.group().value(), resp.agent() == null ? null : resp.agent().value());
            List<Object[]> scored = new ArrayList<>();
            for (Answer a : resp.answers()) {
                Integer score = a.score();
                Question q = score == null ? null : question(r, resp.surveyId(), a.questionId());
                if (q != null && score != null && q.takes(score)) {
                    scored.add(new Object[] {q, score});
                }
            }
            Set<String> themes = resp.analysis() == null ? Set.of() : resp.analysis().themes();
            if (!scored.isEmpty() || !themes.isEmpty()) {
                measure(resp.tenant(), resp.answeredAt(), d, x -> {
                    for (Object[] qs : scored) {
                        Question q = (Question) qs[0];
                        x.score(q.kind(), (Integer) qs[1], q.max());
                    }
                    for (String theme : themes) {
                        x.theme(theme);
                    }
                });
            }
        } else if (e instanceof SurveyInvitationSent s) {
            Dims d = dimsOf(s.tenantId(), s.ticketId(), s.channel().name());
            for (int i = 0, n = into(s.tenantId(), at, d); i < n; i++) {
                hits[i].surveysSent++;
            }
            count(s.tenantId(), "survey_sent", s.channel().name());
        } else if (e instanceof SurveyInvitationAnswered s) {
            measure(s.tenantId(), at, dimsOf(s.tenantId(), s.ticketId(), s.channel().name()), x -> x.surveysAnswered++);
            count(s.tenantId(), "survey_answered", s.channel().name());
        } else if (e instanceof ComplaintDetected c) {
            TicketState st = c.ticket() == null ? null : ticket(c.tenant(), c.ticket());
            Dims d = st == null ? NO_DIMS : st.dims(null);
            measure(c.tenant(), at, d, x -> x.complaintSignals++);
            if (st != null && c.signal().cues().stream().anyMatch(churnSignals::contains)) {
                churn(st, at);
            }
        } else if (e instanceof FaqMatched m) {
            TicketState st = ticket(m.tenantId(), m.ticket());
            if (st != null && !st.botSeen) {
                st.botSeen = true;
                measure(m.tenantId(), at, st.dims(null), x -> x.botSeen++);
                count(m.tenantId(), "bot_matched", st.channel);
            }
        } else if (e instanceof BotDeflected b) {
            botOutcome(b.tenantId(), b.ticket(), at, x -> x.deflected++, "deflected");
        } else if (e instanceof BotNoVerdict b) {
            botOutcome(b.tenantId(), b.ticket(), at, x -> x.noVerdict++, "contained");
        } else if (e instanceof BotHandedOver b) {
            botOutcome(b.tenantId(), b.ticket(), at, x -> x.handedOver++, "handed_over");
        }
    }

    /**
     * The question an answer scores: as the event carries it (the survey's definition when it was answered), else
     * from the catalog (events recorded without their questions).
     */
    private @Nullable Question question(ResponseRecorded r, String surveyId, String questionId) {
        Optional<Question> carried = r.question(questionId);
        return carried.isPresent() ? carried.get() : questions.question(surveyId, questionId);
    }

    private void botOutcome(TenantId tenant, TicketId ticket, Instant at, Consumer<Slice> f, String kpi) {
        TicketState st = ticket(tenant, ticket);
        Dims d = st == null ? NO_DIMS : st.dims(null);
        measure(tenant, at, d, f);
        count(tenant, kpi, d.channel());
    }

    private Dims dimsOf(TenantId tenant, @Nullable TicketId ticket, String channel) {
        TicketState st = ticket == null ? null : ticket(tenant, ticket);
        return st == null ? new Dims(channel, "", null, null) : st.dims(null);
    }

    private String ticketPriority(TenantId tenant, @Nullable TicketId ticket) {
        TicketState st = ticket == null ? null : ticket(tenant, ticket);
        return st == null ? "" : st.priority;
    }

    private void foldTicket(TicketEvent e, Instant at) {
        Ticket t = e.ticket();
        TicketState st = ticket(t.tenantId(), t.id());
        if (e instanceof TicketCreated c) {
            st = new TicketState(t.tenantId(), t.createdAt(), byAgent);
            st.customerOpened = c.firstMessage().authorKind() == AuthorKind.CUSTOMER;
            tickets.put(t.id(), st);
            // the new entry is the most recently used one, as the cache requires
            lastTicketId = t.id();
            lastTicket = st;
            trimTickets();
            update(st, t, at);
            st.createdDims = st.dims(null);
            for (int i = 0, n = into(t.tenantId(), t.createdAt(), st.createdDims); i < n; i++) {
                hits[i].created++;
                hits[i].channel(st.channel);
            }
            count(t.tenantId(), "created", st.channel);
            String creator = agent(c.principal());
            if (creator != null) {
                touch(st, creator, at, false);
            }
            if (t.complaint()) {
                complaint(st);
            }
            if (!t.tags().isEmpty() && t.tags().stream().anyMatch(churnSignals::contains)) {
                churn(st, at);
            }
            return;
        }
        if (st == null) {
            return; // created before the engine's history (or aged out): nothing to measure against
        }
        update(st, t, at);
        String actor = agent(e.principal());
        boolean publicReply = e instanceof MessageAdded pm && pm.visibility() == Visibility.PUBLIC
            && pm.authorKind() == AuthorKind.AGENT;
        if (actor != null) {
            Duration handle = touch(st, actor, at, publicReply);
            if (handle != null) {
                Dims d = st.dims(actor);
                long seconds = handle.getSeconds();
                for (int i = 0, n = into(st.tenant, at, d); i < n; i++) {
                    hits[i].record(Slice.HANDLE, seconds);
                    if (byAgent) {
                        hits[i].work(actor, Slice.HANDLE_SECONDS, seconds);
                    }
                }
                emit(st.tenant, "handle_time", d, handle);
            }
        }
        if (e instanceof MessageAdded m) {
            if (m.visibility() != Visibility.PUBLIC) {
                if (byAgent && actor != null && m.authorKind() == AuthorKind.AGENT) {
                    measure(st.tenant, at, st.dims(actor), x -> x.work(actor, Slice.NOTES));
                }
                return;
            }
            if (m.authorKind() == AuthorKind.AGENT) {
                String agent = actor;
                Dims d = st.dims(agent);
                if (st.firstReplyAt == null) {
                    st.firstReplyAt = at;
                    if (st.customerOpened) {
                        durations(st, d, at, Slice.FIRST_REPLY, Slice.FIRST_REPLY_BUSINESS, st.createdAt,
                            "first_reply");
                    }
                } else if (st.awaitingSince != null) {
                    durations(st, d, at, Slice.NEXT_REPLY, Slice.NEXT_REPLY_BUSINESS, st.awaitingSince, "next_reply");
                    st.awaitingSince = null;
                }
                if (st.firstSolvedAt == null) {
                    st.agentReplies++;
                }
                if (byAgent && agent != null) {
                    measure(st.tenant, at, d, x -> x.work(agent, REPLIES));
                }
            } else if (m.authorKind() == AuthorKind.CUSTOMER && st.firstReplyAt != null && st.awaitingSince == null) {
                st.awaitingSince = m.message().createdAt();
            }
        } else if (e instanceof StatusChanged s) {
            status(st, s, at);
        } else if (e instanceof ComplaintChanged c && c.complaint()) {
            complaint(st);
        } else if (e instanceof TagsChanged tc && tc.added().stream().anyMatch(churnSignals::contains)) {
            churn(st, at);
        } else if (e instanceof Assigned a && a.to() != null && byAgent) {
            String agent = a.to().value();
            measure(st.tenant, at, st.dims(agent), x -> x.work(agent, ASSIGNED));
        } else if (e instanceof TicketMerged) {
            if (!st.merged) {
                st.merged = true;
                st.open = false;
                measure(st.tenant, at, st.dims(null), x -> x.merged++);
            }
        }
    }

    /**
     * @return the principal's agent id when an agent or admin acts, else null: {@code agentId()}'s value without
     *     making and checking an {@code AgentId} per event (5 % of the ingestion time); the principal's id was
     *     checked by the same rules when it was made
     */
    private static @Nullable String agent(Principal p) {
        return p.kind() == Principal.Kind.AGENT || p.kind() == Principal.Kind.ADMIN ? p.id() : null;
    }

    /**
     * Records an action of {@code agent} on the ticket: it continues the agent's work session when within the session
     * gap of their previous action, else starts a new one. A public reply ends the session.
     *
     * @return the reply's handle time (session start to the reply) when {@code reply}, else null
     */
    private @Nullable Duration touch(TicketState st, String agent, Instant at, boolean reply) {
        List<Session> sessions = st.sessions;
        if (sessions == null) {
            sessions = new ArrayList<>(2);
            st.sessions = sessions;
        }
        Session s = null;
        for (Session x : sessions) {
            if (x.agent.equals(agent)) {
                s = x;
                break;
            }
        }
        if (s == null) {
            if (sessions.size() >= MAX_SESSIONS) {
                sessions.remove(sessions.stream().min(Comparator.comparing((Session x) -> x.last)).orElseThrow());
            }
            s = new Session(agent, at);
            sessions.add(s);
        } else if (Duration.between(s.last, at).compareTo(sessionGap) > 0) {
            s.start = at;
        }
        s.last = at;
        if (!reply) {
            return null;
        }
        sessions.remove(s);
        Duration d = Duration.between(s.start, at);
        return d.isNegative() ? Duration.ZERO : d;
    }

    private void status(TicketState st, StatusChanged s, Instant at) {
        TicketStatus from = s.from();
        TicketStatus to = s.to();
        if (to == TicketStatus.PENDING && st.pendingSince == null) {
            st.pendingSince = at;
        } else if (from == TicketStatus.PENDING && to != TicketStatus.PENDING && st.pendingSince != null) {
            if (st.firstSolvedAt == null) {
                st.pending = st.pending.plus(Duration.between(st.pendingSince, at));
            }
            st.pendingSince = null;
        }
        boolean wasDone = from == TicketStatus.SOLVED || from == TicketStatus.CLOSED;
        boolean isDone = to == TicketStatus.SOLVED || to == TicketStatus.CLOSED;
        st.open = !isDone && !st.merged;
        if (isDone) {
            // the next reply stops on solve (SlaMetric: a solved ticket never counts time); the customer's message
            // that reopens the ticket starts it again
            st.awaitingSince = null;
        }
        if (to == TicketStatus.SOLVED && !wasDone && st.firstSolvedAt == null && !st.merged) {
            st.firstSolvedAt = at;
            String agent = agent(s.principal());
            Dims d = st.dims(agent);
            st.solvedDims = d;
            st.fcr = st.customerOpened && st.agentReplies == 1;
            boolean fcr = st.fcr;
            for (int i = 0, n = into(st.tenant, at, d); i < n; i++) {
                hits[i].solved++;
                if (fcr) {
                    hits[i].fcr++;
                }
            }
            count(st.tenant, "solved", d.channel());
            durations(st, d, at, Slice.RESOLUTION, Slice.RESOLUTION_BUSINESS, st.createdAt, "resolution");
            Duration wait = Duration.between(st.createdAt, at).minus(st.pending);
            long waitSeconds = wait.getSeconds();
            for (int i = 0, n = into(st.tenant, at, d); i < n; i++) {
                hits[i].record(Slice.REQUESTER_WAIT, waitSeconds);
            }
            emit(st.tenant, "requester_wait", d, wait);
            if (byAgent && agent != null) {
                measure(st.tenant, at, d, x -> x.work(agent, SOLVED));
            }
        } else if (wasDone && !isDone && st.firstSolvedAt != null && !st.reopened) {
            st.reopened = true;
            measure(st.tenant, at, st.dims(null), x -> x.reopened++);
            count(st.tenant, "reopened", st.channel);
            if (st.fcr && st.solvedDims != null) {
                st.fcr = false;
                for (int i = 0, n = intoHeld(st.tenant, st.firstSolvedAt, st.solvedDims); i < n; i++) {
                    hits[i].fcr--;
                }
            }
        }
    }

    private void durations(TicketState st, Dims d, Instant at, int calendar, int businessIndex, Instant since,
                           String kpi) {
        Duration elapsed = Duration.between(since, at);
        BusinessCalendar cal = calendars == null ? null : calendars.apply(st.tenant);
        Duration business = cal == null ? null : cal.businessTimeBetween(since, at);
        long seconds = elapsed.getSeconds();
        for (int i = 0, n = into(st.tenant, at, d); i < n; i++) {
            hits[i].record(calendar, seconds);
            if (business != null) {
                hits[i].record(businessIndex, business.getSeconds());
            }
        }
        emit(st.tenant, kpi, d, elapsed);
    }

    /**
     * Counts the ticket as a complaint once, in the slices it was counted as created in (the complaint rate is out of
     * the tickets created there, whatever priority, group or assignee the ticket has since).
     */
    private void complaint(TicketState st) {
        if (!st.complaint) {
            st.complaint = true;
            Dims d = st.createdDims;
            for (int i = 0, n = intoHeld(st.tenant, st.createdAt, d); i < n; i++) {
                hits[i].complaints++;
            }
            count(st.tenant, "complaint", d.channel());
        }
    }

    private void churn(TicketState st, Instant at) {
        if (!st.churn) {
            st.churn = true;
            measure(st.tenant, at, st.dims(null), x -> x.churn++);
            count(st.tenant, "churn_risk", st.channel);
        }
    }

    private void update(TicketState st, Ticket t, Instant at) {
        st.channel = t.channel().name();
        st.priority = PRIORITIES.get(t.priority().ordinal());
        st.group = t.group() == null ? null : t.group().value();
        st.assignee = t.assignee() == null ? null : t.assignee().value();
        st.touched = at;
    }

    private boolean business(TenantId tenant) {
        return calendars != null && calendars.apply(tenant) != null;
    }

    private void emit(TenantId tenant, String kpi, Dims d, Duration value) {
        if (listeners.isEmpty()) {
            return;
        }
        for (MeasurementListener l : listeners) {
            l.duration(tenant, kpi, d.channel(), d.priority(), value);
        }
    }

    private void count(TenantId tenant, String kpi, String channel) {
        if (listeners.isEmpty()) {
            return;
        }
        for (MeasurementListener l : listeners) {
            l.count(tenant, kpi, channel);
        }
    }

    /** Applies {@code f} to every slice the measurement at {@code at} belongs to. */
    private void measure(TenantId tenant, Instant at, Dims d, Consumer<Slice> f) {
        for (int i = 0, n = into(tenant, at, d); i < n; i++) {
            f.accept(hits[i]);
        }
    }

    /**
     * Finds (or makes) the slices a measurement at {@code at} belongs to and puts them in {@link #hits}, the tenant's
     * slice first; the hot paths count into them directly (a capturing lambda per measurement cost an allocation and
     * a call that could not be inlined).
     *
     * @return how many slices are in {@link #hits}: 0 when the date is outside the window
     */
    private int into(TenantId tenant, Instant at, Dims d) {
        PeriodSlices[] periods = recent.get(tenant);
        if (periods == null) {
            if (recent.size() >= MAX_RECENT_TENANTS) {
                recent.clear();
            }
            periods = new PeriodSlices[RECENT_PERIODS];
            recent.put(tenant, periods);
        }
        long second = at.getEpochSecond();
        PeriodSlices p = null;
        for (PeriodSlices q : periods) {
            if (q != null && second >= q.dayFrom && second < q.dayUntil) {
                p = q;
                break;
            }
        }
        LocalDate date;
        ZoneId zone = null;
        if (p != null) {
            date = p.day;
        } else {
            zone = zones.apply(tenant);
            date = at.atZone(zone).toLocalDate();
        }
        if ((windowFrom != null && date.isBefore(windowFrom)) || (windowTo != null && date.isAfter(windowTo))) {
            return 0;
        }
        if (p == null || p.dropped) {
            p = period(tenant, periods, base == Granularity.DAY ? date : base.periodStart(date));
        }
        if (zone != null) {
            p.day(date, zone);
        }
        if (p == lastRow && d == lastDims && !dropped(lastHits)) {
            return lastHits; // hits still holds them: only this method writes it
        }
        int n = 0;
        hits[n++] = p.slice(Dimension.ALL, "");
        if (!d.channel().isEmpty()) {
            hits[n++] = p.slice(Dimension.CHANNEL, d.channel());
        }
        if (!d.priority().isEmpty()) {
            hits[n++] = p.slice(Dimension.PRIORITY, d.priority());
        }
        if (d.group() != null) {
            hits[n++] = p.slice(Dimension.GROUP, d.group());
        }
        if (byAgent && d.agent() != null) {
            hits[n++] = p.slice(Dimension.AGENT, d.agent());
        }
        lastRow = p;
        lastDims = d;
        lastHits = n;
        return n;
    }

    /**
     * Puts in {@link #hits} the slices, still held, that a count made at {@code at} with the dimensions {@code d} went
     * into, making none: for a later correction of that count (a reopen taking back a first-contact resolution, a
     * complaint counted with its ticket's creation). A slice dropped since no longer holds the count, and starting it
     * again would hold only the correction (a negative first-contact count, complaints out of no tickets created).
     *
     * @return how many slices are in {@link #hits}
     */
    private int intoHeld(TenantId tenant, Instant at, Dims d) {
        lastRow = null; // hits no longer holds the slices of lastRow and lastDims
        LocalDate date = at.atZone(zones.apply(tenant)).toLocalDate();
        PeriodSlices p = rows.get(new RowKey(tenant, base == Granularity.DAY ? date : base.periodStart(date)));
        if (p == null) {
            return 0;
        }
        int n = put(p.get(Dimension.ALL, ""), 0);
        if (!d.channel().isEmpty()) {
            n = put(p.get(Dimension.CHANNEL, d.channel()), n);
        }
        if (!d.priority().isEmpty()) {
            n = put(p.get(Dimension.PRIORITY, d.priority()), n);
        }
        if (d.group() != null) {
            n = put(p.get(Dimension.GROUP, d.group()), n);
        }
        if (byAgent && d.agent() != null) {
            n = put(p.get(Dimension.AGENT, d.agent()), n);
        }
        return n;
    }

    /**
     * Puts {@code h}'s slice, when there is one, into {@link #hits} after the first {@code n}.
     *
     * @return how many slices are in {@link #hits} then
     */
    private int put(@Nullable Held h, int n) {
        if (h == null) {
            return n;
        }
        hits[n] = h.slice;
        return n + 1;
    }

    /** @return whether one of the first {@code n} slices in {@link #hits} was dropped since it was put there */
    private boolean dropped(int n) {
        for (int i = 0; i < n; i++) {
            if (hits[i].dropped) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return the row of the tenant's period from {@code start}, from its recent periods, else from the rows (made
     *     there when new), put in the slot of the oldest recent period
     */
    private PeriodSlices period(TenantId tenant, @Nullable PeriodSlices[] periods, LocalDate start) {
        int slot = -1;
        int oldest = 0;
        long oldestMade = Long.MAX_VALUE;
        for (int i = 0; i < periods.length; i++) {
            PeriodSlices q = periods[i];
            if (q == null) {
                if (slot < 0) {
                    slot = i;
                }
            } else if (q.start.equals(start)) {
                if (!q.dropped) {
                    return q;
                }
                slot = i;
                break;
            } else if (q.cached < oldestMade) {
                oldest = i;
                oldestMade = q.cached;
            }
        }
        RowKey key = new RowKey(tenant, start);
        PeriodSlices p = rows.get(key);
        if (p == null) {
            p = new PeriodSlices(key, new SliceKey(tenant, base, start, Dimension.ALL, "").periodEnd());
            rows.put(key, p);
        }
        p.cached = periodsMade++;
        periods[slot < 0 ? oldest : slot] = p;
        return p;
    }

    /** A row's key: the tenant and the period's first local date. */
    private record RowKey(TenantId tenant, LocalDate start) {
    }

    /** A slice counted into, with its row, dimension and value: what the eviction needs to drop it. */
    private static final class Held {
        final PeriodSlices row;
        final Dimension dimension;
        final String value;
        final Slice slice = new Slice();

        Held(PeriodSlices row, Dimension dimension, String value) {
            this.row = row;
            this.dimension = dimension;
            this.value = value;
        }
    }

    /**
     * The slices of one tenant's period (a row of {@link #rows}), found without building and hashing a
     * {@link SliceKey} for each of the up to five slices a measurement goes to (those lookups were a third of the
     * ingestion time, and then a fifth where slices are made often). A slice the engine dropped is made again. It
     * also remembers the instants of the last local date measured, so the next measurement on that date needs no
     * time-zone conversion.
     */
    private final class PeriodSlices {
        final RowKey key;
        final TenantId tenant;
        final LocalDate start;
        final LocalDate end;
        @Nullable Held all;
        @SuppressWarnings("unchecked")
        final @Nullable Map<String, Held>[] byDimension = new Map[Dimension.values().length];
        /** How many slices the row holds; the row leaves {@link #rows} (and is marked dropped) when none is left. */
        int size;
        boolean dropped;
        /** The last local date measured, and the epoch seconds {@code [dayFrom, dayUntil)} that all fall on it. */
        LocalDate day = LocalDate.MIN;
        long dayFrom;
        long dayUntil;
        /** When it was last put among a tenant's recent periods, to reuse the slot of the oldest. */
        long cached;

        PeriodSlices(RowKey key, LocalDate end) {
            this.key = key;
            this.tenant = key.tenant();
            this.start = key.start();
            this.end = end;
        }

        /**
         * Remembers {@code date}'s instants in {@code zone}; none (an empty range) when the zone's offset changes
         * within the day, so the rare such day is converted measurement by measurement.
         */
        void day(LocalDate date, ZoneId zone) {
            long from = date.atStartOfDay(zone).toEpochSecond();
            long until = date.plusDays(1).atStartOfDay(zone).toEpochSecond();
            ZoneOffsetTransition change = zone.getRules().nextTransition(Instant.ofEpochSecond(from - 1));
            day = date;
            dayFrom = from;
            dayUntil = change != null && change.toEpochSecond() <= until ? from : until;
        }

        @Nullable Held get(Dimension dimension, String value) {
            if (dimension == Dimension.ALL) {
                return all;
            }
            Map<String, Held> m = byDimension[dimension.ordinal()];
            return m == null ? null : m.get(value);
        }

        /** @return the slice of that dimension and value, made (and held) when missing */
        Slice slice(Dimension dimension, String value) {
            if (dimension == Dimension.ALL) {
                Held h = all;
                if (h == null) {
                    h = new Held(this, dimension, value);
                    all = h;
                    made(h);
                }
                return h.slice;
            }
            Map<String, Held> m = byDimension[dimension.ordinal()];
            if (m == null) {
                m = new HashMap<>(8);
                byDimension[dimension.ordinal()] = m;
            }
            Held h = m.get(value);
            if (h == null) {
                h = new Held(this, dimension, value);
                m.put(value, h);
                made(h);
            }
            return h.slice;
        }

        /** Drops a held slice from the row, and the row from the rows when it was the last. */
        void remove(Held h) {
            if (h.dimension == Dimension.ALL) {
                all = null;
            } else {
                Map<String, Held> m = byDimension[h.dimension.ordinal()];
                if (m != null) {
                    m.remove(h.value);
                }
            }
            if (--size == 0) {
                dropped = true;
                rows.remove(key);
            }
        }

        void forEach(Consumer<Held> f) {
            if (all != null) {
                f.accept(all);
            }
            for (Map<String, Held> m : byDimension) {
                if (m != null) {
                    m.values().forEach(f);
                }
            }
        }

        java.util.stream.Stream<String> values(Dimension dimension) {
            if (dimension == Dimension.ALL) {
                return all == null ? java.util.stream.Stream.empty() : java.util.stream.Stream.of("");
            }
            Map<String, Held> m = byDimension[dimension.ordinal()];
            return m == null ? java.util.stream.Stream.empty() : m.keySet().stream();
        }
    }

    /** Counts a slice just made into its row, the slice total and the period-end index; evicts beyond the cap. */
    private void made(Held h) {
        h.row.size++;
        sliceCount++;
        byEnd.computeIfAbsent(h.row.end, e -> new ArrayList<>()).add(h);
        if (sliceCount > maxSlices) {
            evictOldestSlices(h);
        }
    }

    /** Drops the slices of the oldest periods until a tenth of the cap is free (never the slice being added). */
    private void evictOldestSlices(Held keep) {
        int target = maxSlices - Math.max(1, maxSlices / 10);
        Iterator<Map.Entry<LocalDate, List<Held>>> ends = byEnd.entrySet().iterator();
        while (sliceCount > target && ends.hasNext()) {
            List<Held> held = ends.next().getValue();
            // drop from the front, then cut the dropped prefix at once (removing them one by one shifted the list
            // each time: quadratic in the slices of a day)
            int i = 0;
            boolean kept = false;
            while (sliceCount > target && i < held.size()) {
                Held h = held.get(i++);
                if (h == keep) {
                    kept = true;
                } else {
                    drop(h);
                }
            }
            held.subList(0, i).clear();
            if (kept) {
                held.add(0, keep);
            }
            if (held.isEmpty()) {
                ends.remove();
            }
        }
    }

    private void drop(Held h) {
        h.slice.dropped = true;
        h.row.remove(h);
        sliceCount--;
        droppedSlices++;
    }

    /**
     * Looks a followed ticket of {@code tenant} up, marking it most recently used. The ticket last looked up is
     * answered without the map: it is already the most recently used entry, so the map's answer and order would be the
     * same (a ticket's events often come together, and the lookup was 16 % of the ingestion time). A ticket of another
     * tenant under the same id is not answered: ids are unique across tenants ({@code IdGenerator}), and where a host's
     * are not, one tenant's events must still never count with another's ticket or in its slices.
     */
    private @Nullable TicketState ticket(TenantId tenant, TicketId id) {
        TicketState st;
        if (lastTicket != null && id.equals(lastTicketId)) {
            st = lastTicket;
        } else {
            st = tickets.get(id);
            lastTicketId = st == null ? null : id;
            lastTicket = st;
        }
        return st == null || st.tenant.equals(tenant) ? st : null;
    }

    private void trimTickets() {
        if (tickets.size() <= maxTickets) {
            return;
        }
        lastTicketId = null;
        lastTicket = null;
        Iterator<Map.Entry<TicketId, TicketState>> it = tickets.entrySet().iterator();
        while (tickets.size() > maxTickets && it.hasNext()) {
            it.next();
            it.remove();
            droppedTickets++;
        }
    }

    /**
     * Moves the engine's time to {@code at}, later than it: by at most {@link Builder#maxTimeLeap} unless it is the
     * first event. The event itself is counted wherever it is dated; only the time that ages out slices and tickets
     * is held back, so one event dated centuries ahead moves it by a day instead of dropping everything before it.
     * After a real gap in the log (a quiet desk) the time catches up by up to a leap per event.
     */
    private void advance(Instant at) {
        if (at.getEpochSecond() - newest.getEpochSecond() > maxLeapSeconds && events > 1) {
            eventsAhead++;
            newest = newest.plusSeconds(maxLeapSeconds);
        } else {
            newest = at;
        }
        sweepIfNewDay();
    }

    private void sweepIfNewDay() {
        long day = Math.floorDiv(newest.getEpochSecond(), SECONDS_PER_DAY);
        if (day <= lastSweepDay) {
            return;
        }
        lastSweepDay = day;
        lastTicketId = null;
        lastTicket = null;
        Instant ticketCutoff = newest.minus(ticketRetention);
        // the map is in access order, least recently used first: stop at the first ticket touched since the cutoff
        // (walking all followed tickets each day cost 7 % of ingestion). A ticket looked up by a non-ticket event
        // (SLA, survey) moves back without being touched, so it may outlive the retention until it comes first;
        // maxTickets bounds it all the same.
        Iterator<TicketState> it = tickets.values().iterator();
        while (it.hasNext()) {
            if (!it.next().touched.isBefore(ticketCutoff)) {
                break;
            }
            it.remove();
            droppedTickets++;
        }
        // a day of slack covers every zone's offset from UTC, so no zone lookup per slice
        LocalDate sliceCutoff = newest.minus(sliceRetention).atZone(ZoneOffset.UTC).toLocalDate().minusDays(1);
        Map<LocalDate, List<Held>> expired = byEnd.headMap(sliceCutoff, false);
        for (List<Held> held : expired.values()) {
            for (Held h : held) {
                drop(h);
            }
        }
        expired.clear();
    }

    /** Configures a {@link KpiEngine}. Not thread-safe. */
    public static final class Builder {
        private String name = "metrics";
        private Function<TenantId, ZoneId> zones = t -> ZoneOffset.UTC;
        private @Nullable Function<TenantId, @Nullable BusinessCalendar> calendars;
        private boolean byAgent;
        private Collection<Granularity> granularities = EnumSet.allOf(Granularity.class);
        private int maxSlices = 100_000;
        private Duration sliceRetention = Duration.ofDays(800);
        private int maxTickets = 200_000;
        private Duration ticketRetention = Duration.ofDays(180);
        private Duration maxTimeLeap = Duration.ofDays(1);
        private Duration sessionGap = Duration.ofMinutes(30);
        private QuestionCatalog questions = QuestionCatalog.defaults();
        private Set<String> churnSignals = DEFAULT_CHURN_SIGNALS;
        private @Nullable LocalDate windowFrom;
        private @Nullable LocalDate windowTo;

        private Builder() {
        }

        /**
         * @param value the subscriber name, under which the desk keeps the checkpoint (default {@code metrics})
         * @return this
         */
        public Builder name(String value) {
            this.name = requireNonNull(value, "name");
            return this;
        }

        /**
         * @param value the time zone of every tenant
         * @return this
         */
        public Builder zone(ZoneId value) {
            requireNonNull(value, "zone");
            this.zones = t -> value;
            return this;
        }

        /**
         * @param value each tenant's time zone
         * @return this
         */
        public Builder zones(Function<TenantId, ZoneId> value) {
            this.zones = requireNonNull(value, "zones");
            return this;
        }

        /**
         * @param value the business calendar of every tenant: reply and resolution times are then also measured
         *     in business hours
         * @return this
         */
        public Builder calendar(BusinessCalendar value) {
            requireNonNull(value, "calendar");
            this.calendars = t -> value;
            return this;
        }

        /**
         * @param value each tenant's business calendar (null for a tenant without one)
         * @return this
         */
        public Builder calendars(Function<TenantId, @Nullable BusinessCalendar> value) {
            this.calendars = requireNonNull(value, "calendars");
            return this;
        }

        /**
         * @param value whether to keep slices and workload per agent (off by default: agent ids multiply the slices)
         * @return this
         */
        public Builder byAgent(boolean value) {
            this.byAgent = value;
            return this;
        }

        /**
         * @param value the period lengths to read (default day, week and month); with more than one, days are
         *     counted and weeks and months merged from them when read
         * @return this
         */
        public Builder granularities(Collection<Granularity> value) {
            if (value.isEmpty()) {
                throw new IllegalArgumentException("granularities must not be empty");
            }
            this.granularities = List.copyOf(value);
            return this;
        }

        /**
         * @param value the most slices held (default 100,000); beyond it the oldest periods are dropped
         * @return this
         */
        public Builder maxSlices(int value) {
            if (value < 10) {
                throw new IllegalArgumentException("maxSlices must be at least 10, was " + value);
            }
            this.maxSlices = value;
            return this;
        }

        /**
         * @param value how long a period's slices are kept after the period ended, behind the newest event
         *     (default 800 days)
         * @return this
         */
        public Builder sliceRetention(Duration value) {
            this.sliceRetention = requireNonNull(value, "sliceRetention");
            return this;
        }

        /**
         * @param value the most tickets followed (default 200,000); beyond it the least recently touched are
         *     dropped, and their later events are not measured
         * @return this
         */
        public Builder maxTickets(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxTickets must be positive, was " + value);
            }
            this.maxTickets = value;
            return this;
        }

        /**
         * @param value how long a ticket without events is followed (default 180 days)
         * @return this
         */
        public Builder ticketRetention(Duration value) {
            this.ticketRetention = requireNonNull(value, "ticketRetention");
            return this;
        }

        /**
         * @param value the most one event moves the engine's time forward (default one day, at least a second). The
         *     engine's time is the newest event's, and slices and tickets age out behind it: an event dated further
         *     ahead than this (a wrong clock, a bad line in a file) is counted on its own date but moves the time by
         *     this much only (see {@link KpiEngine#eventsAhead()}), so it cannot age everything out at once; after a
         *     quiet spell the time catches up by this much per event. The first event sets the time as it is.
         * @return this
         */
        public Builder maxTimeLeap(Duration value) {
            requireNonNull(value, "maxTimeLeap");
            if (value.toSeconds() < 1) {
                throw new IllegalArgumentException("maxTimeLeap must be at least a second, was " + value);
            }
            this.maxTimeLeap = value;
            return this;
        }

        /**
         * @param value the longest pause between two actions of an agent on a ticket within one work session
         *     (default 30 minutes); see {@link Kpis#handleTime()}
         * @return this
         */
        public Builder sessionGap(Duration value) {
            requireNonNull(value, "sessionGap");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("sessionGap must be positive, was " + value);
            }
            this.sessionGap = value;
            return this;
        }

        /**
         * @param value what each survey question measures when a {@code ResponseRecorded} event does not carry its
         *     questions (events recorded before they did; default {@link QuestionCatalog#defaults()})
         * @return this
         */
        public Builder questions(QuestionCatalog value) {
            this.questions = requireNonNull(value, "questions");
            return this;
        }

        /**
         * @param value the tags and complaint cues that mark a churn risk (default {@link #DEFAULT_CHURN_SIGNALS})
         * @return this
         */
        public Builder churnSignals(Set<String> value) {
            this.churnSignals = Set.copyOf(value);
            return this;
        }

        /**
         * Counts only measurements whose local date (in the tenant's zone) lies in {@code [from, to]}; events outside
         * still update what the engine knows of tickets. For backfilling one period.
         *
         * @param from the first local date, inclusive; null for no lower bound
         * @param to the last local date, inclusive; null for no upper bound
         * @return this
         */
        public Builder window(@Nullable LocalDate from, @Nullable LocalDate to) {
            this.windowFrom = from;
            this.windowTo = to;
            return this;
        }

        /** @return the engine */
        public KpiEngine build() {
            return new KpiEngine(this);
        }
    }
}
