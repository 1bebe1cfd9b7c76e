package io.madoguchi.core.faq;

import io.madoguchi.core.ConflictException;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.faq.internal.TextChecks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where the FAQ state lives (SPI), so a restarted host, or another host instance on the same store, finds it again:
 * each tenant's catalog (every revision of every FAQ) with a catalog revision number that increases on every change,
 * the tenant's synonym groups, the learning boosts from feedback, and the gap log of questions nothing answered.
 * The matcher's search index is only a cache derived from the catalog: it polls {@link #revision(TenantId)} and
 * applies {@link #changesSince(TenantId, long)} when the revision moved.
 *
 * <p>Writes to a FAQ are optimistic: an entry written with version N &gt; 0 replaces revision N and fails with a
 * {@link ConflictException} naming the FAQ when someone else wrote it first, so a lost update is impossible; an
 * entry with version 0 (an import) is written whatever the current revision is. Writing an entry equal to the
 * current revision (but for its version) changes nothing and does not move the catalog revision.
 *
 * <p>The gap log and the boosts grow with what customers ask; implementations bound both by count and by age
 * ({@link FaqRetention}) and never return what is older than the age bound. Instants are truncated to
 * microseconds. Implementations must be thread-safe and pass {@code FaqStoreContract} (support-core test-jar).
 * {@link InMemoryFaqStore} is the default; {@code io.madoguchi.core.store.jdbc.JdbcFaqStore} keeps it in
 * PostgreSQL or H2.
 */
public interface FaqStore {

    /**
     * Computes a boost's new value from its current state; a store calls it inside its atomic update (possibly
     * more than once when a database retries), so it must have no side effects.
     */
    @FunctionalInterface
    interface BoostUpdate {
        /**
         * @param current the stored boost, or null when there is none (or it is older than the age bound)
         * @return the new value
         */
        double apply(@Nullable FaqBoost current);
    }

    /**
     * @param tenant the tenant
     * @return the tenant's catalog revision: 0 before the first change, then increased by every write that changes
     *     an FAQ or the synonyms
     * @throws io.madoguchi.core.store.StoreException if the store failed
     */
    long revision(TenantId tenant);

    /**
     * Reads, at one revision, the FAQs written after a revision and the synonyms.
     *
     * @param tenant the tenant
     * @param afterRevision a revision this caller has already applied; 0 for everything
     * @return the changes
     * @throws io.madoguchi.core.store.StoreException if the store failed
     */
    FaqChanges changesSince(TenantId tenant, long afterRevision);

    /**
     * Writes new revisions of FAQs, all or nothing, as one catalog revision (when anything changed).
     *
     * @param tenant the tenant
     * @param entries the entries; version 0 writes whatever the current revision is, version N &gt; 0 only if
     *     revision N is the current one
     * @return the stored revisions (the current one, unchanged, for an entry equal to it), in input order
     * @throws ConflictException naming the FAQ when an entry's version is not the current one; nothing is written
     * @throws io.madoguchi.core.store.StoreException if the store failed; nothing is written
     */
    List<FaqEntry> write(TenantId tenant, List<FaqEntry> entries);

    /**
     * @param tenant the tenant
     * @param id the FAQ id
     * @return the current revision of the FAQ, if it exists
     */
    Optional<FaqEntry> entry(TenantId tenant, String id);

    /**
     * @param tenant the tenant
     * @param id the FAQ id
     * @return every revision of the FAQ, oldest first (empty if unknown)
     */
    List<FaqEntry> history(TenantId tenant, String id);

    /**
     * @param tenant the tenant
     * @return the current revision of every FAQ of the tenant, in the order they were first written
     */
    List<FaqEntry> entries(TenantId tenant);

    /** @return the tenants whose catalog changed at least once (FAQs or synonyms written), in no particular order */
    List<TenantId> tenants();

    /**
     * @param tenant the tenant
     * @return the tenant's synonym groups
     */
    List<List<String>> synonyms(TenantId tenant);

    /**
     * Replaces a tenant's synonym groups and moves its catalog revision (matchers re-read them).
     *
     * @param tenant the tenant
     * @param groups the groups, as {@link #checkSynonyms} accepts them
     * @throws ValidationException naming the group or entry that is invalid; nothing is written
     */
    void setSynonyms(TenantId tenant, List<List<String>> groups);

    /**
     * Changes one boost atomically: of two concurrent updates neither is lost. Also drops the tenant's boosts
     * beyond the retention bounds.
     *
     * @param tenant the tenant
     * @param language the language, ja or en
     * @param queryKey the normalized query, or empty for the FAQ's boost whatever the query
     * @param faqId the FAQ
     * @param now the time of the feedback
     * @param update computes the new value from the stored boost
     * @return the stored boost
     * @throws ValidationException naming {@code language}, {@code queryKey} or {@code faqId} when invalid
     */
    FaqBoost updateBoost(TenantId tenant, String language, String queryKey, String faqId, Instant now,
                         BoostUpdate update);

    /**
     * Reads the boosts a ranking needs: for each FAQ, its boost for the query and its boost whatever the query.
     *
     * @param tenant the tenant
     * @param language the language
     * @param queryKey the normalized query
     * @param faqIds the FAQs ranked
     * @param now the time of the query; boosts older than the age bound are not returned
     * @return the stored boosts among those keys, in no particular order
     */
    List<FaqBoost> boosts(TenantId tenant, String language, String queryKey, Collection<String> faqIds, Instant now);

    /**
     * @param tenant the tenant
     * @return how many boosts the store holds for the tenant, for a gauge and for the bound's test
     */
    long boostCount(TenantId tenant);

    /**
     * Appends a question to the gap log, dropping the oldest beyond the count bound and those older than the age
     * bound (measured from the question's time).
     *
     * @param gap the question
     */
    void recordGap(FaqGapQuery gap);

    /**
     * @param tenant the tenant
     * @param language the language
     * @param now the time of the read; older questions than the age bound are not returned (and are dropped)
     * @return the gap log of the tenant and language, oldest first
     */
    List<FaqGapQuery> gaps(TenantId tenant, String language, Instant now);

    /**
     * @param tenant the tenant
     * @param language the language
     * @return how many questions the gap log holds for the tenant and language, for a gauge
     */
    long gapCount(TenantId tenant, String language);

    /**
     * @param tenant the tenant
     * @return how many FAQs (not revisions) the tenant has, for a gauge
     */
    long faqCount(TenantId tenant);

    /**
     * Checks a language code for the store.
     *
     * @param language the code
     * @return the code
     * @throws ValidationException naming {@code language} unless it is {@code ja} or {@code en}
     */
    static String checkLanguage(String language) {
        if (!"ja".equals(language) && !"en".equals(language)) {
            throw ValidationException.of("language", "must be ja or en, was '" + language + "'");
        }
        return language;
    }

    /**
     * Checks synonym groups as every store must before writing them.
     *
     * @param groups the groups
     * @return an immutable copy
     * @throws ValidationException naming the group ({@code synonyms[i]}) with fewer than two entries or the entry
     *     ({@code synonyms[i][j]}) that is blank, longer than 100 characters or has control characters, or
     *     {@code synonyms} when there are more than 10,000 groups
     */
    static List<List<String>> checkSynonyms(List<List<String>> groups) {
        if (groups.size() > 10_000) {
            throw ValidationException.of("synonyms", "must hold at most 10000 groups, held " + groups.size());
        }
        List<List<String>> copy = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            List<String> g = groups.get(i);
            if (g.size() < 2) {
                throw ValidationException.of("synonyms[" + i + "]", "must have at least two entries");
            }
            if (g.size() > 100) {
                throw ValidationException.of("synonyms[" + i + "]", "must have at most 100 entries, had " + g.size());
            }
            for (int j = 0; j < g.size(); j++) {
                TextChecks.requireText("synonyms[" + i + "][" + j + "]", g.get(j), 100, false);
            }
            copy.add(List.copyOf(g));
        }
        return List.copyOf(copy);
    }
}
