package io.madoguchi.core.automation;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.Violation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The in-memory {@link AutomationStore}: lost with the process, so a host that must survive a restart shares one
 * instance across rebuilt engines or uses a persistent store. Bounded: at most {@code maxTickets} tickets (beyond
 * it the least recently updated is dropped) and a ticket not updated for {@code maxAge} is dropped (a time rule can
 * then no longer fire on it; keep {@code maxAge} above the longest time rule). Thread-safe (one lock).
 */
public final class InMemoryAutomationStore implements AutomationStore {

    /** The default bound on tracked tickets. */
    public static final int DEFAULT_MAX_TICKETS = 200_000;
    /** The default age bound. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(90);

    private record Key(String tenant, String ticket) implements Comparable<Key> {
        static Key of(TenantId tenant, TicketId ticket) {
            return new Key(tenant.value(), ticket.value());
        }

        static Key of(TrackedTicket t) {
            return of(t.tenant(), t.ticket());
        }

        @Override
        public int compareTo(Key o) {
            int c = tenant.compareTo(o.tenant);
            return c != 0 ? c : ticket.compareTo(o.ticket);
        }
    }

    private static final Comparator<TrackedTicket> BY_UPDATE = Comparator.comparing(TrackedTicket::updatedAt)
        .thenComparing((TrackedTicket t) -> Key.of(t));

    private final Clock clock;
    private final int maxTickets;
    private final Duration maxAge;
    private final TreeMap<Key, TrackedTicket> tickets = new TreeMap<>();
    private final TreeSet<TrackedTicket> byUpdate = new TreeSet<>(BY_UPDATE);

    /**
     * A store with the default bounds ({@value #DEFAULT_MAX_TICKETS} tickets, 90 days).
     *
     * @param clock the clock ages are measured on (the desk's)
     */
    public InMemoryAutomationStore(Clock clock) {
        this(clock, DEFAULT_MAX_TICKETS, DEFAULT_MAX_AGE);
    }

    /**
     * @param clock the clock ages are measured on (the desk's)
     * @param maxTickets the most tickets tracked; positive
     * @param maxAge how long a ticket is tracked after its last update; positive
     * @throws ValidationException listing each bound that is not positive
     */
    public InMemoryAutomationStore(Clock clock, int maxTickets, Duration maxAge) {
        this.clock = requireNonNull(clock, "clock");
        requireNonNull(maxAge, "maxAge");
        List<Violation> violations = new ArrayList<>();
        if (maxTickets < 1) {
            violations.add(new Violation("maxTickets", "must be positive, was " + maxTickets));
        }
        if (maxAge.isNegative() || maxAge.isZero()) {
            violations.add(new Violation("maxAge", "must be positive, was " + maxAge));
        }
        if (!violations.isEmpty()) {
            throw new ValidationException(violations);
        }
        this.maxTickets = maxTickets;
        this.maxAge = maxAge;
    }

    @Override
    public synchronized Optional<TrackedTicket> find(TenantId tenant, TicketId ticket) {
        expire();
        return Optional.ofNullable(tickets.get(Key.of(requireNonNull(tenant, "tenant"),
                requireNonNull(ticket, "ticket"))));
    }

    @Override
    public synchronized void save(TrackedTicket ticket) {
        requireNonNull(ticket, "ticket");
        TrackedTicket old = tickets.get(Key.of(ticket));
        TrackedTicket merged = ticket;
        if (old != null) {
            // a save never takes back a later period marked since the caller read the ticket
            for (Map.Entry<String, Instant> e : old.fired().entrySet()) {
                Instant saved = merged.fired().get(e.getKey());
                if (saved == null || saved.isBefore(e.getValue())) {
                    merged = merged.withFired(e.getKey(), e.getValue());
                }
            }
        }
        put(merged);
        expire();
        while (tickets.size() > maxTickets) {
            drop(Key.of(byUpdate.first()));
        }
    }

    @Override
    public synchronized boolean remove(TenantId tenant, TicketId ticket) {
        return drop(Key.of(requireNonNull(tenant, "tenant"), requireNonNull(ticket, "ticket")));
    }

    @Override
    public synchronized boolean markFired(TenantId tenant, TicketId ticket, String rule, Instant periodStart) {
        requireNonNull(rule, "rule");
        Instant start = requireNonNull(periodStart, "periodStart").truncatedTo(ChronoUnit.MICROS);
        TrackedTicket t = tickets.get(Key.of(requireNonNull(tenant, "tenant"), requireNonNull(ticket, "ticket")));
        if (t == null || start.equals(t.fired().get(rule))) {
            return false;
        }
        put(t.withFired(rule, start));
        return true;
    }

    @Override
    public synchronized List<TrackedTicket> page(@Nullable TrackedTicket after, int max) {
        if (max < 1) {
            throw ValidationException.of("max", "must be positive, was " + max);
        }
        expire();
        Map<Key, TrackedTicket> rest = after == null ? tickets : tickets.tailMap(Key.of(after), false);
        List<TrackedTicket> out = new ArrayList<>(Math.min(max, rest.size()));
        for (TrackedTicket t : rest.values()) {
            if (out.size() == max) {
                break;
            }
            out.add(t);
        }
        return out;
    }

    @Override
    public synchronized long count() {
        expire();
        return tickets.size();
    }

    private void put(TrackedTicket t) {
        drop(Key.of(t));
        tickets.put(Key.of(t), t);
        byUpdate.add(t);
    }

    private boolean drop(Key key) {
        TrackedTicket old = tickets.remove(key);
        if (old != null) {
            byUpdate.remove(old);
        }
        return old != null;
    }

    private void expire() {
        Instant limit = clock.instant().minus(maxAge);
        while (!byUpdate.isEmpty() && byUpdate.first().updatedAt().isBefore(limit)) {
            drop(Key.of(byUpdate.first()));
        }
    }
}
