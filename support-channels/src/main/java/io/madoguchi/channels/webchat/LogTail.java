package io.madoguchi.channels.webchat;

import io.madoguchi.core.Channel;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.MessageAdded;
import io.madoguchi.core.store.EventLog;
import io.madoguchi.core.ticket.Message;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * One reader of the durable event log shared by every stream of a chat: it keeps the last {@code capacity} public
 * web chat messages of its tenant by log position, and wakes only the streams of the customers those messages are
 * for (a stream registers a permit under its customer, or under its visitor until the customer exists). A
 * stream whose position is older than what the tail keeps reads the log itself, so nothing the log retains is
 * missed. Thread-safe.
 */
final class LogTail {

    private static final int BATCH = 500;

    /** A public web chat message at its log position. */
    record Entry(long position, String customerId, long ticketNumber, Message message) {
    }

    /**
     * What a scan found.
     *
     * @param entries the customer's messages, in log order
     * @param scannedTo the position scanned up to (the next scan starts after it)
     * @param lost whether positions after the asked one are no longer retained by the log (the client re-reads its
     *     history)
     */
    record Scan(List<Entry> entries, long scannedTo, boolean lost) {
    }

    private final EventLog log;
    private final TenantId tenant;
    private final int capacity;
    private final ConcurrentSkipListMap<Long, Entry> window = new ConcurrentSkipListMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentHashMap<String, Set<Semaphore>> waiters = new ConcurrentHashMap<>();
    /** Positions up to here have been read; every matching entry in (windowStart, readUpTo] is in the window. */
    private volatile long readUpTo;
    private volatile long windowStart;

    LogTail(EventLog log, TenantId tenant, int capacity) {
        this.log = log;
        this.tenant = tenant;
        this.capacity = capacity;
        long head = log.head();
        this.readUpTo = head;
        this.windowStart = head;
    }

    /** @return the position read up to */
    long position() {
        return readUpTo;
    }

    /** Reads what the log committed since the last read and wakes the waiting streams. */
    void refresh() {
        lock.lock();
        try {
            long from = readUpTo;
            Set<String> customers = new HashSet<>();
            while (true) {
                List<EventEnvelope> batch = log.read(from, BATCH);
                for (EventEnvelope e : batch) {
                    Entry entry = entry(e);
                    if (entry != null) {
                        window.put(entry.position(), entry);
                        customers.add(entry.customerId());
                    }
                    from = e.position();
                }
                if (batch.size() < BATCH) {
                    break;
                }
            }
            while (window.size() > capacity) {
                Map.Entry<Long, Entry> first = window.pollFirstEntry();
                if (first != null) {
                    windowStart = first.getKey();
                }
            }
            if (from > readUpTo) {
                readUpTo = from;
            }
            customers.forEach(c -> wake(customerKey(c)));
        } finally {
            lock.unlock();
        }
    }

    static String customerKey(String customerId) {
        return "c:" + customerId;
    }

    static String visitorKey(String visitorId) {
        return "v:" + visitorId;
    }

    /**
     * @param key whose messages wake the permit ({@link #customerKey} or {@link #visitorKey})
     * @param permit the waiting stream's permit
     */
    void register(String key, Semaphore permit) {
        waiters.compute(key, (k, set) -> {
            Set<Semaphore> s = set != null ? set : ConcurrentHashMap.newKeySet();
            s.add(permit);
            return s;
        });
    }

    void unregister(String key, Semaphore permit) {
        waiters.computeIfPresent(key, (k, set) -> {
            set.remove(permit);
            return set.isEmpty() ? null : set;
        });
    }

    /** Gives each permit registered under the key one wake-up (at most one outstanding). */
    void wake(String key) {
        Set<Semaphore> set = waiters.get(key);
        if (set != null) {
            for (Semaphore s : set) {
                if (s.availablePermits() == 0) {
                    s.release();
                }
            }
        }
    }

    /**
     * @param after the position a stream has scanned up to
     * @param customerId whose messages
     * @param max the most entries to return
     * @return the customer's messages after the position, from the window or, for an old position, from the log
     */
    Scan scan(long after, String customerId, int max) {
        boolean lost = false;
        long from = after;
        long oldest = log.oldest();
        if (from < oldest - 1) {
            lost = true;
            from = oldest - 1;
        }
        List<Entry> found = new ArrayList<>();
        while (true) {
            long start = windowStart;
            if (from < start) {
                // older than the window: read the log itself up to where the window takes over
                List<EventEnvelope> batch = log.read(from, BATCH);
                long next = start;
                for (EventEnvelope e : batch) {
                    if (e.position() > start) {
                        break;
                    }
                    Entry entry = entry(e);
                    if (entry != null && entry.customerId().equals(customerId)) {
                        found.add(entry);
                        if (found.size() >= max) {
                            return new Scan(found, e.position(), lost);
                        }
                    }
                    next = e.position();
                }
                from = batch.size() == BATCH ? next : start;
                continue;
            }
            long upTo = readUpTo;
            List<Entry> recent = new ArrayList<>();
            long last = Math.max(from, upTo);
            for (Entry e : window.subMap(from, false, upTo, true).values()) {
                if (e.customerId().equals(customerId)) {
                    recent.add(e);
                    if (found.size() + recent.size() >= max) {
                        last = e.position();
                        break;
                    }
                }
            }
            if (windowStart > from) {
                continue; // entries after 'from' were dropped from the window meanwhile: read them from the log
            }
            found.addAll(recent);
            return new Scan(found, last, lost);
        }
    }

    /** @return how many recent messages the tail keeps */
    int size() {
        return window.size();
    }

    private @Nullable Entry entry(EventEnvelope e) {
        if (e.event() instanceof MessageAdded m && m.tenantId().equals(tenant) && m.isPublicReply()
            && Channel.WEB_CHAT.equals(m.ticket().channel())) {
            return new Entry(e.position(), m.ticket().requester().value(), m.ticket().number(), m.message());
        }
        return null;
    }

    static long nanos(java.time.Duration d) {
        return TimeUnit.NANOSECONDS.convert(d);
    }
}
