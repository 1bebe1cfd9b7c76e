package io.madoguchi.core.customer;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.OrganizationId;
import io.madoguchi.core.TenantId;
import java.util.Set;

/**
 * A company or group of customers. Immutable.
 *
 * @param id the id
 * @param tenantId the tenant
 * @param name the name
 * @param emailDomains email domains whose new customers join it automatically (lower-case), unmodifiable
 */
public record Organization(OrganizationId id, TenantId tenantId, String name, Set<String> emailDomains) {

    /**
     * @param id the id
     * @param tenantId the tenant
     * @param name the name
     * @param emailDomains email domains whose new customers join it automatically (lower-case), unmodifiable
     * @throws NullPointerException if an argument is null
     */
    public Organization {
        requireNonNull(id, "id");
        requireNonNull(tenantId, "tenantId");
        requireNonNull(name, "name");
        emailDomains = Set.copyOf(emailDomains.stream().map(d -> d.toLowerCase(java.util.Locale.ROOT)).toList());
    }
}
