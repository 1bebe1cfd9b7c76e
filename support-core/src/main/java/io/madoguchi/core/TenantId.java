package io.madoguchi.core;

/**
 * A tenant: one isolated support desk inside the host (a shop, a city office). No data crosses tenants.
 *
 * @param value the identifier: 1 to 128 characters, not blank, no control characters
 */
public record TenantId(String value) implements Comparable<TenantId> {

    /**
     * @param value the identifier: 1 to 128 characters, not blank, no control characters
     * @throws ValidationException if {@code value} is null, blank, too long or has control characters
     */
    public TenantId {
        Ids.check("tenantId", value);
    }

    /**
     * @param value the identifier
     * @return the id
     * @throws ValidationException if {@code value} is not a valid identifier
     */
    public static TenantId of(String value) {
        return new TenantId(value);
    }

    @Override
    public int compareTo(TenantId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
