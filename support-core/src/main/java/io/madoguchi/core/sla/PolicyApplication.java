package io.madoguchi.core.sla;

import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a ticket's policy history: from {@code at} on, this policy applied. Immutable.
 *
 * @param at when it started applying
 * @param policyName the policy's name; null when no policy applied
 */
public record PolicyApplication(Instant at, @Nullable String policyName) {

    /**
     * @return the policy's name, empty when no policy applied
     */
    public Optional<String> policy() {
        return Optional.ofNullable(policyName);
    }
}
