package io.madoguchi.core.sla.store;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.ConflictException;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A thread-safe in-memory {@link SlaStore}: one lock, a map of states, the due rows in a sorted set and the
 * breached tickets in a map. It grows with the tracked tickets, as the desk's store does; the engine's
 * {@code forget} removes a ticket.
 */
public final class InMemorySlaStore implements SlaStore {

    private record Key(TenantId tenant, TicketId ticket) {
    }

    private static final Comparator<Key> KEY_ORDER = Comparator.<Key, String>comparing(k -> k.tenant().value())
        .thenComparing(k -> k.ticket().value());

    private final TreeMap<Key, SlaState> states = new TreeMap<>(KEY_ORDER);
    private final TreeSet<SlaDueRow> due = new TreeSet<>(SlaDueRow.ORDER);
    private final Map<Key, SlaState> breached = new LinkedHashMap<>();
    private final Map<SlaDueRow, Lease> leases = new HashMap<>();

    private record Lease(String owner, Instant until) {
    }

    /** An empty store. */
    public InMemorySlaStore() {
    }

    @Override
    public synchronized Optional<SlaState> state(TenantId tenant, TicketId ticket) {
        return Optional.ofNullable(
            states.get(new Key(requireNonNull(tenant, "tenant"), requireNonNull(ticket, "ticket"))));
    }

    @Override
    public synchronized void save(SlaState state, long expectedVersion) {
        requireNonNull(state, "state");
        if (state.version() != expectedVersion + 1) {
            throw new IllegalArgumentException("the new state's version must be " + (expectedVersion + 1) + ", was "
                + state.version());
        }
        Key key = new Key(state.tenant(), state.ticket());
        SlaState old = states.get(key);
        long stored = old == null ? 0 : old.version();
        if (stored != expectedVersion) {
            throw new ConflictException("the SLA state of ticket " + state.ticket() + " is at version " + stored
                + ", the change was based on version " + expectedVersion);
        }
        if (old != null) {
            old.due().forEach(this::dropRow);
        }
        states.put(key, state);
        due.addAll(state.due());
        if (state.breached()) {
            breached.put(key, state);
        } else {
            breached.remove(key);
        }
    }

    @Override
    public synchronized boolean remove(TenantId tenant, TicketId ticket) {
        Key key = new Key(requireNonNull(tenant, "tenant"), requireNonNull(ticket, "ticket"));
        SlaState old = states.remove(key);
        if (old == null) {
            return false;
        }
        old.due().forEach(this::dropRow);
        breached.remove(key);
        return true;
    }

    @Override
    public synchronized List<SlaDueRow> due(Instant until, int max) {
        requireNonNull(until, "until");
        if (max <= 0) {
            throw new IllegalArgumentException("max must be positive, was " + max);
        }
        List<SlaDueRow> out = new ArrayList<>(Math.min(max, 64));
        for (SlaDueRow row : due) {
            if (row.at().isAfter(until) || out.size() == max) {
                break;
            }
            out.add(row);
        }
        return out;
    }

    @Override
    public synchronized List<SlaDueRow> lease(Instant until, int max, String owner, Instant now, Duration leaseFor) {
        requireNonNull(until, "until");
        requireNonNull(owner, "owner");
        requireNonNull(now, "now");
        if (max <= 0 || leaseFor.isNegative() || leaseFor.isZero()) {
            throw new IllegalArgumentException("max and leaseFor must be positive, were " + max + " and " + leaseFor);
        }
        Lease mine = new Lease(owner, now.plus(leaseFor));
        List<SlaDueRow> out = new ArrayList<>(Math.min(max, 64));
        for (SlaDueRow row : due) {
            if (row.at().isAfter(until) || out.size() == max) {
                break;
            }
            Lease held = leases.get(row);
            if (held == null || !held.until().isAfter(now) || held.owner().equals(owner)) {
                leases.put(row, mine);
                out.add(row);
            }
        }
        return out;
    }

    private void dropRow(SlaDueRow row) {
        due.remove(row);
        leases.remove(row);
    }

    @Override
    public synchronized List<SlaState> states(@Nullable TenantId afterTenant, @Nullable TicketId afterTicket,
                                              int max) {
        if (max <= 0) {
            throw new IllegalArgumentException("max must be positive, was " + max);
        }
        if ((afterTenant == null) != (afterTicket == null)) {
            throw new IllegalArgumentException("give both afterTenant and afterTicket, or neither");
        }
        Map<Key, SlaState> tail = afterTenant == null ? states
            : states.tailMap(new Key(afterTenant, afterTicket), false);
        List<SlaState> out = new ArrayList<>(Math.min(max, 64));
        for (SlaState st : tail.values()) {
            if (out.size() == max) {
                break;
            }
            out.add(st);
        }
        return out;
    }

    @Override
    public synchronized Optional<Instant> nextDue() {
        return due.isEmpty() ? Optional.empty() : Optional.of(due.first().at());
    }

    @Override
    public synchronized List<SlaState> breached() {
        return List.copyOf(breached.values());
    }

    @Override
    public synchronized long count() {
        return states.size();
    }
}
