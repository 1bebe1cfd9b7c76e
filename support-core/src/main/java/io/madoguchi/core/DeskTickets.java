package io.madoguchi.core;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.agent.Agent;
import io.madoguchi.core.agent.AssignmentStrategy;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.event.Assigned;
import io.madoguchi.core.event.DeskEvent;
import io.madoguchi.core.event.MessageAdded;
import io.madoguchi.core.event.StatusChanged;
import io.madoguchi.core.event.SupportEvent;
import io.madoguchi.core.event.TicketCreated;
import io.madoguchi.core.event.TicketLinked;
import io.madoguchi.core.event.TicketMerged;
import io.madoguchi.core.internal.CommandValidator;
import io.madoguchi.core.macro.Macro;
import io.madoguchi.core.ticket.AddMessage;
import io.madoguchi.core.ticket.Assign;
import io.madoguchi.core.ticket.AuthorKind;
import io.madoguchi.core.ticket.ChangePriority;
import io.madoguchi.core.ticket.ChangeStatus;
import io.madoguchi.core.ticket.ChangeTags;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.CustomFieldDefinition;
import io.madoguchi.core.ticket.LinkType;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Priority;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketCommand;
import io.madoguchi.core.ticket.TicketLink;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.ticket.Visibility;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The desk's ticket commands: opening a ticket, posting a message (with a customer's follow-up of a closed ticket),
 * applying commands and compound steps, automatic assignment, merging, linking and macros. Each command is checked
 * and validated here, turned into {@link TicketOperations} on drafts, and committed through the {@link DeskSteps}.
 * Package-private; the public API is {@link SupportDesk}'s, which delegates here. Thread-safe.
 */
final class DeskTickets {

    private final DeskSteps steps;
    private final TicketOperations ops;
    private final IdGenerator ids;
    private final CommandValidator validator;

    DeskTickets(DeskSteps steps, TicketOperations ops, IdGenerator ids, CommandValidator validator) {
        this.steps = steps;
        this.ops = ops;
        this.ids = ids;
        this.validator = validator;
    }

    /**
     * @param requireFields whether required custom fields must be given (not for inbound messages, which cannot
     *     carry them: staff fill them in later)
     */
    Ticket createTicket(Principal p, CreateTicket command, boolean requireFields) {
        requireNonNull(p, "principal");
        requireNonNull(command, "command");
        List<Violation> problems = new ArrayList<>(validator.violations(command));
        Map<String, Object> given = command.customFields() == null ? Map.of() : command.customFields();
        if (p.kind() == Principal.Kind.CUSTOMER) {
            if (command.requester() != null && !command.requester().value().equals(p.id())) {
                throw new AccessDeniedException("a customer may open tickets only for themself");
            }
            staffOnlyFields(p, command, given, problems);
        }
        Customer requester = null;
        if (command.requester() != null) {
            requester = steps.store.customer(command.requester()).filter(c -> c.tenantId().equals(p.tenantId()))
                .orElse(null);
            if (requester == null) {
                // another tenant's customer is unknown here, exactly as a missing one
                problems.add(new Violation("requester", "unknown customer " + command.requester()));
            } else {
                requester = survivor(requester);
            }
        }
        Map<String, Object> fields = ops.customFields(p.tenantId(), Map.of(), given, Set.of(), requireFields,
            p.kind() == Principal.Kind.CUSTOMER, problems);
        if (command.assignee() != null) {
            ops.checkAgent(p, command.assignee(), problems);
        }
        if (command.group() != null) {
            ops.checkGroup(p, command.group(), problems);
        }
        if (!problems.isEmpty()) {
            problems.sort(java.util.Comparator.comparing(Violation::field));
            throw new ValidationException(problems);
        }
        if (requester == null) {
            // the bean constraints already report a missing requester; this keeps the loop below honest
            throw ValidationException.of("requester", "is required");
        }
        long number = steps.store.nextSequence(p.tenantId(), "ticket");
        TicketId id = ids.ticketId(p.tenantId());
        for (int attempt = 0; ; attempt++) {
            Instant now = steps.now();
            TicketDraft d = createDraft(p, command, requester, fields, id, number, now);
            try {
                // based on the requester's version: a customer merge committed meanwhile fails this commit, and the
                // next attempt follows the merge to the surviving customer
                Ticket created = steps.commit(p, List.of(d), now, List.of(), List.of(), id.value(),
                    Map.of(requester.id(), requester.version())).get(0);
                return p.isStaff() ? created : created.forCustomer();
            } catch (DuplicateRequestException e) {
                throw e;
            } catch (ConflictException e) {
                if (attempt >= DeskSteps.RETRIES) {
                    throw e;
                }
                requester = survivor(steps.store.customer(requester.id()).orElseThrow());
            }
        }
    }

