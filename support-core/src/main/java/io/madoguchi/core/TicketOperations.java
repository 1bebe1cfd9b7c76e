package io.madoguchi.core;

import io.madoguchi.core.agent.Agent;
import io.madoguchi.core.agent.AssignmentRequest;
import io.madoguchi.core.agent.AssignmentStrategy;
import io.madoguchi.core.event.Assigned;
import io.madoguchi.core.event.ComplaintChanged;
import io.madoguchi.core.event.CustomFieldsChanged;
import io.madoguchi.core.event.DeliveryRequested;
import io.madoguchi.core.event.MessageAdded;
import io.madoguchi.core.event.PriorityChanged;
import io.madoguchi.core.event.StatusChanged;
import io.madoguchi.core.event.TagsChanged;
import io.madoguchi.core.event.TypeChanged;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.store.TextFolding;
import io.madoguchi.core.ticket.AddMessage;
import io.madoguchi.core.ticket.Assign;
import io.madoguchi.core.ticket.AuthorKind;
import io.madoguchi.core.ticket.ChangePriority;
import io.madoguchi.core.ticket.ChangeStatus;
import io.madoguchi.core.ticket.ChangeTags;
import io.madoguchi.core.ticket.ChangeType;
import io.madoguchi.core.ticket.CustomFieldDefinition;
import io.madoguchi.core.ticket.Delivery;
import io.madoguchi.core.ticket.FieldChange;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Priority;
import io.madoguchi.core.ticket.SetComplaint;
import io.madoguchi.core.ticket.SetCustomFields;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketCommand;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.ticket.Visibility;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The ticket operations on a {@link TicketDraft}: the one vocabulary that commands, macros, compound steps and the
 * assignment strategy compile to. Each operation records its audit change and its events on the draft; none reads
 * or writes the store except to check references (agents, groups, custom field definitions). Package-private.
 * Thread-safe (stateless apart from the configuration).
 */
final class TicketOperations {

    private final DeskStore store;
    private final @Nullable AssignmentStrategy strategy;

    TicketOperations(DeskStore store, @Nullable AssignmentStrategy strategy) {
        this.store = store;
        this.strategy = strategy;
    }

    /** @return the configured assignment strategy, if any */
    @Nullable AssignmentStrategy strategy() {
        return strategy;
    }

    /** One ticket operation on a draft: the single vocabulary commands, macros and compound steps share. */
    void applyTo(TicketDraft d, Principal p, TicketCommand command) {
        if (command instanceof AddMessage m) {
            if (d.status == TicketStatus.CLOSED) {
                throw new IllegalTransitionException("ticket " + d.id
                    + " is closed; a closed ticket takes no messages");
            }
            if (d.mergedInto != null) {
                throw new IllegalTransitionException("ticket " + d.id + " was merged into " + d.mergedInto);
            }
            addMessageTo(d, p, m);
            return;
        }
        if (command instanceof ChangeStatus c) {
            // the status table decides (a closed ticket, merged ones included, moves nowhere)
            setStatus(d, p, c.status(), false);
            return;
        }
        requireChangeable(d);
        if (command instanceof ChangePriority c) {
            setPriority(d, p, c.priority());
        } else if (command instanceof ChangeType c) {
            if (d.type != c.type()) {
                var from = d.type;
                d.action("type");
                d.change("type", from.label(), c.type().label());
                d.type = c.type();
                d.event(t -> new TypeChanged(t, p, t.updatedAt(), from, c.type()));
            }
        } else if (command instanceof SetComplaint c) {
            if (d.complaint != c.complaint()) {
                d.action("complaint");
                d.change("complaint", d.complaint, c.complaint());
                d.complaint = c.complaint();
                d.event(t -> new ComplaintChanged(t, p, t.updatedAt(), c.complaint()));
                if (c.complaint() && d.priority.compareTo(Priority.HIGH) < 0) {
                    setPriority(d, p, Priority.HIGH);
                }
            }
        } else if (command instanceof ChangeTags c) {
            changeTags(d, p, c.add(), c.remove());
        } else if (command instanceof SetCustomFields c) {
            List<Violation> bad = new ArrayList<>();
            Map<String, Object> after = customFields(p.tenantId(), d.customFields, c.values(), c.clear(), false, false,
                bad);
            if (!bad.isEmpty()) {
                throw new ValidationException(bad);
            }
            List<FieldChange> changes = new ArrayList<>();
            for (String k : new TreeSet<>(unionKeys(d.customFields, after))) {
                Object o = d.customFields.get(k);
                Object n = after.get(k);
                if (!java.util.Objects.equals(o, n)) {
                    d.change("customFields." + k, o, n);
                    changes.add(new FieldChange("customFields." + k, o == null ? "" : o.toString(),
                        n == null ? "" : n.toString()));
                }
            }
            if (!changes.isEmpty()) {
                d.action("custom_fields");
                d.customFields = after;
                d.event(t -> new CustomFieldsChanged(t, p, t.updatedAt(), changes));
            }
        } else if (command instanceof Assign c) {
            assign(d, p, c.agent(), c.group() != null ? c.group() : d.group, false, "manual");
        }
    }

