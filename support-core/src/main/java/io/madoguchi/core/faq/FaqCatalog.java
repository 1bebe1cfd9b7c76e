package io.madoguchi.core.faq;

import io.madoguchi.core.ConflictException;
import io.madoguchi.core.NotFoundException;
import io.madoguchi.core.TenantId;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * The FAQ catalog per tenant, keeping every revision of every entry in a {@link FaqStore} (in memory unless one is
 * given), so a catalog built again on the same store after a restart, or by another host instance, finds it.
 *
 * <p>Edits are optimistic: an entry read from the catalog carries its {@link FaqEntry#version() version}, and
 * putting it back after a change fails with a {@link ConflictException} naming the FAQ when someone else changed it
 * meanwhile. An entry with version 0 (built, imported) is written whatever the current revision is; putting an
 * entry equal to the current revision changes nothing.
 *
 * <p>Thread-safe. Listeners are called synchronously after each change, in the mutating thread, with the current
 * revision of every written entry (unpublished entries included); changes made by other instances on a shared store
 * reach no listener here (a matcher finds them by polling {@link #revision(TenantId)}).
 */
public final class FaqCatalog {

    private final FaqStore store;
    private final List<BiConsumer<TenantId, List<FaqEntry>>> listeners = new CopyOnWriteArrayList<>();

    /** A catalog on a new {@link InMemoryFaqStore} with the default bounds. */
    public FaqCatalog() {
        this(new InMemoryFaqStore());
    }

    /**
     * A catalog on a store: the FAQs, synonyms, boosts and gap log already in it are there.
     *
     * @param store the store
     */
    public FaqCatalog(FaqStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** @return the store the catalog (and matchers built on it) keep their state in */
    public FaqStore store() {
        return store;
    }

    /**
     * Registers a listener for changed entries.
     *
     * @param listener receives the tenant and the new revisions
     */
    public void addListener(BiConsumer<TenantId, List<FaqEntry>> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Removes a listener registered with {@link #addListener}.
     *
     * @param listener the listener
     */
    public void removeListener(BiConsumer<TenantId, List<FaqEntry>> listener) {
        listeners.remove(listener);
    }

    /**
     * Stores a new revision of one entry (version = previous version + 1).
     *
     * @param tenant the tenant
     * @param entry  the entry; version 0 writes whatever the current revision is, version N only if N is current
     * @return the stored revision
     * @throws ConflictException naming the FAQ when its version is not the current one
     */
    public FaqEntry put(TenantId tenant, FaqEntry entry) {
        return putAll(tenant, List.of(entry)).get(0);
    }

    /**
     * Stores new revisions of several entries at once, all or nothing (one catalog revision, one index update).
     *
     * @param tenant  the tenant
     * @param entries the entries; version 0 writes whatever the current revision is, version N only if N is current
     * @return the stored revisions
     * @throws ConflictException naming the first FAQ whose version is not the current one; nothing is written
     */
    public List<FaqEntry> putAll(TenantId tenant, Collection<FaqEntry> entries) {
        Objects.requireNonNull(tenant, "tenant");
        List<FaqEntry> batch = List.copyOf(entries);
        List<FaqEntry> result = store.write(tenant, batch);
        listeners.forEach(l -> l.accept(tenant, result));
        return result;
    }

    /**
     * Stores a new revision with the published flag changed, based on the current revision (read again and retried
     * when another edit lands in between).
     *
     * @param tenant    the tenant
     * @param id        the FAQ id
     * @param published the new flag
     * @return the stored revision
     * @throws NotFoundException if the FAQ does not exist
     * @throws ConflictException if other edits kept landing in between
     */
    public FaqEntry setPublished(TenantId tenant, String id, boolean published) {
        for (int attempt = 1; ; attempt++) {
            FaqEntry current = get(tenant, id).orElseThrow(() -> new NotFoundException("FAQ " + id + " not found"));
            try {
                return put(tenant, current.withPublished(published));
            } catch (ConflictException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    /**
     * Returns the current revision of an entry.
     *
     * @param tenant the tenant
     * @param id     the FAQ id
     * @return the entry, if present
     */
    public Optional<FaqEntry> get(TenantId tenant, String id) {
        return store.entry(Objects.requireNonNull(tenant, "tenant"), Objects.requireNonNull(id, "id"));
    }

    /**
     * Returns all revisions of an entry, oldest first.
     *
     * @param tenant the tenant
     * @param id     the FAQ id
     * @return the revisions (empty if unknown)
     */
    public List<FaqEntry> history(TenantId tenant, String id) {
        return store.history(Objects.requireNonNull(tenant, "tenant"), Objects.requireNonNull(id, "id"));
    }

    /**
     * Returns the current revision of every entry of a tenant, in the order they were first stored.
     *
     * @param tenant the tenant
     * @return the entries
     */
    public List<FaqEntry> entries(TenantId tenant) {
        return store.entries(Objects.requireNonNull(tenant, "tenant"));
    }

    /** @return the tenants that have entries */
    public List<TenantId> tenants() {
        return store.tenants();
    }

    /**
     * @param tenant the tenant
     * @return the tenant's catalog revision, which every change moves (0 before the first)
     */
    public long revision(TenantId tenant) {
        return store.revision(Objects.requireNonNull(tenant, "tenant"));
    }
}
