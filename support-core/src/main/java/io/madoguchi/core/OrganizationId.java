package io.madoguchi.core;

/**
 * An organization that groups customers (a company, a household).
 *
 * @param value the identifier: 1 to 128 characters, not blank, no control characters
 */
public record OrganizationId(String value) implements Comparable<OrganizationId> {

    /**
     * @param value the identifier: 1 to 128 characters, not blank, no control characters
     * @throws ValidationException if {@code value} is null, blank, too long or has control characters
     */
    public OrganizationId {
        Ids.check("organizationId", value);
    }

    /**
     * @param value the identifier
     * @return the id
     * @throws ValidationException if {@code value} is not a valid identifier
     */
    public static OrganizationId of(String value) {
        return new OrganizationId(value);
    }

    @Override
    public int compareTo(OrganizationId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