    /** @return the customer, or the customer it was merged into (and so on) */
    Customer survivor(Customer c) {
        Customer at = c;
        for (int hops = 0; at.mergedInto() != null && hops < 64; hops++) {
            CustomerId next = at.mergedInto();
            at = steps.store.customer(next).orElseThrow(() -> new NotFoundException("customer " + next + " not found"));
        }
        return at;
    }

    private TicketDraft createDraft(Principal p, CreateTicket command, Customer requester, Map<String, Object> fields,
                                    TicketId id, long number, Instant now) {
        TicketDraft d = new TicketDraft(p.tenantId(), id, number, requester.id(), command.channel(), now);
        d.subject = command.subject().strip();
        d.organization = requester.organization();
        d.priority = command.priority();
        d.type = command.type();
        d.complaint = command.complaint();
        d.tags = TicketOperations.tags(command.tags());
        d.customFields = fields;
        d.group = command.group();
        d.language = command.language() != null ? command.language() : requester.language();
        d.action("created");
        d.change("status", null, TicketStatus.NEW.label());
        Message first = new Message(id, 1, Visibility.PUBLIC, AuthorKind.of(p), p.id(), command.body(),
            command.attachments(), now);
        d.addMessage(first);
        d.event(t -> new TicketCreated(t, p, now, first, null));
        d.event(t -> new MessageAdded(t, p, now, first));
        if (command.assignee() != null) {
            d.assignee = command.assignee();
            d.change("assignee", null, command.assignee());
            d.event(t -> new Assigned(t, p, now, null, t.assignee(), t.group(), false, "manual"));
        } else if (ops.strategy() != null) {
            AssignmentStrategy s = ops.strategy();
            Optional<AgentId> chosen = ops.choose(d.build(now));
            if (s != null && chosen.isPresent()) {
                d.assignee = chosen.get();
                d.change("assignee", null, chosen.get());
                d.event(t -> new Assigned(t, p, now, null, t.assignee(), t.group(), true, s.name()));
            }
        }
        return d;
    }

    /**
     * What a customer may not set when opening a ticket: everything but the subject, the text, the attachments, the
     * channel, their language and the custom fields marked {@linkplain CustomFieldDefinition#customerEditable()
     * customer-editable}. Each field the customer set is one violation; nothing is written.
     */
    private void staffOnlyFields(Principal p, CreateTicket command, Map<String, Object> given,
        List<Violation> problems) {
        String why = "is set by staff only, not by a customer";
        // null values are reported by the bean constraints already
        if (command.tags() != null && !command.tags().isEmpty()) {
            problems.add(new Violation("tags", why));
        }
        if (command.complaint()) {
            problems.add(new Violation("complaint", why));
        }
        if (command.priority() != null && command.priority() != Priority.NORMAL) {
            problems.add(new Violation("priority", why + " (a customer's ticket starts at normal)"));
        }
        if (command.type() != null && command.type() != io.madoguchi.core.ticket.TicketType.QUESTION) {
            problems.add(new Violation("type", why + " (a customer's ticket starts as a question)"));
        }
        if (command.assignee() != null) {
            problems.add(new Violation("assignee", why));
        }
        if (command.group() != null) {
            problems.add(new Violation("group", why));
        }
        if (!given.isEmpty()) {
            Map<String, CustomFieldDefinition> defs = steps.store.fieldDefinitions(p.tenantId());
            for (String key : new TreeSet<>(given.keySet())) {
                CustomFieldDefinition def = defs.get(key);
                if (def != null && !def.customerEditable()) {
                    problems.add(new Violation("customFields." + key, why));
                }
            }
        }
    }

