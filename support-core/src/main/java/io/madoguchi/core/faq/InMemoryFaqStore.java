package io.madoguchi.core.faq;

import io.madoguchi.core.ConflictException;
import io.madoguchi.core.TenantId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory {@link FaqStore}, the default: lost with the process, so a host that rebuilds its matcher shares
 * one instance (or uses {@code JdbcFaqStore}). Bounded as its {@link FaqRetention} says. Thread-safe: catalog
 * writes are serialized by one lock, reads of the revision take none; boosts and the gap log have a lock per
 * tenant (and language). A question or boost exactly as old as the age bound is kept.
 */
public final class InMemoryFaqStore implements FaqStore {

    /** One stored revision of an FAQ, with the catalog revision and the position in the write that made it. */
    private record Stored(FaqEntry entry, long revision, int ordinal) {
    }

    private static final class Catalog {
        volatile long revision;
        volatile List<List<String>> synonyms = List.of();
        /** Histories in the order the FAQs were first written. */
        final Map<String, List<Stored>> faqs = new LinkedHashMap<>();
    }

    private record BoostKey(String language, String queryKey, String faqId) {
    }

    private record GapScope(TenantId tenant, String language) {
    }

    private final FaqRetention retention;
    private final Map<TenantId, Catalog> catalogs = new ConcurrentHashMap<>();
    /** Per tenant, in the order of their last change (the least recently changed first). */
    private final Map<TenantId, LinkedHashMap<BoostKey, FaqBoost>> boosts = new ConcurrentHashMap<>();
    private final Map<GapScope, Deque<FaqGapQuery>> gaps = new ConcurrentHashMap<>();

    /** A store with the {@link FaqRetention#defaults() default bounds}. */
    public InMemoryFaqStore() {
        this(FaqRetention.defaults());
    }

    /** @param retention the bounds of the gap log and the boosts */
    public InMemoryFaqStore(FaqRetention retention) {
        this.retention = Objects.requireNonNull(retention, "retention");
    }

    @Override
    public long revision(TenantId tenant) {
        Catalog c = catalogs.get(Objects.requireNonNull(tenant, "tenant"));
        return c == null ? 0 : c.revision;
    }

    @Override
    public synchronized FaqChanges changesSince(TenantId tenant, long afterRevision) {
        Catalog c = catalogs.get(Objects.requireNonNull(tenant, "tenant"));
        if (c == null) {
            return new FaqChanges(0, List.of(), List.of());
        }
        List<Stored> changed = new ArrayList<>();
        for (List<Stored> history : c.faqs.values()) {
            Stored last = history.get(history.size() - 1);
            if (last.revision() > afterRevision) {
                changed.add(last);
            }
        }
        changed.sort(Comparator.comparingLong(Stored::revision).thenComparingInt(Stored::ordinal));
        return new FaqChanges(c.revision, changed.stream().map(Stored::entry).toList(), c.synonyms);
    }

    @Override
    public synchronized List<FaqEntry> write(TenantId tenant, List<FaqEntry> entries) {
        Objects.requireNonNull(tenant, "tenant");
        List<FaqEntry> batch = List.copyOf(entries);
        Catalog c = catalogs.get(tenant);
        // check every expected version first: all or nothing
        Map<String, Long> versions = new LinkedHashMap<>();
        for (FaqEntry e : batch) {
            List<Stored> history = c == null ? null : c.faqs.get(e.id());
            long current = versions.getOrDefault(e.id(), history == null ? 0L : (long) history.size());
            if (e.version() != 0 && e.version() != current) {
                throw conflict(e, current);
            }
            versions.put(e.id(), current + 1);
        }
        if (c == null) {
            c = new Catalog();
        }
        long revision = c.revision + 1;
        List<FaqEntry> out = new ArrayList<>(batch.size());
        int ordinal = 0;
        for (FaqEntry e : batch) {
            List<Stored> history = c.faqs.computeIfAbsent(e.id(), k -> new ArrayList<>());
            if (!history.isEmpty()) {
                FaqEntry current = history.get(history.size() - 1).entry();
                if (e.withVersion(current.version()).equals(current)) {
                    out.add(current);
                    continue;
                }
            }
            FaqEntry stored = e.withVersion(history.size() + 1L);
            history.add(new Stored(stored, revision, ordinal++));
            out.add(stored);
        }
        if (ordinal > 0) {
            c.revision = revision;
            catalogs.putIfAbsent(tenant, c);
        }
        return List.copyOf(out);
    }

    static ConflictException conflict(FaqEntry e, long current) {
        return new ConflictException("FAQ '" + e.id() + "' was changed meanwhile: the edit is based on version "
            + e.version() + ", the current version is " + current + "; read it again and retry");
    }

    @Override
    public synchronized Optional<FaqEntry> entry(TenantId tenant, String id) {
        Catalog c = catalogs.get(tenant);
        List<Stored> history = c == null ? null : c.faqs.get(id);
        return history == null ? Optional.empty() : Optional.of(history.get(history.size() - 1).entry());
    }

    @Override
    public synchronized List<FaqEntry> history(TenantId tenant, String id) {
        Catalog c = catalogs.get(tenant);
        List<Stored> history = c == null ? null : c.faqs.get(id);
        return history == null ? List.of() : history.stream().map(Stored::entry).toList();
    }

