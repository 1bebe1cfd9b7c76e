package io.madoguchi.core;

/**
 * A support agent (or admin) of a tenant.
 *
 * @param value the identifier: 1 to 128 characters, not blank, no control characters
 */
public record AgentId(String value) implements Comparable<AgentId> {

    /**
     * @param value the identifier: 1 to 128 characters, not blank, no control characters
     * @throws ValidationException if {@code value} is null, blank, too long or has control characters
     */
    public AgentId {
        Ids.check("agentId", value);
    }

    /**
     * @param value the identifier
     * @return the id
     * @throws ValidationException if {@code value} is not a valid identifier
     */
    public static AgentId of(String value) {
        return new AgentId(value);
    }

    @Override
    public int compareTo(AgentId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
