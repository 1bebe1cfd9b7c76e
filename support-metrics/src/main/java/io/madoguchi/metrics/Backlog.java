package io.madoguchi.metrics;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.ticket.TicketQuery;
import io.madoguchi.core.ticket.TicketStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Backlog levels, counted by the desk's store ({@link SupportDesk#count}) at the moment they are asked for, never
 * from event-listener state: a restart or a second instance gives the same numbers. Thread-safe (stateless apart
 * from its configuration).
 */
public final class Backlog {

    /** The statuses of tickets still waiting for work. */
    public static final List<TicketStatus> OPEN_STATUSES =
        List.of(TicketStatus.NEW, TicketStatus.OPEN, TicketStatus.PENDING, TicketStatus.ON_HOLD);

    /** Age buckets of the backlog, by time since creation. */
    public static final List<Duration> AGE_BOUNDS = List.of(Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(7));

    /** The keys of {@link #byAge}, youngest first: one per bound and one for the oldest. */
    public static final List<String> AGE_KEYS = List.of("lt_1d", "1d_3d", "3d_7d", "ge_7d");

    private final SupportDesk desk;
    private final Clock clock;

    /**
     * @param desk the desk whose store counts
     * @param clock the clock that says what "now" is for ticket ages
     */
    public Backlog(SupportDesk desk, Clock clock) {
        this.desk = requireNonNull(desk, "desk");
        this.clock = requireNonNull(clock, "clock");
    }

    /**
     * @param staff a staff principal of the tenant to count
     * @param status a status
     * @return how many of the tenant's tickets have it
     */
    public long count(Principal staff, TicketStatus status) {
        return desk.count(staff, TicketQuery.builder().status(status).build());
    }

    /**
     * @param staff a staff principal of the tenant to count
     * @return the open backlog per status (new, open, pending, on-hold)
     */
    public Map<TicketStatus, Long> byStatus(Principal staff) {
        Map<TicketStatus, Long> out = new EnumMap<>(TicketStatus.class);
        for (TicketStatus s : OPEN_STATUSES) {
            out.put(s, count(staff, s));
        }
        return out;
    }

    /**
     * The open backlog by age: keys {@code lt_1d}, {@code 1d_3d}, {@code 3d_7d}, {@code ge_7d}.
     *
     * @param staff a staff principal of the tenant to count
     * @return counts per age bucket, youngest first
     */
    public Map<String, Long> byAge(Principal staff) {
        Instant now = clock.instant();
        Map<String, Long> out = new LinkedHashMap<>();
        Instant newer = now.plusNanos(1000);
        for (int i = 0; i < AGE_BOUNDS.size(); i++) {
            Instant older = now.minus(AGE_BOUNDS.get(i));
            out.put(AGE_KEYS.get(i), countCreated(staff, older, newer));
            newer = older;
        }
        out.put(AGE_KEYS.get(AGE_BOUNDS.size()), countCreated(staff, Instant.EPOCH, newer));
        return out;
    }

    private long countCreated(Principal staff, Instant from, Instant to) {
        return desk.count(staff, TicketQuery.builder().status(OPEN_STATUSES.toArray(TicketStatus[]::new))
            .createdBetween(from, to).build());
    }
}
