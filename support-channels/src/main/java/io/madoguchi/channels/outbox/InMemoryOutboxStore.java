package io.madoguchi.channels.outbox;

import static java.util.Objects.requireNonNull;

import io.madoguchi.channels.ReplyContext;
import io.madoguchi.channels.internal.MessageIds;
import io.madoguchi.core.Channel;
import io.madoguchi.core.ConflictException;
import io.madoguchi.core.NotFoundException;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The outbox in memory, for tests and single-process hosts: lost on restart. Bounded: finished rows (sent, dead) are
 * dropped once older than the retention or when the row limit is reached (oldest first); unfinished rows are never
 * dropped, and {@link #add} refuses a row with a transient {@link StoreException} while the store is full of them,
 * which makes the subscriber retry later. Reply contexts are kept for at most {@code maxContexts} inbound messages
 * (least recently used go first; once resolved, only each ticket's newest) and for the retention after the message
 * that carried them. Thread-safe.
 */
public final class InMemoryOutboxStore implements OutboxStore {

    private final int maxRows;
    private final int maxContexts;
    private final Duration retention;
    /** By id; a hash map, as every send reads and writes its row several times (the rare listings sort). */
    private final HashMap<Long, OutboxRow> rows = new HashMap<>();
    /** The finished rows of {@link #rows}, oldest first: pruning takes them from the front, never scanning all rows. */
    private final TreeSet<OutboxRow> finished = new TreeSet<>(InMemoryOutboxStore::byDueThenId);
    /** Kept contexts by tenant, channel and provider message id, least recently used first. */
    private final LinkedHashMap<String, Kept> contexts = new LinkedHashMap<>(16, 0.75f, true);
    /** The key of each ticket's newest resolved context, by tenant and ticket. */
    private final HashMap<String, String> byTicket = new HashMap<>();
    /** The keys of each sender's unresolved contexts, oldest first, by tenant, channel and sender. */
    private final HashMap<String, LinkedHashSet<String>> unresolved = new HashMap<>();

    /** A store of at most 100,000 rows and 10,000 reply contexts, each kept at most 7 days. */
    public InMemoryOutboxStore() {
        this(100_000, 10_000, Duration.ofDays(7));
    }

    /**
     * @param maxRows the most rows kept
     * @param maxContexts the most reply contexts kept
     * @param retention how long finished rows and contexts are kept
     * @throws IllegalArgumentException if a bound is not positive
     */
    public InMemoryOutboxStore(int maxRows, int maxContexts, Duration retention) {
        if (maxRows <= 0 || maxContexts <= 0 || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("outbox bounds must be positive");
        }
        this.maxRows = maxRows;
        this.maxContexts = maxContexts;
        this.retention = retention;
    }

    @Override
    public synchronized boolean add(OutboxRow row) {
        requireNonNull(row, "row");
        if (rows.containsKey(row.id())) {
            return false;
        }
        prune(row.createdAt());
        if (rows.size() >= maxRows) {
            throw new StoreException("the outbox holds " + rows.size() + " unfinished rows, its limit", true);
        }
        put(row.withVersion(1), null);
        return true;
    }

    /** Drops finished rows older than the retention, then the oldest finished ones while the store is full. */
    private void prune(Instant now) {
        Instant cutoff = now.minus(retention);
        while (!finished.isEmpty() && finished.first().nextAttemptAt().isBefore(cutoff)) {
            rows.remove(finished.pollFirst().id());
        }
        while (rows.size() >= maxRows && !finished.isEmpty()) {
            rows.remove(finished.pollFirst().id());
        }
    }

    /** Puts a row in place of the stored one, keeping the finished index in step. */
    private void put(OutboxRow next, @Nullable OutboxRow previous) {
        if (previous != null && previous.finished()) {
            finished.remove(previous);
        }
        rows.put(next.id(), next);
        if (next.finished()) {
            finished.add(next);
        }
    }

    @Override
    public synchronized Optional<OutboxRow> get(long id) {
        return Optional.ofNullable(rows.get(id));
    }

    @Override
    public synchronized OutboxRow update(OutboxRow row) {
        OutboxRow stored = rows.get(row.id());
        if (stored == null) {
            throw new NotFoundException("outbox row " + row.id() + " does not exist");
        }
        if (stored.version() != row.version()) {
            throw new ConflictException("outbox row " + row.id() + " is at version " + stored.version() + ", not "
                + row.version());
        }
        OutboxRow next = row.withVersion(row.version() + 1);
        put(next, stored);
        return next;
    }

    @Override
    public synchronized List<OutboxRow> due(Instant now, int max) {
        List<OutboxRow> due = new ArrayList<>();
        for (OutboxRow r : rows.values()) {
            if (!r.finished() && !r.nextAttemptAt().isAfter(now)) {
                due.add(r);
            }
        }
        due.sort(InMemoryOutboxStore::byDueThenId);
        return List.copyOf(due.subList(0, Math.min(max, due.size())));
    }

    @Override
    public synchronized List<OutboxRow> claimDue(Instant now, Instant leaseUntil, int max) {
        List<OutboxRow> claimed = new ArrayList<>();
        for (OutboxRow r : due(now, max)) {
            OutboxRow leased = r.with(OutboxRow.Status.SENDING, leaseUntil).withVersion(r.version() + 1);
            put(leased, r);
            claimed.add(leased);
        }
        return claimed;
    }

    @Override
    public synchronized List<OutboxRow> withStatus(OutboxRow.Status status, int max) {
        return rows.values().stream().filter(r -> r.status() == status)
            .sorted(Comparator.comparingLong(OutboxRow::id)).limit(max).toList();
    }

    @Override
    public synchronized boolean keepContext(TenantId tenantId, Channel channel, String providerMessageId,
                                            ChannelIdentity sender, ReplyContext context) {
        requireNonNull(context, "context");
        String key = key(tenantId, channel, MessageIds.checked(providerMessageId));
        Instant cutoff = context.receivedAt().minus(retention);
        List<String> expired = new ArrayList<>();
        for (Kept k : contexts.values()) {
            if (k.context.receivedAt().isBefore(cutoff)) {
                expired.add(k.key);
            }
        }
        expired.forEach(this::drop);
        if (contexts.containsKey(key)) {
            return false; // kept before: a redelivery leaves it as it is
        }
        String by = senderKey(tenantId, channel, requireNonNull(sender, "sender"));
        contexts.put(key, new Kept(key, providerMessageId, by, context, null, 0));
        LinkedHashSet<String> pending = unresolved.computeIfAbsent(by, x -> new LinkedHashSet<>());
        pending.add(key);
        if (pending.size() > UNRESOLVED_PER_SENDER) {
            drop(pending.iterator().next());
        }
        while (contexts.size() > maxContexts) {
            drop(contexts.keySet().iterator().next());
        }
        return true;
    }

    @Override
    public synchronized List<String> unresolvedContexts(TenantId tenantId, Channel channel, ChannelIdentity sender,
                                                        int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be positive, was " + max);
        }
        LinkedHashSet<String> pending = unresolved.get(senderKey(tenantId, channel, sender));
        if (pending == null) {
            return List.of();
        }
        List<String> ids = new ArrayList<>(pending.size());
        for (String key : pending) {
            ids.add(requireNonNull(contexts.get(key), "indexed context").id);
        }
        Collections.reverse(ids);
        return List.copyOf(ids.subList(0, Math.min(max, ids.size())));
    }

    @Override
    public synchronized boolean resolveContext(TenantId tenantId, Channel channel, String providerMessageId,
                                               TicketId ticketId, int seq) {
        requireNonNull(ticketId, "ticketId");
        String key = key(tenantId, channel, providerMessageId);
        Kept k = contexts.get(key);
        if (k == null || k.ticket != null) {
            return false;
        }
        removePending(k);
        String ticket = key(tenantId, ticketId);
        Kept newest = Optional.ofNullable(byTicket.get(ticket)).map(contexts::get).orElse(null);
        if (newest != null && newest.seq > seq) {
            contexts.remove(key); // an older message of the ticket: its context would never be used
            return true;
        }
        if (newest != null) {
            drop(newest.key);
        }
        contexts.put(key, new Kept(key, k.id, k.sender, k.context, ticket, seq));
        byTicket.put(ticket, key);
        return true;
    }

    @Override
    public synchronized void forgetContext(TenantId tenantId, Channel channel, String providerMessageId) {
        Kept k = contexts.get(key(tenantId, channel, providerMessageId));
        if (k != null && k.ticket == null) {
            drop(k.key);
        }
    }

    @Override
    public synchronized Optional<ReplyContext> takeContext(TenantId tenantId, TicketId ticketId) {
        String key = byTicket.get(key(tenantId, ticketId));
        Kept k = key == null ? null : contexts.get(key);
        if (k == null) {
            return Optional.empty();
        }
        contexts.put(key, new Kept(k.key, k.id, k.sender, k.context.withoutToken(), k.ticket, k.seq));
        return Optional.of(k.context);
    }

    /** Removes a kept context and its index entries. */
    private void drop(String key) {
        Kept k = contexts.remove(key);
        if (k == null) {
            return;
        }
        if (k.ticket == null) {
            removePending(k);
        } else if (key.equals(byTicket.get(k.ticket))) {
            byTicket.remove(k.ticket);
        }
    }

    private void removePending(Kept k) {
        LinkedHashSet<String> pending = unresolved.get(k.sender);
        if (pending != null && pending.remove(k.key) && pending.isEmpty()) {
            unresolved.remove(k.sender);
        }
    }

    /**
     * A kept reply context.
     *
     * @param key tenant, channel and provider message id
     * @param id the provider message id
     * @param sender tenant, channel and sender identity
     * @param context the context
     * @param ticket tenant and ticket once resolved, else null
     * @param seq the message's position on the ticket once resolved
     */
    private record Kept(String key, String id, String sender, ReplyContext context, @Nullable String ticket, int seq) {
    }

    /** @return how many rows are held (for tests of the bound) */
    public synchronized int size() {
        return rows.size();
    }

    /** @return how many reply contexts are held (for tests of the bound) */
    public synchronized int contextCount() {
        return contexts.size();
    }

    /** Oldest due first, then by id: written out, as it runs a dozen times for every finished row. */
    private static int byDueThenId(OutboxRow a, OutboxRow b) {
        int c = a.nextAttemptAt().compareTo(b.nextAttemptAt());
        return c != 0 ? c : Long.compare(a.id(), b.id());
    }

    private static String key(TenantId tenantId, TicketId ticketId) {
        return tenantId.value() + "\u0000" + ticketId.value();
    }

    private static String key(TenantId tenantId, Channel channel, String providerMessageId) {
        return tenantId.value() + "\u0000" + channel.name() + "\u0000" + requireNonNull(providerMessageId, "id");
    }

    private static String senderKey(TenantId tenantId, Channel channel, ChannelIdentity sender) {
        return tenantId.value() + "\u0000" + channel.name() + "\u0000" + sender.kind() + "\u0000" + sender.value();
    }
}
