package io.madoguchi.core.bot;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.internal.GroupedKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory {@link BotAttemptStore}: lost with the process, so a host that must survive a restart shares one
 * instance across rebuilt bots or uses a persistent store. Bounded by size and age: at most {@code maxEntries}
 * attempts and {@code maxEntries} routings for each tenant (beyond it the tenant's oldest is dropped: the attempt
 * answered first, the routing recorded first; one tenant's volume never pushes out another's), and an attempt
 * answered, or a routing due, more than {@code maxAge} ago is dropped. A dropped
 * attempt only means that a late verdict settles the ticket without teaching the matcher and that the no-verdict
 * wait no longer runs out for it; keep {@code maxAge} above the bot's no-verdict wait. Thread-safe (one lock).
 */
public final class InMemoryBotAttemptStore implements BotAttemptStore {

    /** The default bound on each tenant's attempts and on each tenant's routings. */
    public static final int DEFAULT_MAX_ENTRIES = 100_000;
    /** The default age bound. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(30);

    private static final Logger LOG = LoggerFactory.getLogger(InMemoryBotAttemptStore.class);

    private record Key(TenantId tenant, TicketId ticket) {
    }

    private static final Comparator<BotAttempt> BY_DUE = Comparator.comparing(BotAttempt::verdictDueAt)
        .thenComparing(a -> a.tenant().value()).thenComparing(a -> a.ticket().value());
    private static final Comparator<BotAttempt> BY_ANSWERED = Comparator.comparing(BotAttempt::answeredAt)
        .thenComparing(a -> a.tenant().value()).thenComparing(a -> a.ticket().value());
    private static final Comparator<BotRouting> ROUTING_BY_AT = Comparator.comparing(BotRouting::at)
        .thenComparing(r -> r.tenant().value()).thenComparing(r -> r.ticket().value());

    private final Clock clock;
    private final int maxEntries;
    private final Duration maxAge;
    private final Map<Key, BotAttempt> attempts = new HashMap<>();
    private final TreeSet<BotAttempt> attemptsByDue = new TreeSet<>(BY_DUE);
    private final TreeSet<BotAttempt> attemptsByAge = new TreeSet<>(BY_ANSWERED);
    /** Each tenant's attempts, answered first first, for the size bound. */
    private final Map<TenantId, TreeSet<BotAttempt>> attemptsOfTenant = new HashMap<>();
    private final Map<Key, BotRouting> routings = new HashMap<>();
    /** Each tenant's routings in the order recorded, for the size bound. */
    private final GroupedKeys<TenantId, Key> routingsOfTenant = new GroupedKeys<>();
    private final TreeSet<BotRouting> routingsByAt = new TreeSet<>(ROUTING_BY_AT);

    /**
     * A store with the default bounds ({@value #DEFAULT_MAX_ENTRIES} entries of each kind, 30 days).
     *
     * @param clock the clock ages are measured on (the desk's)
     */
    public InMemoryBotAttemptStore(Clock clock) {
        this(clock, DEFAULT_MAX_ENTRIES, DEFAULT_MAX_AGE);
    }

    /**
     * @param clock the clock ages are measured on (the desk's)
     * @param maxEntries the most attempts, and the most routings, kept for each tenant; positive
     * @param maxAge how long an attempt is kept after it was answered, and a routing after it was due; positive
     * @throws ValidationException listing each bound that is not positive
     */
    public InMemoryBotAttemptStore(Clock clock, int maxEntries, Duration maxAge) {
        this.clock = requireNonNull(clock, "clock");
        requireNonNull(maxAge, "maxAge");
        List<io.madoguchi.core.Violation> violations = new ArrayList<>();
        if (maxEntries < 1) {
            violations.add(new io.madoguchi.core.Violation("maxEntries", "must be positive, was " + maxEntries));
        }
        if (maxAge.isNegative() || maxAge.isZero()) {
            violations.add(new io.madoguchi.core.Violation("maxAge", "must be positive, was " + maxAge));
        }
        if (!violations.isEmpty()) {
            throw new ValidationException(violations);
        }
        this.maxEntries = maxEntries;
        this.maxAge = maxAge;
    }

    @Override
    public synchronized void save(BotAttempt attempt) {
        requireNonNull(attempt, "attempt");
        dropAttempt(new Key(attempt.tenant(), attempt.ticket()));
        attempts.put(new Key(attempt.tenant(), attempt.ticket()), attempt);
        attemptsByDue.add(attempt);
        attemptsByAge.add(attempt);
        attemptsOfTenant.computeIfAbsent(attempt.tenant(), t -> new TreeSet<>(BY_ANSWERED)).add(attempt);
        expire();
        TreeSet<BotAttempt> ofTenant = attemptsOfTenant.get(attempt.tenant());
        int dropped = 0;
        while (ofTenant != null && ofTenant.size() > maxEntries) {
            BotAttempt oldest = ofTenant.first();
            dropAttempt(new Key(oldest.tenant(), oldest.ticket()));
            dropped++;
        }
        if (dropped > 0) {
            LOG.debug("bot attempts of tenant {} at the bound ({}): dropped its {} oldest", attempt.tenant(),
                maxEntries, dropped);
        }
    }

