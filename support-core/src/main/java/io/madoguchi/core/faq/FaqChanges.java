package io.madoguchi.core.faq;

import io.madoguchi.core.ValidationException;
import java.util.List;

/**
 * What changed in a tenant's catalog after a given revision, read at one revision: a derived cache (the matcher's
 * search index) that applies {@link #changed()} and takes {@link #synonyms()} is then the catalog at
 * {@link #revision()}. Immutable and thread-safe.
 *
 * @param revision the tenant's catalog revision the changes were read at (0 for an empty catalog)
 * @param changed  the current revision of every FAQ written after the given revision, in the order they were last
 *                 written (unpublished ones included)
 * @param synonyms the tenant's synonym groups at {@code revision}
 */
public record FaqChanges(long revision, List<FaqEntry> changed, List<List<String>> synonyms) {

    /**
     * Copies the lists.
     *
     * @param revision the tenant's catalog revision the changes were read at (0 for an empty catalog)
     * @param changed  the current revision of every FAQ written after the given revision, in the order they were last
     *     written (unpublished ones included)
     * @param synonyms the tenant's synonym groups at {@code revision}
     * @throws ValidationException naming {@code revision} when it is negative
     */
    public FaqChanges {
        if (revision < 0) {
            throw ValidationException.of("revision", "must be >= 0, was " + revision);
        }
        changed = List.copyOf(changed);
        synonyms = synonyms.stream().map(List::copyOf).toList();
    }
}
