package io.madoguchi.core;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Who performs a call, and for which tenant. The host authenticates its users and builds the principal; the desk
 * checks what the principal may do (a customer only their own tickets, never internal notes; everyone only inside
 * their tenant).
 *
 * <p>Immutable and thread-safe.
 *
 * @param tenantId the tenant the call runs for
 * @param kind what kind of actor this is
 * @param id the actor's id: a customer id, an agent id, or the name of a system component or bot
 */
public record Principal(TenantId tenantId, Kind kind, String id) {

    /** The kinds of actor. */
    public enum Kind {
        /** An end customer: sees and replies only on their own tickets, never sees internal notes. */
        CUSTOMER,
        /** A support agent of the tenant. */
        AGENT,
        /** An administrator of the tenant: everything an agent may do, plus configuration. */
        ADMIN,
        /** A trusted in-process component (SLA engine, workflow). */
        SYSTEM,
        /** An automated responder (FAQ bot). */
        BOT
    }

    /**
     * @param tenantId the tenant the call runs for
     * @param kind what kind of actor this is
     * @param id the actor's id: a customer id, an agent id, or the name of a system component or bot
     * @throws NullPointerException if an argument is null
     * @throws ValidationException if {@code id} is blank or longer than 128 characters
     */
    public Principal {
        requireNonNull(tenantId, "tenantId");
        requireNonNull(kind, "kind");
        Ids.check("principal.id", id);
    }

    /**
     * @param tenantId the tenant
     * @param customerId the customer
     * @return a customer principal
     */
    public static Principal customer(TenantId tenantId, CustomerId customerId) {
        return new Principal(tenantId, Kind.CUSTOMER, customerId.value());
    }

    /**
     * @param tenantId the tenant
     * @param agentId the agent
     * @return an agent principal
     */
    public static Principal agent(TenantId tenantId, AgentId agentId) {
        return new Principal(tenantId, Kind.AGENT, agentId.value());
    }

    /**
     * @param tenantId the tenant
     * @param agentId the administrator's agent id
     * @return an admin principal
     */
    public static Principal admin(TenantId tenantId, AgentId agentId) {
        return new Principal(tenantId, Kind.ADMIN, agentId.value());
    }

    /**
     * A trusted in-process component. Hosts should hand these out only to their own components (see
     * {@link SupportDesk#system(TenantId, String)}).
     *
     * @param tenantId the tenant
     * @param component the component's name, for example {@code sla}
     * @return a system principal
     */
    public static Principal system(TenantId tenantId, String component) {
        return new Principal(tenantId, Kind.SYSTEM, component);
    }

    /**
     * @param tenantId the tenant
     * @param botName the bot's name, for example {@code faq-bot}
     * @return a bot principal
     */
    public static Principal bot(TenantId tenantId, String botName) {
        return new Principal(tenantId, Kind.BOT, botName);
    }

    /** @return the customer id when this is a customer principal */
    public Optional<CustomerId> customerId() {
        return kind == Kind.CUSTOMER ? Optional.of(CustomerId.of(id)) : Optional.empty();
    }

    /** @return the agent id when this is an agent or admin principal */
    public Optional<AgentId> agentId() {
        return kind == Kind.AGENT || kind == Kind.ADMIN ? Optional.of(AgentId.of(id)) : Optional.empty();
    }

    /** @return whether this principal is staff-side (agent, admin, system or bot), who may see internal notes */
    public boolean isStaff() {
        return kind != Kind.CUSTOMER;
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + id + "@" + tenantId;
    }
}
