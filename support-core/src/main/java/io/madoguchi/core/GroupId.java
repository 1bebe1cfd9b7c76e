package io.madoguchi.core;

/**
 * A group of agents (a team or queue).
 *
 * @param value the identifier: 1 to 128 characters, not blank, no control characters
 */
public record GroupId(String value) implements Comparable<GroupId> {

    /**
     * @param value the identifier: 1 to 128 characters, not blank, no control characters
     * @throws ValidationException if {@code value} is null, blank, too long or has control characters
     */
    public GroupId {
        Ids.check("groupId", value);
    }

    /**
     * @param value the identifier
     * @return the id
     * @throws ValidationException if {@code value} is not a valid identifier
     */
    public static GroupId of(String value) {
        return new GroupId(value);
    }

    @Override
    public int compareTo(GroupId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
