package io.madoguchi.core.integration;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.NotFoundException;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.automation.AutomationActions;
import io.madoguchi.core.automation.AutomationEvent;
import io.madoguchi.core.automation.RuleAction;
import io.madoguchi.core.event.ComplaintChanged;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.EventSubscriber;
import io.madoguchi.core.event.MessageAdded;
import io.madoguchi.core.event.PriorityChanged;
import io.madoguchi.core.event.RequesterChanged;
import io.madoguchi.core.event.StatusChanged;
import io.madoguchi.core.event.SupportEvent;
import io.madoguchi.core.event.TagsChanged;
import io.madoguchi.core.event.TicketCreated;
import io.madoguchi.core.event.TicketEvent;
import io.madoguchi.core.event.TicketMerged;
import io.madoguchi.core.event.TypeChanged;
import io.madoguchi.core.sla.EscalationAction;
import io.madoguchi.core.sla.SlaEngine;
import io.madoguchi.core.sla.SlaEscalation;
import io.madoguchi.core.sla.SlaEvent;
import io.madoguchi.core.sla.SlaInput;
import io.madoguchi.core.sla.SlaListener;
import io.madoguchi.core.sla.SlaTicket;
import io.madoguchi.core.ticket.Assign;
import io.madoguchi.core.ticket.AuditEntry;
import io.madoguchi.core.ticket.AuthorKind;
import io.madoguchi.core.ticket.ChangeTags;
import io.madoguchi.core.ticket.FieldChange;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketCommand;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.ticket.Visibility;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires an {@link SlaEngine} and {@link Automations} to a {@link SupportDesk}: a log subscriber (named
 * {@value #NAME}) turns committed ticket events into SLA inputs and automation events, and carries out the
 * escalations the engine appends ({@link SlaEvent.EscalationRequested}, one action per event) and the actions of
 * automation rules on the desk as a system principal ({@value #SLA} for escalations, {@value #AUTOMATION} for
 * rules). Changes made by the automations' own principal update what the automations know but start no new trigger
 * chain, so rules cannot loop through the desk.
 *
 * <p>Because it reads the log from its stored checkpoint, a restarted host that attaches a new bridge continues
 * where the old one stopped. A redelivered event changes nothing twice: SLA inputs carry their log position (the
 * engine skips what its stored state already took) and each escalation is one desk step, which the desk makes
 * exactly once for a redelivered event. Build the engine on the desk store's event log, or the bridge never sees
 * the escalations:
 *
 * <pre>{@code
 * SlaEngine sla = SlaEngine.builder().clock(desk.clock()).policies(policies)
 *     .store(slaStore).eventLog(deskStore.eventLog())
 *     .scheduler(Scheduler.executor(executor, desk.clock()))
 *     .build();
 * Automations automations = Automations.builder().trigger(churnRisk)
 *     .actions(DeskBridge.automationActions(desk)).build();
 * DeskBridge bridge = DeskBridge.attach(desk, sla, automations);
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class DeskBridge implements EventSubscriber, AutoCloseable {

    /** The system component name escalations act as. */
    public static final String SLA = "sla";
    /** The system component name automation rules act as. */
    public static final String AUTOMATION = "automation";
    /** The subscriber name the bridge's checkpoint is stored under. */
    public static final String NAME = "sla";

    private static final Logger LOG = LoggerFactory.getLogger(DeskBridge.class);

    private final SupportDesk desk;
    private final SlaEngine engine;
    private final @Nullable Automations automations;
    private final Function<Ticket, SlaTicket> facts;
    private final SlaListener wake;
    private volatile boolean closed;

    private DeskBridge(SupportDesk desk, SlaEngine engine, @Nullable Automations automations,
                       Function<Ticket, SlaTicket> facts) {
        this.desk = desk;
        this.engine = engine;
        this.automations = automations;
        this.facts = facts;
        this.wake = event -> {
            if (!closed && event instanceof SlaEvent.EscalationRequested) {
                desk.processEvents();
            }
        };
    }

    /**
     * Subscribes a new bridge to the desk's event log (it catches up from its stored checkpoint at once).
     *
     * @param desk the desk
     * @param engine the SLA engine to feed (build it with the desk's clock and the desk store's event log)
     * @param automations the automations to run; null for none
     * @return the bridge; close it to unsubscribe
     * @throws io.madoguchi.core.ValidationException if a subscriber named {@value #NAME} is already subscribed
     */
    public static DeskBridge attach(SupportDesk desk, SlaEngine engine, @Nullable Automations automations) {
        return attach(desk, engine, automations, DeskBridge::facts);
    }

    /**
     * Subscribes a new bridge that maps tickets to SLA facts with {@code facts}, for hosts that know
     * more about customers and organizations (tier, plan) than the desk does.
     *
     * @param desk the desk
     * @param engine the SLA engine to feed (build it with the desk's clock and the desk store's event log)
     * @param automations the automations to run; null for none
     * @param facts maps a desk ticket to its facts; start from {@link #facts(Ticket)}
     * @return the bridge; close it to unsubscribe
     * @throws io.madoguchi.core.ValidationException if a subscriber named {@value #NAME} is already subscribed
     */
    public static DeskBridge attach(SupportDesk desk, SlaEngine engine, @Nullable Automations automations,
                                    Function<Ticket, SlaTicket> facts) {
        DeskBridge bridge = new DeskBridge(requireNonNull(desk, "desk"), requireNonNull(engine, "engine"), automations,
            requireNonNull(facts, "facts"));
        engine.addListener(bridge.wake);
        try {
            desk.subscribe(bridge);
        } catch (RuntimeException e) {
            engine.removeListener(bridge.wake);
            throw e;
        }
        return bridge;
    }

    /**
     * The SLA facts of a desk ticket: customer attribute {@code id} is the requester, organization
     * attribute {@code id} the organization.
     *
     * @param ticket a desk ticket
     * @return its facts
     */
    public static SlaTicket facts(Ticket ticket) {
        return new SlaTicket(ticket.tenantId(), ticket.id(), ticket.priority(), ticket.type().label(), ticket.channel(),
            Set.copyOf(ticket.tags()), ticket.complaint(), Map.of("id", ticket.requester().value()),
            ticket.organization() == null ? Map.of() : Map.of("id", ticket.organization().value()), ticket.status());
    }

    /** @return {@value #NAME} */
    @Override
    public String name() {
        return NAME;
    }

    /**
     * Feeds a committed ticket event to the engine and the automations, or carries out an escalation.
     *
     * @param envelope the committed event
     */
    @Override
    public void handle(EventEnvelope envelope) {
        SupportEvent event = envelope.event();
        if (event instanceof SlaEvent.EscalationRequested request) {
            escalate(request);
            return;
        }
        if (!(event instanceof TicketEvent te) || isFirstMessage(te)) {
            return;
        }
        SlaInput input = toInput(te);
        if (input != null) {
            try {
                engine.apply(input, envelope.position());
            } catch (NotFoundException e) {
                startTracking(te, input, envelope.position());
            }
        }
        if (automations != null) {
            AutomationEvent ae = toAutomationEvent(te);
            if (ae != null) {
                Principal p = te.principal();
                if (p.kind() == Principal.Kind.SYSTEM && AUTOMATION.equals(p.id())) {
                    automations.observe(ae);
                } else {
                    automations.onEvent(ae);
                }
            }
        }
    }

    /**
     * The engine has no state for the event's ticket: the ticket was created before the engine was attached, or the
     * engine forgot its state ({@link SlaEngine#forget}, or an SLA store that did not survive a restart while the
     * desk's store and this subscriber's checkpoint did), and this is a later event of it, perhaps a parked event
     * redelivered days later. A late event never starts clocks (and so warnings, breaches and escalations) for a
     * ticket that is solved, closed, merged or gone by now. A ticket still being worked on is tracked again from its
     * own history as the desk keeps it ({@link #resumed}), so its clocks run from its creation, not from the event.
     */
    private void startTracking(TicketEvent te, SlaInput input, long position) {
        Principal system = desk.system(te.ticket().tenantId(), SLA);
        Ticket now;
        try {
            now = desk.ticket(system, te.ticketId());
        } catch (NotFoundException gone) {
            LOG.debug("ticket {} is not tracked by the SLA engine and no longer on the desk; not tracking it",
                te.ticketId());
            return;
        }
        if (!now.status().isUnsolved() || now.mergedInto() != null) {
            LOG.debug("ticket {} is not tracked by the SLA engine and is {} now; not tracking it", te.ticketId(),
                now.mergedInto() != null ? "merged" : now.status().label());
            return;
        }
        LOG.debug("ticket {} is not tracked by the SLA engine (created before it was attached, or forgotten); "
            + "tracking it again from its history", te.ticketId());
        engine.apply(resumed(te, input, desk.history(system, te.ticketId()), desk.messages(system, te.ticketId())),
            position);
    }

    /**
     * The SLA timeline of the event's ticket up to and including {@code input} (the event's own input), from the
     * ticket's audit history before the event's step: its creation time from the event's snapshot, the status it
     * was created with, each status change and each public message (as {@link #toInput} makes them live) with its
     * own time. The facts are those of the event's snapshot with the status the ticket was created with: earlier
     * values of priority, type, tags or attributes are not in the facts a host's mapping can derive, so they count
     * from creation on (see {@link SlaInput.Resumed}).
     */
    private SlaInput.Resumed resumed(TicketEvent te, SlaInput input, List<AuditEntry> history,
                                     List<Message> messages) {
        Ticket t = te.ticket();
        Map<Integer, Message> bySeq = new HashMap<>();
        for (Message m : messages) {
            bySeq.put(m.seq(), m);
        }
        TicketStatus createdAs = null;
        List<SlaInput> since = new ArrayList<>();
        for (AuditEntry entry : history) {
            if (entry.version() >= t.version()) {
                break; // the event's own step, and what came after it
            }
            for (FieldChange change : entry.changes()) {
                if (change.field().equals("status")) {
                    TicketStatus to = status(change.newValue());
                    TicketStatus from = change.oldValue().isEmpty() ? null : status(change.oldValue());
                    if (createdAs == null) {
                        createdAs = from == null ? to : from;
                    }
                    if (from != null && to != null) {
                        since.add(new SlaInput.StatusChanged(t.tenantId(), t.id(), to, entry.at()));
                    }
                } else if (change.field().equals("messages")) {
                    Message m = addedMessage(entry, change, bySeq);
                    SlaInput replayed = m == null ? null
                        : messageInput(t, m.visibility(), m.authorKind(), m.createdAt());
                    if (replayed != null) {
                        since.add(replayed);
                    }
                }
            }
        }
        since.add(input);
        SlaTicket current = facts.apply(t);
        SlaTicket created = createdAs == null ? current : current.withStatus(createdAs);
        Instant createdAt = t.createdAt().isAfter(since.get(0).at()) ? since.get(0).at() : t.createdAt();
        return new SlaInput.Resumed(new SlaInput.Created(created, createdAt), since);
    }

    /**
     * The message a step added ({@code messages} n to n + 1, written at the step's time), other than a new ticket's
     * first; null if none. Messages a merge moved in from another ticket are not new messages of this one: live, the
     * merge gives the survivor no input either.
     */
    private static @Nullable Message addedMessage(AuditEntry entry, FieldChange change, Map<Integer, Message> bySeq) {
        if (entry.changes().stream().anyMatch(c -> c.field().equals("mergedFrom"))) {
            return null;
        }
        try {
            int before = Integer.parseInt(change.oldValue());
            int after = Integer.parseInt(change.newValue());
            Message m = after == before + 1 && after > 1 ? bySeq.get(after) : null;
            return m != null && m.createdAt().equals(entry.at()) ? m : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static @Nullable TicketStatus status(String label) {
        for (TicketStatus s : TicketStatus.values()) {
            if (s.label().equals(label)) {
                return s;
            }
        }
        return null;
    }

    /** The desk reports a new ticket's first message again as MessageAdded; TicketCreated already covers it. */
    private static boolean isFirstMessage(TicketEvent event) {
        return event instanceof MessageAdded && event.ticket().messageCount() == 1;
    }

    private @Nullable SlaInput toInput(TicketEvent event) {
        Ticket t = event.ticket();
        Instant at = event.occurredAt();
        if (event instanceof TicketCreated) {
            return new SlaInput.Created(facts.apply(t), at);
        } else if (event instanceof MessageAdded m) {
            return messageInput(t, m.visibility(), m.authorKind(), at);
        } else if (event instanceof StatusChanged s) {
            return new SlaInput.StatusChanged(t.tenantId(), t.id(), s.to(), at);
        } else if (event instanceof TicketMerged m) {
            return m.survivor().equals(t.id()) ? null : new SlaInput.Merged(t.tenantId(), t.id(), m.survivor(), at);
        } else if (event instanceof PriorityChanged || event instanceof TypeChanged || event instanceof TagsChanged
            || event instanceof ComplaintChanged || event instanceof RequesterChanged) {
            return new SlaInput.FactsChanged(facts.apply(t), at);
        }
        return null;
    }

    private static @Nullable SlaInput messageInput(Ticket t, Visibility visibility, AuthorKind author, Instant at) {
        if (visibility != Visibility.PUBLIC) {
            return null;
        }
        if (author == AuthorKind.CUSTOMER) {
            return new SlaInput.CustomerMessage(t.tenantId(), t.id(), at);
        }
        if (author == AuthorKind.BOT) {
            return new SlaInput.BotReply(t.tenantId(), t.id(), at);
        }
        return author == AuthorKind.AGENT ? new SlaInput.AgentReply(t.tenantId(), t.id(), at) : null;
    }

    private @Nullable AutomationEvent toAutomationEvent(TicketEvent event) {
        SlaTicket facts = this.facts.apply(event.ticket());
        if (event instanceof TicketCreated c) {
            return new AutomationEvent(AutomationEvent.Kind.CREATED, facts, c.firstMessage().body(),
                event.occurredAt());
        } else if (event instanceof MessageAdded m) {
            Message msg = m.message();
            if (msg.visibility() != Visibility.PUBLIC) {
                return null;
            }
            AutomationEvent.Kind kind = msg.authorKind() == AuthorKind.CUSTOMER ? AutomationEvent.Kind.CUSTOMER_MESSAGE
                : msg.authorKind() == AuthorKind.AGENT ? AutomationEvent.Kind.AGENT_REPLY
                : AutomationEvent.Kind.UPDATED;
            return new AutomationEvent(kind, facts, msg.body(), event.occurredAt());
        }
        return new AutomationEvent(AutomationEvent.Kind.UPDATED, facts, "", event.occurredAt());
    }

    /** Unsubscribes from the desk (the checkpoint stays, so a new bridge resumes there). */
    @Override
    public void close() {
        closed = true;
        engine.removeListener(wake);
        desk.unsubscribe(NAME);
    }

    /**
     * Carries out one escalation action as one desk step by system principal {@value #SLA}. A notification is an
     * internal note on the ticket.
     */
    private void escalate(SlaEvent.EscalationRequested request) {
        Principal p = desk.system(request.tenant(), SLA);
        TicketId ticket = request.ticket();
        EscalationAction action = request.action();
        if (action instanceof EscalationAction.RaisePriority raise) {
            if (desk.ticket(p, ticket).priority().compareTo(raise.to()) < 0) {
                desk.changePriority(p, ticket, raise.to());
            }
        } else if (action instanceof EscalationAction.Reassign reassign) {
            desk.apply(p, new Assign(ticket, null, reassign.group(), TicketCommand.LATEST));
        } else if (action instanceof EscalationAction.AddTag tag) {
            desk.addTags(p, ticket, tag.tag());
        } else if (action instanceof EscalationAction.Notify notify) {
            desk.addNote(p, ticket, describe(request) + " → " + notify.recipient());
        }
    }

    private static String describe(SlaEvent.EscalationRequested request) {
        if (request.on() == SlaEscalation.When.BREACH) {
            return "SLA違反 / SLA breached: " + request.metric() + " (" + request.policy() + ") at " + request.at();
        }
        return "SLA警告 / SLA warning: " + request.metric() + " due at " + request.dueAt();
    }

    /**
     * Rule actions carried out on the desk as system principal {@value #AUTOMATION}. {@link RuleAction.Notify}
     * to {@code requester} applies the macro named by its template (a public reply); to anyone else it
     * adds an internal note.
     *
     * @param desk the desk
     * @return the actions
     */
    public static AutomationActions automationActions(SupportDesk desk) {
        requireNonNull(desk, "desk");
        return (ticket, action, rule) -> {
            Principal p = desk.system(ticket.tenant(), AUTOMATION);
            TicketId id = ticket.id();
            if (action instanceof RuleAction.SetPriority a) {
                desk.changePriority(p, id, a.priority());
            } else if (action instanceof RuleAction.SetStatus a) {
                desk.changeStatus(p, id, a.status());
            } else if (action instanceof RuleAction.AddTag a) {
                desk.addTags(p, id, a.tag());
            } else if (action instanceof RuleAction.RemoveTag a) {
                desk.apply(p, ChangeTags.remove(id, a.tag()));
            } else if (action instanceof RuleAction.AssignGroup a) {
                desk.apply(p, new Assign(id, null, a.group(), TicketCommand.LATEST));
            } else if (action instanceof RuleAction.Notify a) {
                if ("requester".equals(a.recipient())) {
                    desk.applyMacro(p, id, a.template());
                } else {
                    desk.addNote(p, id, "「" + rule + "」: " + a.template() + " → " + a.recipient());
                }
            }
        };
    }
}
