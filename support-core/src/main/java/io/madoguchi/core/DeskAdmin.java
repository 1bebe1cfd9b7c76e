package io.madoguchi.core;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.agent.Agent;
import io.madoguchi.core.agent.Group;
import io.madoguchi.core.customer.Organization;
import io.madoguchi.core.macro.Macro;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.ticket.CustomFieldDefinition;
import java.util.List;
import java.util.Map;

/**
 * The tenant's configuration on the desk: agents, groups, organizations, macros and custom field definitions, written
 * by admins and read by staff. Package-private; the public API is {@link SupportDesk}'s, which delegates here.
 * Thread-safe.
 */
final class DeskAdmin {

    private final DeskStore store;

    DeskAdmin(DeskStore store) {
        this.store = store;
    }

    Agent saveAgent(Principal admin, Agent agent) {
        DeskAccess.requireAdmin(admin, "manage agents");
        DeskAccess.requireTenant(admin, agent.tenantId(), "agent " + agent.id());
        for (GroupId g : agent.groups()) {
            if (store.group(admin.tenantId(), g).isEmpty()) {
                throw ValidationException.of("groups", "unknown group " + g);
            }
        }
        store.saveAgent(agent);
        return agent;
    }

    Group saveGroup(Principal admin, Group group) {
        DeskAccess.requireAdmin(admin, "manage groups");
        DeskAccess.requireTenant(admin, group.tenantId(), "group " + group.id());
        store.saveGroup(group);
        return group;
    }

    Organization saveOrganization(Principal admin, Organization organization) {
        DeskAccess.requireAdmin(admin, "manage organizations");
        DeskAccess.requireTenant(admin, organization.tenantId(), "organization " + organization.id());
        store.saveOrganization(organization);
        return organization;
    }

    Macro saveMacro(Principal admin, Macro macro) {
        DeskAccess.requireAdmin(admin, "manage macros");
        DeskAccess.requireTenant(admin, macro.tenantId(), "macro " + macro.id());
        store.saveMacro(macro);
        return macro;
    }

    CustomFieldDefinition defineField(Principal admin, CustomFieldDefinition definition) {
        DeskAccess.requireAdmin(admin, "define custom fields");
        store.saveFieldDefinition(admin.tenantId(), requireNonNull(definition, "definition"));
        return definition;
    }

    Map<String, CustomFieldDefinition> fieldDefinitions(Principal p) {
        DeskAccess.requireStaff(p, "read field definitions");
        return store.fieldDefinitions(p.tenantId());
    }

    List<Agent> agents(Principal p) {
        DeskAccess.requireStaff(p, "list agents");
        return store.agents(p.tenantId());
    }

    Agent agent(Principal p, AgentId id) {
        DeskAccess.requireStaff(p, "read agents");
        return store.agent(p.tenantId(), requireNonNull(id, "id"))
            .orElseThrow(() -> new NotFoundException("agent " + id + " not found"));
    }

    List<Macro> macros(Principal p) {
        DeskAccess.requireStaff(p, "list macros");
        return store.macros(p.tenantId());
    }
}
