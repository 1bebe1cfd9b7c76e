package io.madoguchi.core.agent;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.GroupId;
import io.madoguchi.core.TenantId;

/**
 * A group (team) of agents. Immutable.
 *
 * @param id the id
 * @param tenantId the tenant
 * @param name the name
 */
public record Group(GroupId id, TenantId tenantId, String name) {

    /**
     * @param id the id
     * @param tenantId the tenant
     * @param name the name
     * @throws NullPointerException if an argument is null
     */
    public Group {
        requireNonNull(id, "id");
        requireNonNull(tenantId, "tenantId");
        requireNonNull(name, "name");
    }
}
