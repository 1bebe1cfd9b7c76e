package io.madoguchi.core.sla;

import io.madoguchi.core.time.Scheduler;
import static java.util.Objects.requireNonNull;

import io.madoguchi.core.GroupId;
import io.madoguchi.core.NotFoundException;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.automation.AutomationActions;
import io.madoguchi.core.automation.AutomationEvent;
import io.madoguchi.core.automation.Automations;
import io.madoguchi.core.automation.RuleAction;
import io.madoguchi.core.event.ComplaintChanged;
import io.madoguchi.core.event.DeskEvent;
import io.madoguchi.core.event.DeskListener;
import io.madoguchi.core.event.MessageAdded;
import io.madoguchi.core.event.PriorityChanged;
import io.madoguchi.core.event.RequesterChanged;
import io.madoguchi.core.event.StatusChanged;
import io.madoguchi.core.event.TagsChanged;
import io.madoguchi.core.event.TicketCreated;
import io.madoguchi.core.event.TicketEvent;
import io.madoguchi.core.event.TicketMerged;
import io.madoguchi.core.event.TypeChanged;
import io.madoguchi.core.ticket.Assign;
import io.madoguchi.core.ticket.AuthorKind;
import io.madoguchi.core.ticket.ChangeTags;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Priority;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketCommand;
import io.madoguchi.core.ticket.Visibility;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires an {@link SlaEngine} and {@link Automations} to a {@link SupportDesk}: a desk listener turns
 * ticket events into SLA inputs and automation events, and the actions of escalations and rules are
 * carried out on the desk as a system principal ({@value #SLA} for escalations, {@value #AUTOMATION}
 * for rules). Changes made by the automations' own principal update what the automations know but
 * start no new trigger chain, so rules cannot loop through the desk.
 *
 * <pre>{@code
 * SlaEngine sla = SlaEngine.builder().clock(desk.clock()).policies(policies)
 *     .scheduler(Scheduler.executor(executor, desk.clock()))
 *     .actions(DeskBridge.slaActions(desk)).build();
 * Automations automations = Automations.builder().trigger(churnRisk)
 *     .actions(DeskBridge.automationActions(desk)).build();
 * DeskBridge bridge = DeskBridge.attach(desk, sla, automations);
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class DeskBridge implements DeskListener, AutoCloseable {

    /** The system component name escalations act as. */
    public static final String SLA = "sla";
    /** The system component name automation rules act as. */
    public static final String AUTOMATION = "automation";

    private static final Logger LOG = LoggerFactory.getLogger(DeskBridge.class);

    private final SupportDesk desk;
    private final SlaEngine engine;
    private final @Nullable Automations automations;
    private final Function<Ticket, SlaTicket> facts;

    private DeskBridge(SupportDesk desk, SlaEngine engine, @Nullable Automations automations,
                       Function<Ticket, SlaTicket> facts) {
        this.desk = desk;
        this.engine = engine;
        this.automations = automations;
        this.facts = facts;
    }

    /**
     * Subscribes a new bridge to the desk's events.
     *
     * @param desk the desk
     * @param engine the SLA engine to feed (build it with the desk's clock)
     * @param automations the automations to run; null for none
     * @return the bridge; close it to unsubscribe
     */
    public static DeskBridge attach(SupportDesk desk, SlaEngine engine, @Nullable Automations automations) {
        return attach(desk, engine, automations, DeskBridge::facts);
    }

    /**
     * Subscribes a new bridge that maps tickets to SLA facts with {@code facts}, for hosts that know
     * more about customers and organizations (tier, plan) than the desk does.
     *
     * @param desk the desk
     * @param engine the SLA engine to feed (build it with the desk's clock)
     * @param automations the automations to run; null for none
     * @param facts maps a desk ticket to its facts; start from {@link #facts(Ticket)}
     * @return the bridge; close it to unsubscribe
     */
    public static DeskBridge attach(SupportDesk desk, SlaEngine engine, @Nullable Automations automations,
                                    Function<Ticket, SlaTicket> facts) {
        DeskBridge bridge = new DeskBridge(requireNonNull(desk, "desk"), requireNonNull(engine, "engine"), automations,
            requireNonNull(facts, "facts"));
        desk.addListener(bridge);
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

    @Override
    public void onEvent(DeskEvent event) {
        if (!(event instanceof TicketEvent te) || isFirstMessage(te)) {
            return;
        }
        SlaInput input = toInput(te);
        if (input != null) {
            try {
                engine.apply(input);
            } catch (NotFoundException e) {
                LOG.debug("ticket {} was created before the SLA engine was attached; tracking it from now", te.ticketId());
                engine.apply(new SlaInput.Created(facts.apply(te.ticket()), te.occurredAt()));
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
            if (m.visibility() != Visibility.PUBLIC) {
                return null;
            }
            if (m.authorKind() == AuthorKind.CUSTOMER) {
                return new SlaInput.CustomerMessage(t.tenantId(), t.id(), at);
            }
            return m.authorKind() == AuthorKind.AGENT ? new SlaInput.AgentReply(t.tenantId(), t.id(), at) : null;
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

    private @Nullable AutomationEvent toAutomationEvent(TicketEvent event) {
        SlaTicket facts = this.facts.apply(event.ticket());
        if (event instanceof TicketCreated c) {
            return new AutomationEvent(AutomationEvent.Kind.CREATED, facts, c.firstMessage().body(), event.occurredAt());
        } else if (event instanceof MessageAdded m) {
            Message msg = m.message();
            if (msg.visibility() != Visibility.PUBLIC) {
                return null;
            }
            AutomationEvent.Kind kind = msg.authorKind() == AuthorKind.CUSTOMER ? AutomationEvent.Kind.CUSTOMER_MESSAGE
                : msg.authorKind() == AuthorKind.AGENT ? AutomationEvent.Kind.AGENT_REPLY : AutomationEvent.Kind.UPDATED;
            return new AutomationEvent(kind, facts, msg.body(), event.occurredAt());
        }
        return new AutomationEvent(AutomationEvent.Kind.UPDATED, facts, "", event.occurredAt());
    }

    /** Unsubscribes from the desk. */
    @Override
    public void close() {
        desk.removeListener(this);
    }

    /**
     * Escalation actions carried out on the desk as system principal {@value #SLA}. A notification is
     * an internal note on the ticket, which reaches the desk's listeners as a {@link MessageAdded} event.
     *
     * @param desk the desk
     * @return the actions
     */
    public static SlaActions slaActions(SupportDesk desk) {
        requireNonNull(desk, "desk");
        return new SlaActions() {
            @Override
            public void raisePriority(TenantId tenant, TicketId ticket, Priority atLeast) {
                Principal p = desk.system(tenant, SLA);
                if (desk.ticket(p, ticket).priority().compareTo(atLeast) < 0) {
                    desk.changePriority(p, ticket, atLeast);
                }
            }

            @Override
            public void reassign(TenantId tenant, TicketId ticket, GroupId group) {
                desk.apply(desk.system(tenant, SLA), new Assign(ticket, null, group, TicketCommand.LATEST));
            }

            @Override
            public void addTag(TenantId tenant, TicketId ticket, String tag) {
                desk.addTags(desk.system(tenant, SLA), ticket, tag);
            }

            @Override
            public void notify(TenantId tenant, TicketId ticket, String recipient, SlaEvent cause) {
                desk.addNote(desk.system(tenant, SLA), ticket, describe(cause) + " → " + recipient);
            }
        };
    }

    private static String describe(SlaEvent event) {
        if (event instanceof SlaEvent.Breached b) {
            return "SLA違反 / SLA breached: " + b.metric() + " (" + b.policy() + ") at " + b.at();
        } else if (event instanceof SlaEvent.Warning w) {
            return "SLA警告 / SLA warning: " + w.metric() + " due at " + w.dueAt();
        }
        return "SLA: " + event.getClass().getSimpleName();
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