    /** One command on one ticket (a message goes through {@link #post}). */
    Ticket apply(Principal p, TicketCommand command) {
        requireNonNull(command, "command");
        if (command instanceof AddMessage m) {
            Ticket after = post(p, m).ticket();
            return p.isStaff() ? after : after.forCustomer();
        }
        requireNonNull(p, "principal");
        validator.check(command);
        DeskAccess.requireStaff(p, "change tickets");
        List<Violation> problems = new ArrayList<>();
        if (command instanceof Assign a) {
            if (a.agent() != null) {
                ops.checkAgent(p, a.agent(), problems);
            }
            if (a.group() != null) {
                ops.checkGroup(p, a.group(), problems);
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        return steps.step(p, command.ticketId(), command.expectedVersion(), d -> ops.applyTo(d, p, command));
    }

    Ticket applyAll(Principal p, TicketId ticketId, long expectedVersion, List<TicketCommand> commands,
                            String action,
                            java.util.function.@Nullable Function<Ticket, List<? extends SupportEvent>> events) {
        requireNonNull(p, "principal");
        requireNonNull(ticketId, "ticketId");
        DeskAccess.requireStaff(p, "change tickets");
        List<Violation> problems = new ArrayList<>();
        for (int i = 0; i < requireNonNull(commands, "commands").size(); i++) {
            TicketCommand c = requireNonNull(commands.get(i), "command");
            for (Violation v : validator.violations(c)) {
                problems.add(new Violation("commands[" + i + "]." + v.field(), v.message()));
            }
            if (!c.ticketId().equals(ticketId)) {
                problems.add(new Violation("commands[" + i + "].ticketId", "must be " + ticketId));
            }
            if (c instanceof Assign a) {
                if (a.agent() != null) {
                    ops.checkAgent(p, a.agent(), problems);
                }
                if (a.group() != null) {
                    ops.checkGroup(p, a.group(), problems);
                }
            }
        }
        if (commands.isEmpty()) {
            problems.add(new Violation("commands", "must not be empty"));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        return steps.step(p, ticketId, expectedVersion, d -> {
            if (!action.isEmpty()) {
                d.action(action);
            }
            for (TicketCommand c : commands) {
                ops.applyTo(d, p, c);
            }
        }, events == null ? null : after -> componentEvents(after, events.apply(after)));
    }

    private static List<? extends SupportEvent> componentEvents(Ticket after, List<? extends SupportEvent> events) {
        requireNonNull(events, "events");
        for (int i = 0; i < events.size(); i++) {
            SupportEvent e = requireNonNull(events.get(i), "event");
            if (!e.tenantId().equals(after.tenantId())) {
                throw ValidationException.of("events[" + i + "]", "must be of the ticket's tenant");
            }
            if (e instanceof DeskEvent) {
                throw ValidationException.of("events[" + i + "]", "a desk event is the desk's own; commands make them");
            }
        }
        return events;
    }

    /**
     * Where a message went.
     *
     * @param ticket the ticket that took it: the one posted to, the open ticket a merge led to, or a new follow-up
     * @param message the message as stored
     * @param followUp whether the ticket reached was closed and a follow-up ticket was opened with the message
     */
    record Posted(Ticket ticket, Message message, boolean followUp) {
    }

    /** Thrown inside a step when the ticket was closed or merged after it was chosen; the post starts over. */
    private static final class Moved extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Moved() {
            super(null, null, false, false);
        }
    }

    Posted post(Principal p, AddMessage command) {
        requireNonNull(p, "principal");
        requireNonNull(command, "command");
        validator.check(command);
        if (!p.isStaff() && command.visibility() == Visibility.INTERNAL) {
            throw new AccessDeniedException("a customer may not add internal notes");
        }
        for (int attempt = 0; ; attempt++) {
            try {
                return postOnce(p, command);
            } catch (Moved e) {
                if (attempt >= DeskSteps.RETRIES) {
                    throw new ConflictException("ticket " + command.ticketId()
                        + " kept changing; the message was not added");
                }
            }
        }
    }

    private Posted postOnce(Principal p, AddMessage command) {
        TicketId target = command.ticketId();
        Ticket current = steps.load(p, target);
        int hops = 0;
        while (current.mergedInto() != null && hops++ < 16) {
            Optional<Ticket> into = steps.store.ticket(current.mergedInto());
            if (into.isEmpty() || !p.isStaff() && !into.get().requester().value().equals(p.id())) {
                // merged into another customer's ticket: the customer's reply opens a follow-up of their own
                // (closed) ticket, so it never reaches the other customer
                break;
            }
            target = into.get().id();
            current = into.get();
        }
        if (current.status() == TicketStatus.CLOSED) {
            if (p.isStaff()) {
                throw new IllegalTransitionException("ticket " + current.id()
                    + " is closed; a closed ticket takes no messages");
            }
            try {
                return followUp(p, current, command);
            } catch (DuplicateRequestException e) {
                throw e;
            } catch (ConflictException e) {
                if (command.expectedVersion() != TicketCommand.LATEST) {
                    throw e;
                }
                throw new Moved();
            }
        }
        Message[] added = new Message[1];
        Ticket after = steps.step(p, target, command.expectedVersion(), d -> {
            if (d.status == TicketStatus.CLOSED || d.mergedInto != null) {
                throw new Moved();
            }
            added[0] = ops.addMessageTo(d, p, command);
        });
        return new Posted(after, added[0], false);
    }

    private Posted followUp(Principal p, Ticket closed, AddMessage command) {
        Instant now = steps.now();
        long number = steps.store.nextSequence(p.tenantId(), "ticket");
        TicketId id = ids.ticketId(p.tenantId());
        TicketDraft d = new TicketDraft(p.tenantId(), id, number, closed.requester(), closed.channel(), now);
        // what the matter is carries over; how the closed ticket was handled (its tags, such as a bot's hand-over or
        // an SLA breach, its priority, complaint flag and assignee) does not: the follow-up starts as a new ticket
        d.subject = closed.subject();
        d.organization = closed.organization();
        d.type = closed.type();
        d.language = closed.language();
        d.group = closed.group();
        d.links = List.of(new TicketLink(LinkType.FOLLOW_UP_OF, closed.id()));
        d.action("created");
        d.change("status", null, TicketStatus.NEW.label());
        d.change("links", null, d.links.get(0));
        Message first = new Message(id, 1, Visibility.PUBLIC, AuthorKind.of(p), p.id(), command.body(),
            command.attachments(), now);
        d.addMessage(first);
        d.event(t -> new TicketCreated(t, p, now, first, closed.id()));
        d.event(t -> new MessageAdded(t, p, now, first));
        AssignmentStrategy s = ops.strategy();
        if (s != null) {
            ops.choose(d.build(now)).ifPresent(agent -> {
                d.assignee = agent;
                d.change("assignee", null, agent);
                d.event(t -> new Assigned(t, p, now, null, t.assignee(), t.group(), true, s.name()));
            });
        }
        TicketDraft old = new TicketDraft(closed, now);
        TicketLink link = new TicketLink(LinkType.FOLLOW_UP, id);
        old.action("link");
        old.change("links", null, link);
        old.links = TicketOperations.append(closed.links(), link);
        old.event(t -> new TicketLinked(t, p, now, link));
        Customer requester = steps.store.customer(closed.requester()).orElseThrow();
        if (requester.mergedInto() != null) {
            // the customer was merged away after the closed ticket was read: the merge moves it; start over
            throw new Moved();
        }
        Ticket created = steps.commit(p, List.of(d, old), now, List.of(), List.of(), id.value(),
            Map.of(requester.id(), requester.version())).get(0);
        return new Posted(created, created.id().equals(id) ? first : steps.store.messages(created.id()).get(0),
            true);
    }

    Ticket autoAssign(Principal p, TicketId ticketId) {
        DeskAccess.requireStaff(p, "assign tickets");
        AssignmentStrategy s = ops.strategy();
        if (s == null) {
            throw ValidationException.of("assignmentStrategy", "no assignment strategy is configured on this desk");
        }
        return steps.step(p, ticketId, TicketCommand.LATEST, d -> {
            if (d.assignee == null && d.status.isUnsolved()) {
                Ticket before = d.before;
                if (before != null) {
                    ops.choose(before).ifPresent(agent -> ops.assign(d, p, agent, d.group, true, s.name()));
                }
            }
        });
    }

    Ticket merge(Principal p, TicketId source, TicketId target, boolean acrossRequesters) {
        DeskAccess.requireStaff(p, "merge tickets");
        requireNonNull(source, "source");
        requireNonNull(target, "target");
        if (source.equals(target)) {
            throw ValidationException.of("target", "cannot merge ticket " + source + " into itself");
        }
        for (int attempt = 0; ; attempt++) {
            Ticket s = steps.load(p, source);
            Ticket t = steps.load(p, target);
            if (s.status() == TicketStatus.CLOSED || s.mergedInto() != null) {
                throw new IllegalTransitionException("ticket " + source + " is closed and cannot be merged");
            }
            if (t.status() == TicketStatus.CLOSED) {
                throw new IllegalTransitionException("ticket " + target + " is closed and cannot take a merge");
            }
            boolean foreign = !s.requester().equals(t.requester());
            if (foreign && !acrossRequesters) {
                throw ValidationException.of("target", "ticket " + target + " has another requester than ticket "
                    + source + "; merging would show one customer the other's messages (use mergeAcrossRequesters "
                    + "to merge them anyway, the source's messages kept as internal notes)");
            }
            Instant now = steps.now();
            TicketDraft sd = new TicketDraft(s, now);
            sd.action("merged_into");
            TicketStatus from = sd.status;
            sd.change("status", from.label(), TicketStatus.CLOSED.label());
            sd.change("mergedInto", null, target);
            sd.status = TicketStatus.CLOSED;
            sd.mergedInto = target;
            if (sd.solvedAt == null) {
                sd.solvedAt = now;
            }
            sd.event(x -> new StatusChanged(x, p, now, from, TicketStatus.CLOSED));
            CustomerId survivorRequester = t.requester();
            sd.event(x -> new TicketMerged(x, p, now, target, survivorRequester));
            TicketDraft td = new TicketDraft(t, now);
            td.action("merged_from");
            List<Message> moved = steps.store.messages(source);
            td.change("mergedFrom", null, source);
            td.change("messages", td.messageCount, td.messageCount + moved.size());
            if (foreign) {
                // the target's customer sees neither the source customer's messages nor the step
                td.markInternal();
            }
            for (Message m : moved) {
                Message copy = m.movedTo(target, td.messageCount + 1);
                td.addMessage(foreign && !copy.isInternal() ? copy.asInternal() : copy);
            }
            try {
                List<Ticket> after = steps.commit(p, List.of(sd, td), now);
                return after.get(1);
            } catch (ConflictException e) {
                if (attempt >= DeskSteps.RETRIES) {
                    throw e;
                }
            }
        }
    }

    Ticket link(Principal p, TicketId from, LinkType type, TicketId to) {
        DeskAccess.requireStaff(p, "link tickets");
        requireNonNull(type, "type");
        if (from.equals(to)) {
            throw ValidationException.of("to", "cannot link ticket " + from + " to itself");
        }
        for (int attempt = 0; ; attempt++) {
            Ticket a = steps.load(p, from);
            Ticket b = steps.load(p, to);
            if (type == LinkType.PROBLEM && b.type() != io.madoguchi.core.ticket.TicketType.PROBLEM) {
                throw ValidationException.of("to", "ticket " + to + " is a " + b.type().label() + ", not a problem");
            }
            if (type == LinkType.INCIDENT && a.type() != io.madoguchi.core.ticket.TicketType.PROBLEM) {
                throw ValidationException.of("from", "ticket " + from + " is a " + a.type().label()
                    + ", not a problem");
            }
            TicketLink ab = new TicketLink(type, to);
            if (a.links().contains(ab)) {
                return a;
            }
            TicketLink ba = new TicketLink(type.inverse(), from);
            Instant now = steps.now();
            TicketDraft ad = new TicketDraft(a, now);
            ad.action("link");
            ad.change("links", null, ab);
            ad.links = TicketOperations.append(a.links(), ab);
            ad.event(x -> new TicketLinked(x, p, now, ab));
            TicketDraft bd = new TicketDraft(b, now);
            bd.action("link");
            bd.change("links", null, ba);
            bd.links = TicketOperations.append(b.links(), ba);
            bd.event(x -> new TicketLinked(x, p, now, ba));
            try {
                return steps.commit(p, List.of(ad, bd), now).get(0);
            } catch (ConflictException e) {
                if (attempt >= DeskSteps.RETRIES) {
                    throw e;
                }
            }
        }
    }

    Message applyMacro(Principal p, TicketId ticketId, String macroId) {
        DeskAccess.requireStaff(p, "apply macros");
        Macro macro = steps.store.macro(p.tenantId(), macroId)
            .orElseThrow(() -> new NotFoundException("macro " + macroId + " not found"));
        for (int attempt = 0; ; attempt++) {
            Ticket t = steps.load(p, ticketId);
            Customer c = steps.store.customer(t.requester()).orElse(null);
            String lang = t.language() != null ? t.language() : c != null ? c.languageOrDefault() : "ja";
            Map<String, String> values = new HashMap<>();
            values.put("customer.name", c == null ? "" : c.name());
            values.put("ticket.number", Long.toString(t.number()));
            values.put("ticket.subject", t.subject());
            values.put("ticket.status", (macro.setStatus() != null ? macro.setStatus() : t.status()).label());
            values.put("ticket.priority", (macro.setPriority() != null ? macro.setPriority() : t.priority()).label());
            AgentId agentId = p.agentId().orElse(t.assignee());
            values.put("agent.name",
                agentId == null ? "" : steps.store.agent(t.tenantId(), agentId).map(Agent::name).orElse(""));
            // a macro is the same ticket operations as any command, applied as one step
            List<TicketCommand> ops = new ArrayList<>();
            ops.add(new AddMessage(t.id(), macro.visibility(), macro.render(lang, values), List.of(),
                TicketCommand.LATEST));
            if (macro.setStatus() != null && macro.setStatus() != t.status()) {
                ops.add(new ChangeStatus(t.id(), macro.setStatus(), TicketCommand.LATEST));
            }
            if (macro.setPriority() != null) {
                ops.add(new ChangePriority(t.id(), macro.setPriority(), TicketCommand.LATEST));
            }
            if (!macro.addTags().isEmpty()) {
                ops.add(new ChangeTags(t.id(), macro.addTags(), Set.of(), TicketCommand.LATEST));
            }
            try {
                Ticket after = applyAll(p, t.id(), t.version(), ops, "macro:" + macro.id(), null);
                return steps.store.messages(after.id()).get(t.messageCount());
            } catch (ConflictException e) {
                // rendered from a version that changed meanwhile: render again from the new one
                if (attempt >= DeskSteps.RETRIES) {
                    throw e;
                }
            }
        }
    }
}
