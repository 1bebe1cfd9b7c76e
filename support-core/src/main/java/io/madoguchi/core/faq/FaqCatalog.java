package io.madoguchi.core.faq;

import io.madoguchi.core.NotFoundException;
import io.madoguchi.core.TenantId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * In-memory FAQ catalog per tenant, keeping every revision of every entry.
 *
 * <p>Thread-safe: mutations are serialized; listeners are called synchronously after each change, in
 * the mutating thread, with the current revision of every changed entry (unpublished entries included).
 */
public final class FaqCatalog {

    private final Map<TenantId, Map<String, List<FaqEntry>>> tenants = new HashMap<>();
    private final List<BiConsumer<TenantId, List<FaqEntry>>> listeners = new CopyOnWriteArrayList<>();

    /**
     * Registers a listener for changed entries.
     *
     * @param listener receives the tenant and the new revisions
     */
    public void addListener(BiConsumer<TenantId, List<FaqEntry>> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Stores a new revision of one entry (version = previous version + 1).
     *
     * @param tenant the tenant
     * @param entry  the entry; its version is ignored
     * @return the stored revision
     */
    public FaqEntry put(TenantId tenant, FaqEntry entry) {
        return putAll(tenant, List.of(entry)).get(0);
    }

    /**
     * Stores new revisions of several entries at once (one index update).
     *
     * @param tenant  the tenant
     * @param entries the entries; versions are ignored
     * @return the stored revisions
     */
    public List<FaqEntry> putAll(TenantId tenant, Collection<FaqEntry> entries) {
        Objects.requireNonNull(tenant, "tenant");
        List<FaqEntry> stored = new ArrayList<>(entries.size());
        synchronized (this) {
            Map<String, List<FaqEntry>> faqs = tenants.computeIfAbsent(tenant, t -> new LinkedHashMap<>());
            for (FaqEntry e : entries) {
                List<FaqEntry> history = faqs.computeIfAbsent(e.id(), k -> new ArrayList<>());
                FaqEntry rev = e.withVersion(history.size() + 1L);
                history.add(rev);
                stored.add(rev);
            }
        }
        List<FaqEntry> result = List.copyOf(stored);
        listeners.forEach(l -> l.accept(tenant, result));
        return result;
    }

    /**
     * Stores a new revision with the published flag changed.
     *
     * @param tenant    the tenant
     * @param id        the FAQ id
     * @param published the new flag
     * @return the stored revision
     * @throws NotFoundException if the FAQ does not exist
     */
    public FaqEntry setPublished(TenantId tenant, String id, boolean published) {
        FaqEntry current = get(tenant, id).orElseThrow(() -> new NotFoundException("FAQ " + id + " not found"));
        return put(tenant, current.withPublished(published));
    }

    /**
     * Returns the current revision of an entry.
     *
     * @param tenant the tenant
     * @param id     the FAQ id
     * @return the entry, if present
     */
    public synchronized Optional<FaqEntry> get(TenantId tenant, String id) {
        List<FaqEntry> history = tenants.getOrDefault(tenant, Map.of()).get(id);
        return history == null ? Optional.empty() : Optional.of(history.get(history.size() - 1));
    }

    /**
     * Returns all revisions of an entry, oldest first.
     *
     * @param tenant the tenant
     * @param id     the FAQ id
     * @return the revisions (empty if unknown)
     */
    public synchronized List<FaqEntry> history(TenantId tenant, String id) {
        return List.copyOf(tenants.getOrDefault(tenant, Map.of()).getOrDefault(id, List.of()));
    }

    /**
     * Returns the current revision of every entry of a tenant, in insertion order.
     *
     * @param tenant the tenant
     * @return the entries
     */
    public synchronized List<FaqEntry> entries(TenantId tenant) {
        List<FaqEntry> out = new ArrayList<>();
        tenants.getOrDefault(tenant, Map.of()).values().forEach(h -> out.add(h.get(h.size() - 1)));
        return List.copyOf(out);
    }

    /** @return the tenants that have entries */
    public synchronized List<TenantId> tenants() {
        return List.copyOf(tenants.keySet());
    }
}