    @Override
    public synchronized List<FaqEntry> entries(TenantId tenant) {
        Catalog c = catalogs.get(tenant);
        if (c == null) {
            return List.of();
        }
        return c.faqs.values().stream().map(h -> h.get(h.size() - 1).entry()).toList();
    }

    @Override
    public List<TenantId> tenants() {
        return List.copyOf(catalogs.keySet());
    }

    @Override
    public List<List<String>> synonyms(TenantId tenant) {
        Catalog c = catalogs.get(tenant);
        return c == null ? List.of() : c.synonyms;
    }

    @Override
    public synchronized void setSynonyms(TenantId tenant, List<List<String>> groups) {
        Objects.requireNonNull(tenant, "tenant");
        List<List<String>> copy = FaqStore.checkSynonyms(groups);
        Catalog c = catalogs.computeIfAbsent(tenant, t -> new Catalog());
        c.synonyms = copy;
        c.revision++;
    }

    @Override
    public long faqCount(TenantId tenant) {
        Catalog c = catalogs.get(tenant);
        if (c == null) {
            return 0;
        }
        synchronized (this) {
            return c.faqs.size();
        }
    }

    @Override
    public FaqBoost updateBoost(TenantId tenant, String language, String queryKey, String faqId, Instant now,
                                BoostUpdate update) {
        Objects.requireNonNull(update, "update");
        BoostKey key = new BoostKey(FaqStore.checkLanguage(language), queryKey, faqId);
        LinkedHashMap<BoostKey, FaqBoost> map = boosts.computeIfAbsent(tenant, t -> new LinkedHashMap<>());
        synchronized (map) {
            dropOldBoosts(map, now);
            FaqBoost current = map.remove(key);
            FaqBoost next = new FaqBoost(tenant, language, queryKey, faqId, update.apply(current), now);
            map.put(key, next);
            Iterator<FaqBoost> it = map.values().iterator();
            while (map.size() > retention.maxBoostsPerTenant() && it.hasNext()) {
                it.next();
                it.remove();
            }
            return next;
        }
    }

    private void dropOldBoosts(LinkedHashMap<BoostKey, FaqBoost> map, Instant now) {
        // the least recently changed come first: stop at the first that is young enough
        Instant cutoff = now.truncatedTo(ChronoUnit.MICROS).minus(retention.boostMaxAge());
        Iterator<FaqBoost> it = map.values().iterator();
        while (it.hasNext() && it.next().at().isBefore(cutoff)) {
            it.remove();
        }
    }

    @Override
    public List<FaqBoost> boosts(TenantId tenant, String language, String queryKey, Collection<String> faqIds,
                                 Instant now) {
        LinkedHashMap<BoostKey, FaqBoost> map = boosts.get(tenant);
        if (map == null) {
            return List.of();
        }
        Instant cutoff = now.truncatedTo(ChronoUnit.MICROS).minus(retention.boostMaxAge());
        List<FaqBoost> out = new ArrayList<>();
        synchronized (map) {
            if (map.isEmpty()) {
                return List.of();
            }
            for (String id : faqIds) {
                FaqBoost q = map.get(new BoostKey(language, queryKey, id));
                FaqBoost f = queryKey.isEmpty() ? null : map.get(new BoostKey(language, "", id));
                if (q != null && !q.at().isBefore(cutoff)) {
                    out.add(q);
                }
                if (f != null && !f.at().isBefore(cutoff)) {
                    out.add(f);
                }
            }
        }
        return out;
    }

    @Override
    public long boostCount(TenantId tenant) {
        LinkedHashMap<BoostKey, FaqBoost> map = boosts.get(tenant);
        if (map == null) {
            return 0;
        }
        synchronized (map) {
            return map.size();
        }
    }

    @Override
    public void recordGap(FaqGapQuery gap) {
        Deque<FaqGapQuery> log = gaps.computeIfAbsent(new GapScope(gap.tenant(), gap.language()),
            s -> new ArrayDeque<>());
        synchronized (log) {
            log.addLast(gap);
            dropOldGaps(log, gap.at());
            while (log.size() > retention.maxGapsPerLanguage()) {
                log.removeFirst();
            }
        }
    }

    private void dropOldGaps(Deque<FaqGapQuery> log, Instant now) {
        // appended in the order asked: stop at the first that is young enough
        Instant cutoff = now.truncatedTo(ChronoUnit.MICROS).minus(retention.gapMaxAge());
        while (!log.isEmpty() && log.peekFirst().at().isBefore(cutoff)) {
            log.removeFirst();
        }
    }

    @Override
    public List<FaqGapQuery> gaps(TenantId tenant, String language, Instant now) {
        Deque<FaqGapQuery> log = gaps.get(new GapScope(tenant, FaqStore.checkLanguage(language)));
        if (log == null) {
            return List.of();
        }
        synchronized (log) {
            dropOldGaps(log, now);
            return List.copyOf(log);
        }
    }

    @Override
    public long gapCount(TenantId tenant, String language) {
        Deque<FaqGapQuery> log = gaps.get(new GapScope(tenant, language));
        if (log == null) {
            return 0;
        }
        synchronized (log) {
            return log.size();
        }
    }
}