    @Override
    public synchronized Optional<BotAttempt> find(TenantId tenant, TicketId ticket) {
        expire();
        return Optional.ofNullable(attempts.get(new Key(requireNonNull(tenant, "tenant"),
            requireNonNull(ticket, "ticket"))));
    }

    @Override
    public synchronized Optional<BotAttempt> remove(TenantId tenant, TicketId ticket) {
        return Optional.ofNullable(dropAttempt(new Key(requireNonNull(tenant, "tenant"),
            requireNonNull(ticket, "ticket"))));
    }

    @Override
    public synchronized List<BotAttempt> verdictDue(Instant now, int max) {
        requireNonNull(now, "now");
        positive(max);
        expire();
        return firstDue(attemptsByDue, BotAttempt::verdictDueAt, now, max);
    }

    @Override
    public synchronized void scheduleRouting(BotRouting routing) {
        requireNonNull(routing, "routing");
        Key key = new Key(routing.tenant(), routing.ticket());
        dropRouting(key);
        routings.put(key, routing);
        routingsByAt.add(routing);
        routingsOfTenant.add(routing.tenant(), key);
        expire();
        for (Key oldest; (oldest = routingsOfTenant.oldestBeyond(routing.tenant(), maxEntries)) != null; ) {
            dropRouting(oldest);
        }
    }

    @Override
    public synchronized List<BotRouting> routingDue(Instant now, int max) {
        requireNonNull(now, "now");
        positive(max);
        expire();
        return firstDue(routingsByAt, BotRouting::at, now, max);
    }

    @Override
    public synchronized boolean removeRouting(TenantId tenant, TicketId ticket) {
        return dropRouting(new Key(requireNonNull(tenant, "tenant"), requireNonNull(ticket, "ticket")));
    }

    @Override
    public synchronized Optional<Instant> nextDue() {
        expire();
        @org.jspecify.annotations.Nullable Instant a =
            attemptsByDue.isEmpty() ? null : attemptsByDue.first().verdictDueAt();
        @org.jspecify.annotations.Nullable Instant r = routingsByAt.isEmpty() ? null : routingsByAt.first().at();
        if (a == null || (r != null && r.isBefore(a))) {
            return Optional.ofNullable(r);
        }
        return Optional.of(a);
    }

    @Override
    public synchronized long attemptCount() {
        expire();
        return attempts.size();
    }

    @Override
    public synchronized long routingCount() {
        expire();
        return routings.size();
    }

    private void expire() {
        Instant limit = clock.instant().minus(maxAge);
        while (!attemptsByAge.isEmpty() && attemptsByAge.first().answeredAt().isBefore(limit)) {
            BotAttempt old = attemptsByAge.first();
            dropAttempt(new Key(old.tenant(), old.ticket()));
        }
        while (!routingsByAt.isEmpty() && routingsByAt.first().at().isBefore(limit)) {
            BotRouting old = routingsByAt.first();
            dropRouting(new Key(old.tenant(), old.ticket()));
        }
    }

    private @org.jspecify.annotations.Nullable BotAttempt dropAttempt(Key key) {
        BotAttempt old = attempts.remove(key);
        if (old != null) {
            attemptsByDue.remove(old);
            attemptsByAge.remove(old);
            TreeSet<BotAttempt> ofTenant = attemptsOfTenant.get(key.tenant());
            if (ofTenant != null) {
                ofTenant.remove(old);
                if (ofTenant.isEmpty()) {
                    attemptsOfTenant.remove(key.tenant());
                }
            }
        }
        return old;
    }

    private boolean dropRouting(Key key) {
        BotRouting old = routings.remove(key);
        if (old != null) {
            routingsByAt.remove(old);
            routingsOfTenant.remove(key.tenant(), key);
        }
        return old != null;
    }

    /** @return the entries of {@code byDue} due at {@code now}, earliest first, at most {@code max} */
    private static <T> List<T> firstDue(TreeSet<T> byDue, java.util.function.Function<T, Instant> due, Instant now,
                                        int max) {
        List<T> out = new ArrayList<>();
        for (T entry : byDue) {
            if (due.apply(entry).isAfter(now) || out.size() == max) {
                break;
            }
            out.add(entry);
        }
        return out;
    }

    private static void positive(int max) {
        if (max < 1) {
            throw ValidationException.of("max", "must be positive, was " + max);
        }
    }
}
