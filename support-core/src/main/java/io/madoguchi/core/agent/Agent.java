package io.madoguchi.core.agent;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.GroupId;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.internal.Text;
import java.util.Set;

/**
 * A support agent of a tenant. Immutable.
 *
 * @param id the id
 * @param tenantId the tenant
 * @param name the display name (used by the {@code {agent.name}} placeholder)
 * @param groups the groups the agent works in, unmodifiable
 * @param skills skills, each {@code kind:value}, such as {@code language:ja}, {@code product:pos},
 *     {@code channel:line}: build them with {@link Skills}; a {@code language:} skill is stored as its primary
 *     language in lower case
 * @param capacity how many unsolved tickets the agent takes at most (least-loaded assignment)
 * @param active whether the agent takes new tickets
 */
public record Agent(AgentId id, TenantId tenantId, String name, Set<GroupId> groups, Set<String> skills, int capacity,
                    boolean active) {

    /**
     * @param id the id
     * @param tenantId the tenant
     * @param name the display name (used by the {@code {agent.name}} placeholder)
     * @param groups the groups the agent works in, unmodifiable
     * @param skills skills, each {@code kind:value}, such as {@code language:ja}, {@code product:pos},
     *     {@code channel:line}: build them with {@link Skills}; a {@code language:} skill is stored as its primary
     *     language in lower case
     * @param capacity how many unsolved tickets the agent takes at most (least-loaded assignment)
     * @param active whether the agent takes new tickets
     * @throws NullPointerException if an argument is null
     * @throws ValidationException if the name is blank or not plain text, a skill is not {@code kind:value} (a bare
     *     {@code ja} is refused: routing reads {@code language:ja}, see {@link Skills#language}), a language or
     *     channel skill names no language or channel, or the capacity is negative
     */
    public Agent {
        requireNonNull(id, "id");
        requireNonNull(tenantId, "tenantId");
        requireNonNull(name, "name");
        groups = Set.copyOf(groups);
        Set<String> canonical = new java.util.LinkedHashSet<>();
        for (String s : skills) {
            canonical.add(Skills.canonical(s));
        }
        skills = Set.copyOf(canonical);
        String problem = Text.problem(name, false);
        if (problem != null) {
            throw ValidationException.of("name", problem);
        }
        if (capacity < 0) {
            throw ValidationException.of("capacity", "must be zero or more, was " + capacity);
        }
    }

    /**
     * @param tenantId the tenant
     * @param id the id
     * @param name the display name
     * @return an active agent without groups or skills, capacity 20
     */
    public static Agent of(TenantId tenantId, AgentId id, String name) {
        return new Agent(id, tenantId, name, Set.of(), Set.of(), 20, true);
    }

    /**
     * @param value skills, each {@code kind:value}: {@code withSkills(Skills.language("ja"),
     *     Skills.channel(Channel.LINE))}
     * @return a copy with these skills
     * @throws ValidationException if a skill is not {@code kind:value} or names no language or channel
     */
    public Agent withSkills(String... value) {
        return new Agent(id, tenantId, name, groups, Set.of(value), capacity, active);
    }

    /**
     * @param value groups
     * @return a copy in these groups
     */
    public Agent withGroups(GroupId... value) {
        return new Agent(id, tenantId, name, Set.of(value), skills, capacity, active);
    }

    /**
     * @param value the capacity
     * @return a copy with this capacity
     */
    public Agent withCapacity(int value) {
        return new Agent(id, tenantId, name, groups, skills, value, active);
    }

    /**
     * @param value whether active
     * @return a copy
     */
    public Agent withActive(boolean value) {
        return new Agent(id, tenantId, name, groups, skills, capacity, value);
    }

    /** @return a description without the agent's name (personal data), for logs */
    @Override
    public String toString() {
        return "Agent[" + id + "@" + tenantId + ", groups=" + groups + ", skills=" + skills + ", capacity=" + capacity
            + (active ? "" : ", inactive") + "]";
    }
}
