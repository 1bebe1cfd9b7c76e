package io.madoguchi.core.customer;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.CustomerId;
import io.madoguchi.core.OrganizationId;
import io.madoguchi.core.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A customer of a tenant, known by one or more channel identities. Immutable.
 *
 * @param id the id
 * @param tenantId the tenant
 * @param name the display name
 * @param identities channel identities, unique within the tenant, unmodifiable
 * @param organization the organization, if any
 * @param language preferred language tag ({@code ja}, {@code en}), if known
 * @param mergedInto the customer this one was merged into, if it was
 * @param createdAt when it was created
 * @param version the optimistic version, 1 after creation
 */
public record Customer(CustomerId id, TenantId tenantId, String name, List<ChannelIdentity> identities,
                       @Nullable OrganizationId organization, @Nullable String language,
                       @Nullable CustomerId mergedInto, Instant createdAt, long version) {

    /**
     * @param id the id
     * @param tenantId the tenant
     * @param name the display name
     * @param identities channel identities, unique within the tenant, unmodifiable
     * @param organization the organization, if any
     * @param language preferred language tag ({@code ja}, {@code en}), if known
     * @param mergedInto the customer this one was merged into, if it was
     * @param createdAt when it was created
     * @param version the optimistic version, 1 after creation
     * @throws NullPointerException if a required argument is null
     */
    public Customer {
        requireNonNull(id, "id");
        requireNonNull(tenantId, "tenantId");
        requireNonNull(name, "name");
        identities = List.copyOf(identities);
        requireNonNull(createdAt, "createdAt");
    }

    /** @return the organization, if any */
    public Optional<OrganizationId> organizationId() {
        return Optional.ofNullable(organization);
    }

    /** @return the customer this one was merged into, if any */
    public Optional<CustomerId> mergedIntoId() {
        return Optional.ofNullable(mergedInto);
    }

    /** @return the language tag, or {@code ja} when unknown */
    public String languageOrDefault() {
        return language == null ? "ja" : language;
    }

    /** @return a description without personal data, for logs */
    @Override
    public String toString() {
        return "Customer[" + id + " v" + version + " identities=" + identities.size() + "]";
    }
}
