package io.madoguchi.core;

/**
 * A customer (end user) of a tenant, known across all their channel identities.
 *
 * @param value the identifier: 1 to 128 characters, not blank, no control characters
 */
public record CustomerId(String value) implements Comparable<CustomerId> {

    /**
     * @param value the identifier: 1 to 128 characters, not blank, no control characters
     * @throws ValidationException if {@code value} is null, blank, too long or has control characters
     */
    public CustomerId {
        Ids.check("customerId", value);
    }

    /**
     * @param value the identifier
     * @return the id
     * @throws ValidationException if {@code value} is not a valid identifier
     */
    public static CustomerId of(String value) {
        return new CustomerId(value);
    }

    @Override
    public int compareTo(CustomerId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