    /**
     * A closed ticket is final (a merged one is closed too): no command but a message, which opens a follow-up, may
     * change it. Judged on the ticket as the step found it, so one step may still solve, close and tag a ticket.
     */
    private static void requireChangeable(TicketDraft d) {
        Ticket before = d.before;
        if (before == null) {
            return;
        }
        if (before.mergedIntoId().isPresent()) {
            throw new IllegalTransitionException("ticket " + d.id + " was merged into "
                + before.mergedIntoId().get() + "; a merged ticket cannot be changed");
        }
        if (before.status() == TicketStatus.CLOSED) {
            throw new IllegalTransitionException("ticket " + d.id + " is closed; a closed ticket cannot be changed");
        }
    }

    private static Set<String> unionKeys(Map<String, Object> a, Map<String, Object> b) {
        Set<String> s = new java.util.HashSet<>(a.keySet());
        s.addAll(b.keySet());
        return s;
    }

    /** Adds a message to a draft: the message, its audit change and events, and a customer reply's reopening. */
    Message addMessageTo(TicketDraft d, Principal p, AddMessage command) {
        Message m = new Message(d.id, d.messageCount + 1, command.visibility(), AuthorKind.of(p), p.id(),
            command.body(), command.attachments(), d.now);
        boolean internal = command.visibility() == Visibility.INTERNAL;
        d.action(internal ? "internal_note" : "public_reply");
        if (internal) {
            d.markInternal();
        }
        d.change("messages", d.messageCount, d.messageCount + 1);
        d.addMessage(m);
        d.event(t -> new MessageAdded(t, p, t.updatedAt(), m));
        if (!internal && p.kind() != Principal.Kind.CUSTOMER && command.delivery() == Delivery.SEND) {
            d.event(t -> new DeliveryRequested(t, p, t.updatedAt(), m, t.channel()));
        }
        if (p.kind() == Principal.Kind.CUSTOMER
            && (d.status == TicketStatus.SOLVED || d.status == TicketStatus.PENDING)) {
            setStatus(d, p, TicketStatus.OPEN, false);
        }
        return m;
    }

    Optional<AgentId> choose(Ticket t) {
        AssignmentStrategy s = strategy;
        if (s == null) {
            return Optional.empty();
        }
        Map<AgentId, Integer> load = store.openTicketsPerAgent(t.tenantId());
        List<AssignmentRequest.Candidate> candidates = new ArrayList<>();
        for (Agent a : store.agents(t.tenantId())) {
            if (a.active() && (t.group() == null || a.groups().contains(t.group()))) {
                candidates.add(new AssignmentRequest.Candidate(a, load.getOrDefault(a.id(), 0)));
            }
        }
        return s.choose(new AssignmentRequest(t, candidates));
    }

    private void setStatus(TicketDraft d, Principal p, TicketStatus to, boolean force) {
        TicketStatus from = d.status;
        if (from == to) {
            throw new IllegalTransitionException("ticket " + d.id + " is already " + to.label());
        }
        if (!force && !from.canTransitionTo(to)) {
            throw new IllegalTransitionException("ticket " + d.id + " cannot move from " + from.label() + " to "
                + to.label());
        }
        d.action("status");
        d.change("status", from.label(), to.label());
        d.status = to;
        if (to == TicketStatus.SOLVED) {
            d.solvedAt = d.now;
        } else if (to != TicketStatus.CLOSED) {
            d.solvedAt = null;
        }
        d.event(t -> new StatusChanged(t, p, t.updatedAt(), from, to));
    }

    private void setPriority(TicketDraft d, Principal p, Priority to) {
        Priority from = d.priority;
        if (from == to) {
            return;
        }
        d.action("priority");
        d.change("priority", from.label(), to.label());
        d.priority = to;
        d.event(t -> new PriorityChanged(t, p, t.updatedAt(), from, to));
    }

    private void changeTags(TicketDraft d, Principal p, Collection<String> add, Collection<String> remove) {
        TreeSet<String> tags = new TreeSet<>(d.tags);
        Set<String> added = new TreeSet<>();
        Set<String> removed = new TreeSet<>();
        for (String r : remove) {
            String t = TextFolding.tag(r);
            if (tags.remove(t)) {
                removed.add(t);
            }
        }
        for (String a : add) {
            String t = TextFolding.tag(a);
            if (tags.add(t)) {
                added.add(t);
                removed.remove(t);
            }
        }
        if (added.isEmpty() && removed.isEmpty()) {
            return;
        }
        if (tags.size() > 100) {
            throw ValidationException.of("tags", "a ticket may have at most 100 tags, would have " + tags.size());
        }
        d.action("tags");
        d.change("tags", String.join(" ", d.tags), String.join(" ", tags));
        d.tags = List.copyOf(tags);
        Set<String> a2 = Set.copyOf(added);
        Set<String> r2 = Set.copyOf(removed);
        d.event(t -> new TagsChanged(t, p, t.updatedAt(), a2, r2));
    }

    void assign(TicketDraft d, Principal p, @Nullable AgentId agent, @Nullable GroupId group, boolean automatic,
        String how) {
        AgentId from = d.assignee;
        if (java.util.Objects.equals(from, agent) && java.util.Objects.equals(d.group, group)) {
            return;
        }
        d.action("assign");
        if (!java.util.Objects.equals(from, agent)) {
            d.change("assignee", from, agent);
        }
        if (!java.util.Objects.equals(d.group, group)) {
            d.change("group", d.group, group);
        }
        d.assignee = agent;
        d.group = group;
        d.event(t -> new Assigned(t, p, t.updatedAt(), from, agent, group, automatic, how));
    }

    static List<String> tags(Set<String> raw) {
        if (raw.isEmpty()) {
            return List.of();
        }
        TreeSet<String> s = new TreeSet<>();
        for (String t : raw) {
            s.add(TextFolding.tag(t));
        }
        return List.copyOf(s);
    }

    Map<String, Object> customFields(TenantId tenant, Map<String, Object> current, Map<String, Object> set,
                                             Set<String> clear, boolean creating, boolean byCustomer,
                                             List<Violation> problems) {
        Map<String, CustomFieldDefinition> defs = store.fieldDefinitions(tenant);
        if (set.isEmpty() && clear.isEmpty() && (!creating || defs.isEmpty())) {
            return current;
        }
        Map<String, Object> out = new LinkedHashMap<>(current);
        for (String k : clear) {
            CustomFieldDefinition def = defs.get(k);
            if (def == null) {
                problems.add(new Violation("customFields." + k, "no such custom field"));
            } else if (def.required()) {
                problems.add(new Violation("customFields." + k, "is required and cannot be cleared"));
            } else {
                out.remove(k);
            }
        }
        for (Map.Entry<String, Object> e : new TreeMap<>(set).entrySet()) {
            String path = "customFields." + e.getKey();
            CustomFieldDefinition def = defs.get(e.getKey());
            if (def == null) {
                problems.add(new Violation(path, "no such custom field"));
                continue;
            }
            if (e.getValue() == null) {
                problems.add(new Violation(path, "must not be null"));
                continue;
            }
            CustomFieldDefinition.Result r = def.convert(path, e.getValue());
            r.violation().ifPresent(problems::add);
            r.value().ifPresent(v -> out.put(e.getKey(), v));
        }
        if (creating) {
            for (CustomFieldDefinition def : new TreeMap<>(defs).values()) {
                // a customer is asked only for the required fields they may set; staff fill in the others later
                if (def.required() && (!byCustomer || def.customerEditable()) && !out.containsKey(def.key())
                    && !set.containsKey(def.key())) {
                    problems.add(new Violation("customFields." + def.key(), "is required"));
                }
            }
        }
        return Map.copyOf(out);
    }

    void checkAgent(Principal p, AgentId id, List<Violation> problems) {
        if (store.agent(p.tenantId(), id).isEmpty()) {
            problems.add(new Violation("assignee", "unknown agent " + id));
        }
    }

    void checkGroup(Principal p, GroupId id, List<Violation> problems) {
        if (store.group(p.tenantId(), id).isEmpty()) {
            problems.add(new Violation("group", "unknown group " + id));
        }
    }

    static <T> List<T> append(List<T> list, T item) {
        List<T> out = new ArrayList<>(list.size() + 1);
        out.addAll(list);
        out.add(item);
        return out;
    }
}
