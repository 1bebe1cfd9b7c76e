package io.madoguchi.core;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.agent.Agent;
import io.madoguchi.core.agent.AssignmentRequest;
import io.madoguchi.core.agent.AssignmentStrategy;
import io.madoguchi.core.agent.Group;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.customer.NewCustomer;
import io.madoguchi.core.customer.Organization;
import io.madoguchi.core.event.Assigned;
import io.madoguchi.core.event.ComplaintChanged;
import io.madoguchi.core.event.CustomFieldsChanged;
import io.madoguchi.core.event.DeliveryRequested;
import io.madoguchi.core.event.DeskEvent;
import io.madoguchi.core.event.DeskListener;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.EventSubscriber;
import io.madoguchi.core.event.RetryPolicy;
import io.madoguchi.core.event.SupportEvent;
import io.madoguchi.core.event.MessageAdded;
import io.madoguchi.core.event.PriorityChanged;
import io.madoguchi.core.event.StatusChanged;
import io.madoguchi.core.event.TagsChanged;
import io.madoguchi.core.event.TicketCreated;
import io.madoguchi.core.event.TicketEvent;
import io.madoguchi.core.event.TicketLinked;
import io.madoguchi.core.event.TicketMerged;
import io.madoguchi.core.event.TypeChanged;
import io.madoguchi.core.inbound.InboundMessage;
import io.madoguchi.core.inbound.Received;
import io.madoguchi.core.internal.CommandValidator;
import io.madoguchi.core.store.TextFolding;
import io.madoguchi.core.macro.Macro;
import io.madoguchi.core.store.ChangeSet;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.store.IdempotencyKey;
import io.madoguchi.core.store.ParkedEvent;
import io.madoguchi.core.time.Scheduler;
import io.madoguchi.core.store.TicketWrite;
import io.madoguchi.core.ticket.AddMessage;
import io.madoguchi.core.ticket.Assign;
import io.madoguchi.core.ticket.AuditEntry;
import io.madoguchi.core.ticket.AuthorKind;
import io.madoguchi.core.ticket.ChangePriority;
import io.madoguchi.core.ticket.ChangeStatus;
import io.madoguchi.core.ticket.ChangeTags;
import io.madoguchi.core.ticket.ChangeType;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.CustomFieldDefinition;
import io.madoguchi.core.ticket.Delivery;
import io.madoguchi.core.ticket.FieldChange;
import io.madoguchi.core.ticket.LinkType;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Priority;
import io.madoguchi.core.ticket.SetComplaint;
import io.madoguchi.core.ticket.SetCustomFields;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketCommand;
import io.madoguchi.core.ticket.TicketLink;
import io.madoguchi.core.ticket.TicketPage;
import io.madoguchi.core.ticket.TicketQuery;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.ticket.Visibility;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The support desk: the one entry point a host builds ({@link #builder()}) and shares. Every call runs for a
 * {@link Principal} (a tenant and an actor) and is checked: a customer reads and replies only on their own tickets
 * and never sees internal notes; nobody reaches another tenant's data. An id the principal may not see (another
 * tenant's ticket or customer, another customer's ticket for a customer) answers {@link NotFoundException}, exactly
 * as a missing one, so no answer tells that it exists; {@link AccessDeniedException} is for a role that may not
 * make the call at all. Agents, groups and organizations have their own ids in each tenant.
 *
 * <p>Every change is one atomic step: the command is validated first ({@link ValidationException} lists every
 * violation and nothing changes), then stored with an optimistic version ({@link ConflictException} when the
 * caller's {@code expectedVersion} or a concurrent writer made it stale; nothing is overwritten), appended to the
 * ticket's audit history, and then announced as a typed {@link DeskEvent} to the listeners, synchronously and in
 * order per ticket. A listener that throws is logged and changes nothing.
 *
 * <p>Thread-safe: share one instance across the application.
 */
public final class SupportDesk {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SupportDesk.class);

    static final int RETRIES = 32;
    private static final Set<String> CUSTOMER_FIELDS = Set.of("status", "priority", "messages", "links", "mergedInto",
        "mergedFrom", "requester");
    private static final Set<String> CUSTOMER_ACTIONS = Set.of("created", "public_reply", "status", "priority", "link",
        "merged_into", "merged_from", "requester");

    final Clock clock;
    final DeskStore store;
    private final SubscriberRunner runner;
    final IdGenerator ids;
    private final DeskCustomers deskCustomers = new DeskCustomers(this);
    private final DeskInbound deskInbound = new DeskInbound(this);
    private final boolean synchronousDelivery;
    final CommandValidator validator = new CommandValidator();
    private final @Nullable AssignmentStrategy strategy;

    private SupportDesk(Builder b) {
        this.clock = b.clock;
        this.store = requireNonNull(b.store, "store");
        this.runner = new SubscriberRunner(store.eventLog(), store.checkpoints(), clock, b.scheduler, b.retry);
        this.synchronousDelivery = b.synchronousDelivery;
        this.ids = b.ids != null ? b.ids : IdGenerator.sequential(store);
        for (DeskListener l : b.listeners) {
            runner.addListener(new ListenerSubscriber(l));
        }
        for (EventSubscriber sub : b.subscribers) {
            runner.subscribe(sub);
        }
        this.strategy = b.strategy;
    }

    /** @return a builder: system UTC clock, in-memory store, no listeners, no automatic assignment */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the desk's clock */
    public Clock clock() {
        return clock;
    }

    /** The time of a step: the clock's instant truncated to microseconds, which every store keeps exactly. */
    Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    /** @return the configured assignment strategy, if any */
    public Optional<AssignmentStrategy> assignmentStrategy() {
        return Optional.ofNullable(strategy);
    }

    /**
     * Adds an in-process listener: it receives the desk events committed from now on, in log order. A listener is
     * for observing (pushing updates to a browser, logging); it has no durable checkpoint, a failure is logged and
     * not retried, and events committed while the host was down are not delivered to it. Anything that must happen
     * belongs in an {@link EventSubscriber} ({@link #subscribe}).
     *
     * @param listener a listener to add
     */
    public void addListener(DeskListener listener) {
        runner.addListener(new ListenerSubscriber(requireNonNull(listener, "listener")));
    }

    /**
     * @param listener a listener to remove
     * @return whether it was registered
     */
    public boolean removeListener(DeskListener listener) {
        return runner.removeListener(new ListenerSubscriber(listener));
    }

    /**
     * Subscribes to the committed event log. The subscriber resumes from the checkpoint stored under its name (the
     * start of the retained log for a new name) and, with synchronous delivery, catches up at once.
     *
     * @param subscriber the subscriber
     * @throws ValidationException if its name is malformed or a subscriber of that name is already subscribed
     */
    public void subscribe(EventSubscriber subscriber) {
        runner.subscribe(subscriber);
        if (synchronousDelivery) {
            runner.drain();
        }
    }

    /**
     * Stops delivering to a subscriber; its checkpoint stays, so subscribing again resumes there.
     *
     * @param name the subscriber's name
     * @return whether it was subscribed
     */
    public boolean unsubscribe(String name) {
        return runner.unsubscribe(requireNonNull(name, "name"));
    }

    /**
     * Delivers every committed event that a subscriber has not yet handled and that is not waiting for a retry, on
     * the calling thread. Hosts with asynchronous delivery call this from their own scheduler; it is also how a
     * restarted host catches up on what was committed before a crash.
     */
    public void processEvents() {
        runner.drain();
    }

    /**
     * @param admin an admin principal
     * @param subscriber the subscriber's name
     * @return the events it parked, with their errors, by position
     * @throws AccessDeniedException if {@code admin} is not an admin
     */
    public List<ParkedEvent> parkedEvents(Principal admin, String subscriber) {
        requireAdmin(admin, "see parked events");
        return store.checkpoints().parked(requireNonNull(subscriber, "subscriber"));
    }

    /**
     * Delivers a parked event to its subscriber again, now, on the calling thread.
     *
     * @param admin an admin principal
     * @param subscriber the subscriber's name
     * @param position the parked event's position
     * @return whether the subscriber handled it this time (it is then no longer parked)
     * @throws AccessDeniedException if {@code admin} is not an admin
     * @throws NotFoundException if the subscriber is not subscribed or has no parked event there
     */
    public boolean redeliver(Principal admin, String subscriber, long position) {
        requireAdmin(admin, "redeliver events");
        return runner.redeliver(requireNonNull(subscriber, "subscriber"), position);
    }

    /** Adapts a listener to the log; equal when the listeners are, so it can be removed. */
    private record ListenerSubscriber(DeskListener listener) implements EventSubscriber {
        @Override
        public String name() {
            return "listener";
        }

        @Override
        public void handle(EventEnvelope event) {
            if (event.event() instanceof DeskEvent e) {
                listener.onEvent(e);
            }
        }
    }

    /**
     * The principal for a trusted in-process component (SLA engine, workflow). Hand it only to your own code.
     *
     * @param tenantId the tenant
     * @param component the component's name
     * @return a SYSTEM principal
     */
    public Principal system(TenantId tenantId, String component) {
        return Principal.system(tenantId, component);
    }

    /**
     * The principal for an automated responder (FAQ bot). Hand it only to your own code.
     *
     * @param tenantId the tenant
     * @param botName the bot's name
     * @return a BOT principal
     */
    public Principal bot(TenantId tenantId, String botName) {
        return Principal.bot(tenantId, botName);
    }

    // ------------------------------------------------------------------ configuration (admin)

    /**
     * @param admin an admin or system principal
     * @param agent the agent to create or replace; must be of the principal's tenant
     * @return the agent
     * @throws AccessDeniedException if the principal is not admin/system or the agent is of another tenant
     */
    public Agent saveAgent(Principal admin, Agent agent) {
        requireAdmin(admin, "manage agents");
        requireTenant(admin, agent.tenantId(), "agent " + agent.id());
        for (GroupId g : agent.groups()) {
            if (store.group(admin.tenantId(), g).isEmpty()) {
                throw ValidationException.of("groups", "unknown group " + g);
            }
        }
        store.saveAgent(agent);
        return agent;
    }

    /**
     * @param admin an admin or system principal
     * @param group the group to create or replace
     * @return the group
     * @throws AccessDeniedException if the principal is not admin/system or the group is of another tenant
     */
    public Group saveGroup(Principal admin, Group group) {
        requireAdmin(admin, "manage groups");
        requireTenant(admin, group.tenantId(), "group " + group.id());
        store.saveGroup(group);
        return group;
    }

    /**
     * @param admin an admin or system principal
     * @param organization the organization to create or replace
     * @return the organization
     * @throws AccessDeniedException if the principal is not admin/system or the organization is of another tenant
     */
    public Organization saveOrganization(Principal admin, Organization organization) {
        requireAdmin(admin, "manage organizations");
        requireTenant(admin, organization.tenantId(), "organization " + organization.id());
        store.saveOrganization(organization);
        return organization;
    }

    /**
     * @param admin an admin or system principal
     * @param macro the macro to create or replace
     * @return the macro
     * @throws AccessDeniedException if the principal is not admin/system or the macro is of another tenant
     */
    public Macro saveMacro(Principal admin, Macro macro) {
        requireAdmin(admin, "manage macros");
        requireTenant(admin, macro.tenantId(), "macro " + macro.id());
        store.saveMacro(macro);
        return macro;
    }

    /**
     * @param admin an admin or system principal
     * @param definition a custom field definition to create or replace
     * @return the definition
     * @throws AccessDeniedException if the principal is not admin/system
     */
    public CustomFieldDefinition defineField(Principal admin, CustomFieldDefinition definition) {
        requireAdmin(admin, "define custom fields");
        store.saveFieldDefinition(admin.tenantId(), requireNonNull(definition, "definition"));
        return definition;
    }

    /**
     * @param p a staff principal
     * @return the tenant's custom field definitions by key
     */
    public Map<String, CustomFieldDefinition> fieldDefinitions(Principal p) {
        requireStaff(p, "read field definitions");
        return store.fieldDefinitions(p.tenantId());
    }

    /**
     * @param p a staff principal
     * @return the tenant's agents by id
     */
    public List<Agent> agents(Principal p) {
        requireStaff(p, "list agents");
        return store.agents(p.tenantId());
    }

    /**
     * @param p a staff principal
     * @param id the agent
     * @return the agent
     * @throws NotFoundException if the principal's tenant has no such agent (another tenant's agents are never
     *     found: each tenant has its own agent ids)
     */
    public Agent agent(Principal p, AgentId id) {
        requireStaff(p, "read agents");
        return store.agent(p.tenantId(), requireNonNull(id, "id"))
            .orElseThrow(() -> new NotFoundException("agent " + id + " not found"));
    }

    /**
     * @param p a staff principal
     * @return the tenant's macros by id
     */
    public List<Macro> macros(Principal p) {
        requireStaff(p, "list macros");
        return store.macros(p.tenantId());
    }

    // ------------------------------------------------------------------ customers

    /**
     * @param p a staff principal (agent, admin, system, bot)
     * @param command the new customer
     * @return the created customer, version 1
     * @throws ValidationException on bad input or an unknown organization
     * @throws ConflictException if one of the identities already belongs to a customer of the tenant
     */
    public Customer createCustomer(Principal p, NewCustomer command) {
        return deskCustomers.createCustomer(p, command);
    }

    /**
     * Finds the customer holding a channel identity, or creates one. Channels call this for every inbound message.
     *
     * @param p a staff principal (typically the channel's system principal)
     * @param identity the identity the message came from
     * @param displayName the name to give a new customer (for example the email's display name)
     * @return the (surviving) customer holding the identity
     * @throws ValidationException if a new customer's name is blank
     */
    public Customer resolveCustomer(Principal p, ChannelIdentity identity, String displayName) {
        return deskCustomers.resolveCustomer(p, identity, displayName);
    }

    /**
     * @param p a staff principal
     * @param identity an identity
     * @return the customer holding it in the principal's tenant
     */
    public Optional<Customer> findCustomer(Principal p, ChannelIdentity identity) {
        return deskCustomers.findCustomer(p, identity);
    }

    /**
     * @param p a staff principal, or the customer themself
     * @param id the customer
     * @return the customer
     * @throws NotFoundException if there is none in the principal's tenant, or (for a customer) it is another
     *     customer
     */
    public Customer customer(Principal p, CustomerId id) {
        return deskCustomers.customer(p, id);
    }

    /**
     * @param p a staff principal
     * @param id the customer
     * @param identity another identity of the customer
     * @return the customer after the change
     * @throws ConflictException if another customer holds the identity (merge them instead)
     */
    public Customer addIdentity(Principal p, CustomerId id, ChannelIdentity identity) {
        return deskCustomers.addIdentity(p, id, identity);
    }

    /**
     * Changes a customer's name, language or organization (null values keep the current ones).
     *
     * @param p a staff principal
     * @param command the change
     * @return the customer after the change (unchanged if nothing differs)
     * @throws ValidationException on bad input or an unknown organization
     * @throws ConflictException if {@code expectedVersion} is stale or the customer changed concurrently
     * @throws NotFoundException if the customer does not exist in the principal's tenant
     * @throws ValidationException also if the customer was merged into another (change the survivor)
     */
    public Customer updateCustomer(Principal p, io.madoguchi.core.customer.UpdateCustomer command) {
        return deskCustomers.updateCustomer(p, command);
    }

    /**
     * Merges {@code merged} into {@code survivor}: its identities and tickets move to the survivor, and it
     * points to the survivor from then on (it takes no more edits or identities). A ticket created for the merged
     * customer while the merge runs ends on the survivor too: the creation starts over on the survivor if the merge
     * committed first, and the merge moves the tickets committed between its read and its commit in a second step
     * ({@link io.madoguchi.core.event.RequesterChanged} events, not listed in the {@code CustomerMerged} event).
     *
     * @param p a staff principal
     * @param survivor the customer that remains
     * @param merged the customer merged away
     * @return the survivor after the merge
     * @throws ValidationException if both are the same or one was already merged
     * @throws NotFoundException if either does not exist in the principal's tenant
     * @throws ConflictException if they kept changing concurrently (nothing was changed)
     */
    public Customer mergeCustomers(Principal p, CustomerId survivor, CustomerId merged) {
        return deskCustomers.mergeCustomers(p, survivor, merged);
    }

    // ------------------------------------------------------------------ inbound messages

    /**
     * Writes a customer's inbound message as that customer, through a channel gateway: resolves the customer by the
     * channel identity (creating them on first contact), finds the conversation and writes the message, in one
     * serialised step per sender, so two messages from one sender arriving at once never open two tickets.
     *
     * <p>The conversation, by explicit rules: the hinted ticket if it is the customer's; else the customer's most
     * recently updated ticket on the same channel if it is not closed (a solved one reopens, as any customer reply
     * does); else, if that ticket is closed, a follow-up of it; else a new ticket, its subject the given one or the
     * start of the text. The message is written by the customer's principal, so it reopens, restarts the SLA
     * reply clocks and counts as the customer's verdict for the bot exactly as a reply typed on the web would.
     *
     * <p>With a provider message id the step claims {@code (tenant, "inbound:" + channel, id)} in the same change set
     * as the message: a redelivery, on this or another instance, returns the stored message with outcome
     * {@link Received.Outcome#DUPLICATE} and writes nothing.
     *
     * @param gateway the channel's staff principal (typically {@link #system(TenantId, String)})
     * @param message the normalized inbound message
     * @return what was stored
     * @throws ValidationException listing every problem with the message; nothing is written
     * @throws AccessDeniedException if {@code gateway} is not a staff principal
     */
    public Received receive(Principal gateway, InboundMessage message) {
        return deskInbound.receive(gateway, message);
    }

    // ------------------------------------------------------------------ tickets: create

    /**
     * Opens a ticket with its first message. A customer may open tickets only for themself. Without a manual
     * assignee the configured {@link AssignmentStrategy} (if any) picks one.
     *
     * @param p who opens it
     * @param command the ticket
     * @return the created ticket, version 1 (a customer gets the customer's view)
     * @throws ValidationException listing every problem (bean constraints, custom fields, unknown agent or group,
     *     unknown requester)
     * @throws ValidationException also if a customer sets a staff-only field: anything but the subject, the body,
     *     the attachments, the channel, the language and custom fields marked
     *     {@linkplain CustomFieldDefinition#customerEditable() customer-editable} (one violation per field)
     * @throws AccessDeniedException if a customer opens a ticket for someone else
     */
    public Ticket createTicket(Principal p, CreateTicket command) {
        return createTicket(p, command, true);
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
            requester = store.customer(command.requester()).filter(c -> c.tenantId().equals(p.tenantId())).orElse(null);
            if (requester == null) {
                // another tenant's customer is unknown here, exactly as a missing one
                problems.add(new Violation("requester", "unknown customer " + command.requester()));
            } else {
                requester = survivor(requester);
            }
        }
        Map<String, Object> fields = customFields(p.tenantId(), Map.of(), given, Set.of(), requireFields,
            p.kind() == Principal.Kind.CUSTOMER, problems);
        if (command.assignee() != null) {
            checkAgent(p, command.assignee(), problems);
        }
        if (command.group() != null) {
            checkGroup(p, command.group(), problems);
        }
        if (!problems.isEmpty()) {
            problems.sort(java.util.Comparator.comparing(Violation::field));
            throw new ValidationException(problems);
        }
        if (requester == null) {
            // the bean constraints already report a missing requester; this keeps the loop below honest
            throw ValidationException.of("requester", "is required");
        }
        long number = store.nextSequence(p.tenantId(), "ticket");
        TicketId id = ids.ticketId(p.tenantId());
        for (int attempt = 0; ; attempt++) {
            Instant now = now();
            TicketDraft d = createDraft(p, command, requester, fields, id, number, now);
            try {
                // based on the requester's version: a customer merge committed meanwhile fails this commit, and the
                // next attempt follows the merge to the surviving customer
                Ticket created = commit(p, List.of(d), now, List.of(), List.of(), id.value(),
                    Map.of(requester.id(), requester.version())).get(0);
                return p.isStaff() ? created : created.forCustomer();
            } catch (DuplicateRequestException e) {
                throw e;
            } catch (ConflictException e) {
                if (attempt >= RETRIES) {
                    throw e;
                }
                requester = survivor(store.customer(requester.id()).orElseThrow());
            }
        }
    }

    /** @return the customer, or the customer it was merged into (and so on) */
    Customer survivor(Customer c) {
        Customer at = c;
        for (int hops = 0; at.mergedInto() != null && hops < 64; hops++) {
            CustomerId next = at.mergedInto();
            at = store.customer(next).orElseThrow(() -> new NotFoundException("customer " + next + " not found"));
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
        d.tags = tags(command.tags());
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
        } else if (strategy != null) {
            Optional<AgentId> chosen = choose(d.build(now));
            if (chosen.isPresent()) {
                d.assignee = chosen.get();
                d.change("assignee", null, chosen.get());
                AssignmentStrategy s = strategy;
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
            Map<String, CustomFieldDefinition> defs = store.fieldDefinitions(p.tenantId());
            for (String key : new TreeSet<>(given.keySet())) {
                CustomFieldDefinition def = defs.get(key);
                if (def != null && !def.customerEditable()) {
                    problems.add(new Violation("customFields." + key, why));
                }
            }
        }
    }

    // ------------------------------------------------------------------ tickets: change

    /**
     * Applies one change to one ticket as an atomic step.
     *
     * @param p who
     * @param command the change
     * @return the ticket after the change (unchanged, same version, if the command changes nothing)
     * @throws ValidationException on bad input (nothing changes)
     * @throws ConflictException if {@code expectedVersion} is stale
     * @throws IllegalTransitionException if the status table forbids the change
     * @throws AccessDeniedException if the principal may not do it
     * @throws NotFoundException if the ticket does not exist
     */
    public Ticket apply(Principal p, TicketCommand command) {
        requireNonNull(command, "command");
        if (command instanceof AddMessage m) {
            Ticket after = post(p, m).ticket();
            return p.isStaff() ? after : after.forCustomer();
        }
        requireNonNull(p, "principal");
        validator.check(command);
        requireStaff(p, "change tickets");
        List<Violation> problems = new ArrayList<>();
        if (command instanceof Assign a) {
            if (a.agent() != null) {
                checkAgent(p, a.agent(), problems);
            }
            if (a.group() != null) {
                checkGroup(p, a.group(), problems);
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        return step(p, command.ticketId(), command.expectedVersion(), d -> applyTo(d, p, command));
    }

    /**
     * Applies several changes to one ticket as one step: one new version, one audit entry, one change set with all
     * their events. This is what macros compile to, and the way a host makes a compound change (reply, set pending
     * and tag, say) that is stored all or nothing.
     *
     * @param p a staff principal
     * @param ticketId the ticket
     * @param expectedVersion the version the change is based on, or {@link TicketCommand#LATEST}
     * @param commands the changes, applied in order; each names {@code ticketId} (their own expected versions are
     *     ignored)
     * @return the ticket after the step (unchanged, same version, if nothing changes)
     * @throws ValidationException listing every problem of every command; nothing changes
     * @throws AccessDeniedException if {@code p} is not staff
     * @throws IllegalTransitionException if a status change is not allowed or a message goes to a closed ticket
     * @throws ConflictException if {@code expectedVersion} is stale
     * @throws NotFoundException if the ticket does not exist
     */
    public Ticket apply(Principal p, TicketId ticketId, long expectedVersion, List<TicketCommand> commands) {
        return applyAll(p, ticketId, expectedVersion, commands, "", null);
    }

    /**
     * Applies several changes to one ticket as one step, as {@link #apply(Principal, TicketId, long, List)} does,
     * and commits the events of the component that makes the step in the same change set: both are stored or
     * neither. This is how a component built on the desk (the self-service bot, a channel adapter, a plugin)
     * records what it did without a window in which the ticket changed but its own events are missing.
     *
     * @param p a staff or bot principal
     * @param ticketId the ticket
     * @param expectedVersion the version the change is based on, or {@link TicketCommand#LATEST}
     * @param commands the changes, applied in order; each names {@code ticketId}
     * @param events the component's events, made from the ticket as it will be stored (its new version, time and
     *     message count); each of the ticket's tenant and not a {@link DeskEvent} (those are the desk's own). Called
     *     once per attempt; not called when the commands change nothing.
     * @return the ticket after the step (unchanged, same version, if nothing changes)
     * @throws ValidationException listing every problem of every command, or naming {@code events} when an event
     *     is of another tenant or a desk event; nothing changes
     * @throws AccessDeniedException if {@code p} is not staff of the ticket's tenant
     * @throws IllegalTransitionException if a status change is not allowed or a message goes to a closed ticket
     * @throws ConflictException if {@code expectedVersion} is stale
     * @throws NotFoundException if the ticket does not exist
     */
    public Ticket apply(Principal p, TicketId ticketId, long expectedVersion, List<TicketCommand> commands,
                        java.util.function.Function<Ticket, List<? extends SupportEvent>> events) {
        requireNonNull(events, "events");
        return applyAll(p, ticketId, expectedVersion, commands, "", events);
    }

    private Ticket applyAll(Principal p, TicketId ticketId, long expectedVersion, List<TicketCommand> commands,
                            String action,
                            java.util.function.@Nullable Function<Ticket, List<? extends SupportEvent>> events) {
        requireNonNull(p, "principal");
        requireNonNull(ticketId, "ticketId");
        requireStaff(p, "change tickets");
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
                    checkAgent(p, a.agent(), problems);
                }
                if (a.group() != null) {
                    checkGroup(p, a.group(), problems);
                }
            }
        }
        if (commands.isEmpty()) {
            problems.add(new Violation("commands", "must not be empty"));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        return step(p, ticketId, expectedVersion, d -> {
            if (!action.isEmpty()) {
                d.action(action);
            }
            for (TicketCommand c : commands) {
                applyTo(d, p, c);
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

    /** One ticket operation on a draft: the single vocabulary commands, macros and compound steps share. */
    private void applyTo(TicketDraft d, Principal p, TicketCommand command) {
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
            setStatus(d, p, c.status(), false);
        } else if (command instanceof ChangePriority c) {
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

    private static Set<String> unionKeys(Map<String, Object> a, Map<String, Object> b) {
        Set<String> s = new java.util.HashSet<>(a.keySet());
        s.addAll(b.keySet());
        return s;
    }

    /**
     * Adds a public reply or an internal note. A customer reply reopens a solved or pending ticket; a customer
     * reply to a closed ticket opens a follow-up ticket linked to it (the returned message's {@code ticketId}
     * says where it went). The follow-up keeps the closed ticket's requester, channel, subject, organization, type,
     * language and group; it starts as a new ticket would, at normal priority, without tags or complaint flag (those
     * described how the closed ticket was handled), and the configured {@link AssignmentStrategy} picks its agent.
     * Replies to a merged ticket go to the ticket it was merged into.
     *
     * @param p who writes
     * @param command the message
     * @return the stored message
     * @throws ValidationException on bad input
     * @throws AccessDeniedException if a customer adds an internal note
     * @throws NotFoundException if the ticket does not exist in the principal's tenant, or (for a customer) is
     *     another customer's
     * @throws IllegalTransitionException if staff write on a closed ticket
     * @throws ConflictException if {@code expectedVersion} is stale
     */
    public Message addMessage(Principal p, AddMessage command) {
        return post(p, command).message();
    }

    record Posted(Ticket ticket, Message message) {
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
                if (attempt >= RETRIES) {
                    throw new ConflictException("ticket " + command.ticketId()
                        + " kept changing; the message was not added");
                }
            }
        }
    }

    private Posted postOnce(Principal p, AddMessage command) {
        TicketId target = command.ticketId();
        Ticket current = load(p, target);
        int hops = 0;
        while (current.mergedInto() != null && hops++ < 16) {
            Optional<Ticket> into = store.ticket(current.mergedInto());
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
        Ticket after = step(p, target, command.expectedVersion(), d -> {
            if (d.status == TicketStatus.CLOSED || d.mergedInto != null) {
                throw new Moved();
            }
            added[0] = addMessageTo(d, p, command);
        });
        return new Posted(after, added[0]);
    }

    /** Adds a message to a draft: the message, its audit change and events, and a customer reply's reopening. */
    private Message addMessageTo(TicketDraft d, Principal p, AddMessage command) {
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

    private Posted followUp(Principal p, Ticket closed, AddMessage command) {
        Instant now = now();
        long number = store.nextSequence(p.tenantId(), "ticket");
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
        AssignmentStrategy s = strategy;
        if (s != null) {
            choose(d.build(now)).ifPresent(agent -> {
                d.assignee = agent;
                d.change("assignee", null, agent);
                d.event(t -> new Assigned(t, p, now, null, t.assignee(), t.group(), true, s.name()));
            });
        }
        TicketDraft old = new TicketDraft(closed, now);
        TicketLink link = new TicketLink(LinkType.FOLLOW_UP, id);
        old.action("link");
        old.change("links", null, link);
        old.links = append(closed.links(), link);
        old.event(t -> new TicketLinked(t, p, now, link));
        Customer requester = store.customer(closed.requester()).orElseThrow();
        if (requester.mergedInto() != null) {
            // the customer was merged away after the closed ticket was read: the merge moves it; start over
            throw new Moved();
        }
        Ticket created = commit(p, List.of(d, old), now, List.of(), List.of(), id.value(),
            Map.of(requester.id(), requester.version())).get(0);
        return new Posted(created, created.id().equals(id) ? first : store.messages(created.id()).get(0));
    }

    /**
     * Adds a public reply to the current version.
     *
     * @param p who
     * @param ticketId the ticket
     * @param body the text
     * @return the stored message
     */
    public Message reply(Principal p, TicketId ticketId, String body) {
        return addMessage(p, AddMessage.reply(ticketId, body));
    }

    /**
     * Adds an internal note to the current version.
     *
     * @param p a staff principal
     * @param ticketId the ticket
     * @param body the text
     * @return the stored message
     */
    public Message addNote(Principal p, TicketId ticketId, String body) {
        return addMessage(p, AddMessage.note(ticketId, body));
    }

    /**
     * @param p a staff principal
     * @param ticketId the ticket
     * @param status the new status
     * @return the ticket after the change
     * @throws IllegalTransitionException if the table forbids it
     */
    public Ticket changeStatus(Principal p, TicketId ticketId, TicketStatus status) {
        return apply(p, ChangeStatus.of(ticketId, status));
    }

    /**
     * @param p a staff principal
     * @param ticketId the ticket
     * @param priority the new priority
     * @return the ticket after the change
     */
    public Ticket changePriority(Principal p, TicketId ticketId, Priority priority) {
        return apply(p, ChangePriority.of(ticketId, priority));
    }

    /**
     * Assigns manually (manual assignment always wins over the strategy).
     *
     * @param p a staff principal
     * @param ticketId the ticket
     * @param agent the agent
     * @return the ticket after the change
     */
    public Ticket assign(Principal p, TicketId ticketId, AgentId agent) {
        return apply(p, Assign.toAgent(ticketId, agent));
    }

    /**
     * @param p a staff principal
     * @param ticketId the ticket
     * @param tags tags to add
     * @return the ticket after the change
     */
    public Ticket addTags(Principal p, TicketId ticketId, String... tags) {
        return apply(p, ChangeTags.add(ticketId, tags));
    }

    /**
     * Flags a ticket as a complaint (クレーム), raising its priority to at least high.
     *
     * @param p a staff principal
     * @param ticketId the ticket
     * @return the ticket after the change
     */
    public Ticket flagComplaint(Principal p, TicketId ticketId) {
        return apply(p, SetComplaint.of(ticketId, true));
    }

    /**
     * Lets the configured strategy choose an agent, unless the ticket already has one (manual assignment wins).
     *
     * @param p a staff principal
     * @param ticketId the ticket
     * @return the ticket after the step (unchanged if it was assigned or nobody fits)
     * @throws ValidationException if the desk has no strategy
     */
    public Ticket autoAssign(Principal p, TicketId ticketId) {
        requireStaff(p, "assign tickets");
        AssignmentStrategy s = strategy;
        if (s == null) {
            throw ValidationException.of("assignmentStrategy", "no assignment strategy is configured on this desk");
        }
        return step(p, ticketId, TicketCommand.LATEST, d -> {
            if (d.assignee == null && d.status.isUnsolved()) {
                Ticket before = d.before;
                if (before != null) {
                    choose(before).ifPresent(agent -> assign(d, p, agent, d.group, true, s.name()));
                }
            }
        });
    }

    private Optional<AgentId> choose(Ticket t) {
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

    /**
     * Merges {@code source} into {@code target}, two tickets of the same requester: the source's messages are copied
     * onto the target (after its own), the source is closed and points to the target, and replies to the source go
     * to the target from then on. One atomic step over both tickets.
     *
     * <p>Tickets of different requesters are not merged here, since the target's customer would then read the
     * source customer's messages: a staff member who means it calls {@link #mergeAcrossRequesters}.
     *
     * @param p a staff principal
     * @param source the ticket merged away
     * @param target the surviving ticket
     * @return the surviving ticket after the merge
     * @throws ValidationException if both are the same, or their requesters differ (field {@code target})
     * @throws IllegalTransitionException if either is closed or already merged
     * @throws NotFoundException if either does not exist in the principal's tenant
     */
    public Ticket merge(Principal p, TicketId source, TicketId target) {
        return merge(p, source, target, false);
    }

    /**
     * Merges {@code source} into {@code target} although their requesters differ, as a staff member's explicit
     * decision (the same problem reported by two people of one company, say). No customer is shown another's
     * messages: the source's messages are copied onto the target as internal notes, for staff only, and the step
     * is hidden from the target's customer. The source is closed and points to the target; a reply of the
     * source's customer to it opens a follow-up ticket of their own (as a reply to any closed ticket does), while
     * staff replies go to the target. Tickets of the same requester merge exactly as {@link #merge} does.
     *
     * @param p a staff principal
     * @param source the ticket merged away
     * @param target the surviving ticket
     * @return the surviving ticket after the merge
     * @throws ValidationException if both are the same
     * @throws IllegalTransitionException if either is closed or already merged
     * @throws NotFoundException if either does not exist in the principal's tenant
     */
    public Ticket mergeAcrossRequesters(Principal p, TicketId source, TicketId target) {
        return merge(p, source, target, true);
    }

    private Ticket merge(Principal p, TicketId source, TicketId target, boolean acrossRequesters) {
        requireStaff(p, "merge tickets");
        requireNonNull(source, "source");
        requireNonNull(target, "target");
        if (source.equals(target)) {
            throw ValidationException.of("target", "cannot merge ticket " + source + " into itself");
        }
        for (int attempt = 0; ; attempt++) {
            Ticket s = load(p, source);
            Ticket t = load(p, target);
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
            Instant now = now();
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
            sd.event(x -> new TicketMerged(x, p, now, target));
            TicketDraft td = new TicketDraft(t, now);
            td.action("merged_from");
            List<Message> moved = store.messages(source);
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
                List<Ticket> after = commit(p, List.of(sd, td), now);
                return after.get(1);
            } catch (ConflictException e) {
                if (attempt >= RETRIES) {
                    throw e;
                }
            }
        }
    }

    /**
     * Links two tickets (stored on both, as {@code type} on {@code from} and its inverse on {@code to}).
     *
     * @param p a staff principal
     * @param from the ticket
     * @param type what {@code to} is to {@code from} (for an incident: {@link LinkType#PROBLEM})
     * @param to the other ticket
     * @return {@code from} after the change
     * @throws ValidationException if both are the same, or a problem link points to a ticket that is not a problem
     */
    public Ticket link(Principal p, TicketId from, LinkType type, TicketId to) {
        requireStaff(p, "link tickets");
        requireNonNull(type, "type");
        if (from.equals(to)) {
            throw ValidationException.of("to", "cannot link ticket " + from + " to itself");
        }
        for (int attempt = 0; ; attempt++) {
            Ticket a = load(p, from);
            Ticket b = load(p, to);
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
            Instant now = now();
            TicketDraft ad = new TicketDraft(a, now);
            ad.action("link");
            ad.change("links", null, ab);
            ad.links = append(a.links(), ab);
            ad.event(x -> new TicketLinked(x, p, now, ab));
            TicketDraft bd = new TicketDraft(b, now);
            bd.action("link");
            bd.change("links", null, ba);
            bd.links = append(b.links(), ba);
            bd.event(x -> new TicketLinked(x, p, now, ba));
            try {
                return commit(p, List.of(ad, bd), now).get(0);
            } catch (ConflictException e) {
                if (attempt >= RETRIES) {
                    throw e;
                }
            }
        }
    }

    /**
     * Applies a macro: renders its text (in the ticket's language, else the customer's, else Japanese) with the
     * placeholders filled, adds it as a reply or note, and applies its actions, in one step.
     *
     * @param p a staff principal
     * @param ticketId the ticket
     * @param macroId the macro
     * @return the added message
     * @throws NotFoundException if the macro does not exist in the tenant
     * @throws IllegalTransitionException if the macro's status change is not allowed
     */
    public Message applyMacro(Principal p, TicketId ticketId, String macroId) {
        requireStaff(p, "apply macros");
        Macro macro = store.macro(p.tenantId(), macroId)
            .orElseThrow(() -> new NotFoundException("macro " + macroId + " not found"));
        for (int attempt = 0; ; attempt++) {
            Ticket t = load(p, ticketId);
            Customer c = store.customer(t.requester()).orElse(null);
            String lang = t.language() != null ? t.language() : c != null ? c.languageOrDefault() : "ja";
            Map<String, String> values = new HashMap<>();
            values.put("customer.name", c == null ? "" : c.name());
            values.put("ticket.number", Long.toString(t.number()));
            values.put("ticket.subject", t.subject());
            values.put("ticket.status", (macro.setStatus() != null ? macro.setStatus() : t.status()).label());
            values.put("ticket.priority", (macro.setPriority() != null ? macro.setPriority() : t.priority()).label());
            AgentId agentId = p.agentId().orElse(t.assignee());
            values.put("agent.name",
                agentId == null ? "" : store.agent(t.tenantId(), agentId).map(Agent::name).orElse(""));
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
                return store.messages(after.id()).get(t.messageCount());
            } catch (ConflictException e) {
                // rendered from a version that changed meanwhile: render again from the new one
                if (attempt >= RETRIES) {
                    throw e;
                }
            }
        }
    }

    // ------------------------------------------------------------------ reads

    /**
     * @param p who reads
     * @param id the ticket
     * @return its latest snapshot; a customer gets {@link Ticket#forCustomer() the customer's view}
     * @throws NotFoundException if it does not exist, and also if it belongs to another tenant or (for a customer)
     *     another customer
     */
    public Ticket ticket(Principal p, TicketId id) {
        Ticket t = load(p, id);
        return p.isStaff() ? t : t.forCustomer();
    }

    /**
     * @param p who reads
     * @param id the ticket
     * @return its messages in order; a customer gets only the public ones
     */
    public List<Message> messages(Principal p, TicketId id) {
        load(p, id);
        List<Message> all = store.messages(id);
        return p.isStaff() ? all : all.stream().filter(m -> !m.isInternal()).toList();
    }

    /**
     * @param p who reads
     * @param id the ticket
     * @return its audit history in version order; a customer gets only the steps and fields they may see (no
     *     internal notes, tags, custom fields, complaint flag or assignment; other step names read {@code updated})
     */
    public List<AuditEntry> history(Principal p, TicketId id) {
        load(p, id);
        List<AuditEntry> all = store.history(id);
        if (p.isStaff()) {
            return all;
        }
        // message counts as the customer sees them: public messages only, so internal notes are not counted
        List<Message> messages = store.messages(id);
        int[] publicUpTo = new int[messages.size() + 1];
        for (int i = 0; i < messages.size(); i++) {
            publicUpTo[i + 1] = publicUpTo[i] + (messages.get(i).isInternal() ? 0 : 1);
        }
        List<AuditEntry> visible = new ArrayList<>();
        for (AuditEntry e : all) {
            if (e.internal()) {
                continue;
            }
            List<FieldChange> changes = e.changes().stream().filter(c -> CUSTOMER_FIELDS.contains(c.field()))
                .map(c -> c.field().equals("messages")
                    ? new FieldChange("messages", publicCount(c.oldValue(), publicUpTo),
                        publicCount(c.newValue(), publicUpTo))
                    : c)
                .toList();
            if (!changes.isEmpty() || e.action().equals("created")) {
                String action = CUSTOMER_ACTIONS.contains(e.action()) ? e.action() : "updated";
                visible.add(new AuditEntry(e.version(), e.at(), e.actor(), action, changes, false));
            }
        }
        return List.copyOf(visible);
    }

    private static String publicCount(String count, int[] publicUpTo) {
        try {
            int n = Integer.parseInt(count);
            return Integer.toString(publicUpTo[Math.max(0, Math.min(n, publicUpTo.length - 1))]);
        } catch (NumberFormatException e) {
            return "";
        }
    }

    /**
     * Counts the tickets matching a query's filters (its sort, limit and cursor are ignored), with the same access
     * rules as {@link #query}: a customer counts only their own tickets and may not filter on staff-only fields.
     *
     * @param p who counts
     * @param query the filters
     * @return how many tickets match
     * @throws AccessDeniedException if a customer filters on another customer or a staff-only field
     */
    public long count(Principal p, TicketQuery query) {
        requireNonNull(query, "query");
        if (!p.isStaff()) {
            if (query.requester() != null && !query.requester().value().equals(p.id())) {
                throw new AccessDeniedException("a customer may count only their own tickets");
            }
            refuseStaffOnlyFilters(query);
            return store.count(p.tenantId(), query.toBuilder().requester(CustomerId.of(p.id())).build(), false);
        }
        return store.count(p.tenantId(), query, true);
    }

    /**
     * Searches the principal's tenant. A customer sees only their own tickets, in the customer's view, may not
     * filter on staff-only fields, and their text search never matches internal notes.
     *
     * @param p who searches
     * @param query filters, sort, page
     * @return one page
     * @throws AccessDeniedException if a customer filters on another requester
     * @throws ValidationException if the cursor is malformed
     */
    public TicketPage query(Principal p, TicketQuery query) {
        requireNonNull(query, "query");
        if (!p.isStaff()) {
            if (query.requester() != null && !query.requester().value().equals(p.id())) {
                throw new AccessDeniedException("a customer may search only their own tickets");
            }
            query = query.toBuilder().requester(CustomerId.of(p.id())).build();
            refuseStaffOnlyFilters(query);
            TicketPage page = store.query(p.tenantId(), query, false);
            return new TicketPage(page.tickets().stream().map(Ticket::forCustomer).toList(), page.nextCursor());
        }
        return store.query(p.tenantId(), query, true);
    }

    private static void refuseStaffOnlyFilters(TicketQuery query) {
        if (query.tag() != null || query.complaint() != null || query.group() != null || query.assignee() != null) {
            throw new AccessDeniedException(
                "a customer may not filter on staff-only fields (tag, complaint, group, assignee)");
        }
    }

    // ------------------------------------------------------------------ step machinery

    Ticket step(Principal p, TicketId id, long expectedVersion, java.util.function.Consumer<TicketDraft> change) {
        return step(p, id, expectedVersion, change, null);
    }

    private Ticket step(Principal p, TicketId id, long expectedVersion, java.util.function.Consumer<TicketDraft> change,
                        java.util.function.@Nullable Function<Ticket, List<? extends SupportEvent>> more) {
        for (int attempt = 0; ; attempt++) {
            Ticket current = load(p, id);
            if (expectedVersion != TicketCommand.LATEST && current.version() != expectedVersion) {
                throw new ConflictException("ticket " + id + " is at version " + current.version()
                    + ", the change was based on version " + expectedVersion);
            }
            TicketDraft d = new TicketDraft(current, now());
            change.accept(d);
            if (!d.changed()) {
                // a step that changes nothing still counts, so a redelivered event's later steps keep their keys
                SubscriberRunner.stepDone();
                return current;
            }
            try {
                return more == null ? commit(p, List.of(d), d.now).get(0)
                    : commit(p, List.of(d), d.now, List.of(), List.of(), more, d.id.value()).get(0);
            } catch (ConflictException e) {
                if (expectedVersion != TicketCommand.LATEST || attempt >= RETRIES) {
                    throw e;
                }
            }
        }
    }

    List<Ticket> commit(Principal p, List<TicketDraft> drafts, Instant now) {
        return commit(p, drafts, now, List.of(), List.of(), drafts.get(0).id.value());
    }

    /**
     * Commits ticket drafts, customers and further events as one change set.
     *
     * @param result what a redelivery of the same subscriber step gets back: the first ticket's or customer's id
     */
    List<Ticket> commit(Principal p, List<TicketDraft> drafts, Instant now, List<Customer> customers,
                                List<? extends SupportEvent> more, String result) {
        return commit(p, drafts, now, customers, more, null, result, Map.of());
    }

    /**
     * @param basedOn customers the step read and does not write, with the versions it read: the commit fails with a
     *     {@link ConflictException} if one of them changed meanwhile
     */
    List<Ticket> commit(Principal p, List<TicketDraft> drafts, Instant now, List<Customer> customers,
                        List<? extends SupportEvent> more, String result, Map<CustomerId, Long> basedOn) {
        return commit(p, drafts, now, customers, more, null, result, basedOn);
    }

    /**
     * @param derived further events, made from the first ticket as it will be stored (drafts must not be empty)
     */
    private List<Ticket> commit(Principal p, List<TicketDraft> drafts, Instant now, List<Customer> customers,
                                List<? extends SupportEvent> more,
                                java.util.function.@Nullable Function<Ticket, List<? extends SupportEvent>> derived,
                                String result) {
        return commit(p, drafts, now, customers, more, derived, result, Map.of());
    }

    private List<Ticket> commit(Principal p, List<TicketDraft> drafts, Instant now, List<Customer> customers,
                                List<? extends SupportEvent> more,
                                java.util.function.@Nullable Function<Ticket, List<? extends SupportEvent>> derived,
                                String result, Map<CustomerId, Long> basedOn) {
        List<Ticket> after = new ArrayList<>(drafts.size());
        List<TicketWrite> writes = new ArrayList<>(drafts.size());
        List<SupportEvent> events = new ArrayList<>(drafts.size() * 2);
        for (TicketDraft d : drafts) {
            Ticket t = d.build(now);
            after.add(t);
            writes.add(d.write(t, p, now));
        }
        for (int i = 0; i < drafts.size(); i++) {
            List<TicketEvent> out = new ArrayList<>(2);
            drafts.get(i).events(after.get(i), out);
            events.addAll(out);
        }
        events.addAll(more);
        if (derived != null) {
            events.addAll(derived.apply(after.get(0)));
        }
        Map<IdempotencyKey, String> claims = claims(p.tenantId(), result);
        IdempotencyKey inbound = PENDING_CLAIM.get();
        if (inbound != null && !after.isEmpty()) {
            claims = new HashMap<>(claims);
            claims.put(inbound, after.get(0).id().value() + "#" + after.get(0).messageCount());
        }
        Optional<String> earlier = commitChanges(new ChangeSet(writes, customers, events, claims, basedOn));
        if (earlier.isPresent() && !drafts.isEmpty()) {
            // a redelivered event: its step was committed before; answer with what was stored
            List<Ticket> stored = new ArrayList<>(after.size());
            stored.add(store.ticket(TicketId.of(earlier.get())).orElseThrow());
            for (int i = 1; i < after.size(); i++) {
                stored.add(store.ticket(after.get(i).id()).orElseThrow());
            }
            return stored;
        }
        return after;
    }

    /** The claim a step made by a subscriber must hold, so a redelivered event does not repeat the step. */
    static Map<IdempotencyKey, String> claims(TenantId tenantId, String result) {
        IdempotencyKey key = SubscriberRunner.stepKey(tenantId);
        return key == null ? Map.of() : Map.of(key, result);
    }

    /**
     * The inbound message claim the next commit on this thread must hold, with the stored message as its result
     * ({@code ticket#seq}); taken by the first commit of the receive step.
     */
    static final ThreadLocal<@Nullable IdempotencyKey> PENDING_CLAIM = new ThreadLocal<>();

    /**
     * Commits a change set and delivers its events to the subscribers (on this thread when delivery is
     * synchronous). A change set a subscriber already committed for the same event is not written again.
     */
    Optional<String> commitChanges(ChangeSet changes) {
        try {
            store.commit(changes);
        } catch (DuplicateRequestException e) {
            if (!e.scope().startsWith("subscriber:")) {
                throw e;
            }
            LOG.debug("a redelivered event's step was already committed ({})", e.scope());
            SubscriberRunner.stepDone();
            return Optional.of(e.existingResult());
        }
        SubscriberRunner.stepDone();
        // an inbound claim is held until a commit succeeds (a step retried after a version conflict claims it
        // again) and never passed on to the steps subscribers make below
        if (PENDING_CLAIM.get() != null) {
            // set to null rather than removed: a removed entry makes every later get() on this thread insert it again
            PENDING_CLAIM.set(null);
        }
        if (synchronousDelivery) {
            runner.drain();
        }
        return Optional.empty();
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

    private void assign(TicketDraft d, Principal p, @Nullable AgentId agent, @Nullable GroupId group, boolean automatic,
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

    private static List<String> tags(Set<String> raw) {
        if (raw.isEmpty()) {
            return List.of();
        }
        TreeSet<String> s = new TreeSet<>();
        for (String t : raw) {
            s.add(TextFolding.tag(t));
        }
        return List.copyOf(s);
    }

    private Map<String, Object> customFields(TenantId tenant, Map<String, Object> current, Map<String, Object> set,
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

    private void checkAgent(Principal p, AgentId id, List<Violation> problems) {
        if (store.agent(p.tenantId(), id).isEmpty()) {
            problems.add(new Violation("assignee", "unknown agent " + id));
        }
    }

    private void checkGroup(Principal p, GroupId id, List<Violation> problems) {
        if (store.group(p.tenantId(), id).isEmpty()) {
            problems.add(new Violation("group", "unknown group " + id));
        }
    }

    private static <T> List<T> append(List<T> list, T item) {
        List<T> out = new ArrayList<>(list.size() + 1);
        out.addAll(list);
        out.add(item);
        return out;
    }

    Ticket load(Principal p, TicketId id) {
        requireNonNull(p, "principal");
        requireNonNull(id, "ticketId");
        Optional<Ticket> found = store.ticket(id);
        // another tenant's ticket, or another customer's for a customer, answers exactly as a missing one does:
        // AccessDenied would tell the caller that the id exists
        if (found.isEmpty() || !found.get().tenantId().equals(p.tenantId())
            || p.kind() == Principal.Kind.CUSTOMER && !found.get().requester().value().equals(p.id())) {
            throw new NotFoundException("ticket " + id + " not found");
        }
        return found.get();
    }

    static void requireTenant(Principal p, TenantId tenant, String what) {
        if (!p.tenantId().equals(tenant)) {
            throw new AccessDeniedException(what + " belongs to another tenant than " + p.tenantId());
        }
    }

    static void requireStaff(Principal p, String what) {
        requireNonNull(p, "principal");
        if (!p.isStaff()) {
            throw new AccessDeniedException("a customer may not " + what);
        }
    }

    static void requireAdmin(Principal p, String what) {
        requireNonNull(p, "principal");
        if (p.kind() != Principal.Kind.ADMIN && p.kind() != Principal.Kind.SYSTEM) {
            throw new AccessDeniedException("only an admin may " + what + ", not "
                + p.kind().name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /**
     * Builds a {@link SupportDesk}. Not thread-safe; each setting may be made once.
     */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private boolean clockSet;
        private @Nullable DeskStore store;
        private boolean storeSet;
        private @Nullable AssignmentStrategy strategy;
        private final List<DeskListener> listeners = new ArrayList<>();
        private final List<EventSubscriber> subscribers = new ArrayList<>();
        private @Nullable Scheduler scheduler;
        private RetryPolicy retry = RetryPolicy.DEFAULT;
        private boolean retrySet;
        private boolean synchronousDelivery = true;
        private boolean deliverySet;
        private @Nullable IdGenerator ids;

        private Builder() {
        }

        /**
         * @param value the clock every timestamp comes from
         * @return this
         * @throws NullPointerException if null
         * @throws ValidationException if set twice
         */
        public Builder clock(Clock value) {
            requireNonNull(value, "clock");
            if (clockSet) {
                throw ValidationException.of("clock", "was already set; each setting is made once");
            }
            clockSet = true;
            clock = value;
            return this;
        }

        /**
         * @param value the store (default: a new in-memory store)
         * @return this
         * @throws NullPointerException if null
         * @throws ValidationException if set twice
         */
        public Builder store(DeskStore value) {
            requireNonNull(value, "store");
            if (storeSet) {
                throw ValidationException.of("store", "was already set; each setting is made once");
            }
            storeSet = true;
            store = value;
            return this;
        }

        /**
         * @param value the strategy that assigns new tickets without a manual assignee
         * @return this
         * @throws NullPointerException if null
         * @throws ValidationException if set twice
         */
        public Builder assignmentStrategy(AssignmentStrategy value) {
            requireNonNull(value, "strategy");
            if (strategy != null) {
                throw ValidationException.of("assignmentStrategy", "was already set; each setting is made once");
            }
            strategy = value;
            return this;
        }

        /**
         * @param value a listener, called in registration order
         * @return this
         * @throws NullPointerException if null
         */
        public Builder listener(DeskListener value) {
            listeners.add(requireNonNull(value, "listener"));
            return this;
        }

        /**
         * @param value a subscriber of the event log, subscribed when the desk is built
         * @return this
         * @throws NullPointerException if null
         */
        public Builder subscriber(EventSubscriber value) {
            subscribers.add(requireNonNull(value, "subscriber"));
            return this;
        }

        /**
         * @param value the scheduler through which a failed subscriber is woken for its retry (without one, a
         *     retry happens at the first commit or {@link SupportDesk#processEvents()} after its backoff)
         * @return this
         * @throws NullPointerException if null
         * @throws ValidationException if set twice
         */
        public Builder scheduler(Scheduler value) {
            requireNonNull(value, "scheduler");
            if (scheduler != null) {
                throw ValidationException.of("scheduler", "was already set; each setting is made once");
            }
            scheduler = value;
            return this;
        }

        /**
         * @param value how failing subscribers are retried (default {@link RetryPolicy#DEFAULT})
         * @return this
         * @throws NullPointerException if null
         * @throws ValidationException if set twice
         */
        public Builder subscriberRetry(RetryPolicy value) {
            requireNonNull(value, "retry");
            if (retrySet) {
                throw ValidationException.of("subscriberRetry", "was already set; each setting is made once");
            }
            retrySet = true;
            retry = value;
            return this;
        }

        /**
         * @param value whether each commit delivers its events to the subscribers on the committing thread before it
         *     returns (default {@code true}: simple and immediate in one process). With {@code false} the host
         *     calls {@link SupportDesk#processEvents()} from its own thread or scheduler.
         * @return this
         * @throws ValidationException if set twice
         */
        public Builder synchronousDelivery(boolean value) {
            if (deliverySet) {
                throw ValidationException.of("synchronousDelivery", "was already set; each setting is made once");
            }
            deliverySet = true;
            synchronousDelivery = value;
            return this;
        }

        /**
         * @param value how ids of new tickets and customers are made (default
         *     {@link IdGenerator#sequential(DeskStore)} on the store)
         * @return this
         * @throws NullPointerException if null
         * @throws ValidationException if set twice
         */
        public Builder idGenerator(IdGenerator value) {
            requireNonNull(value, "idGenerator");
            if (ids != null) {
                throw ValidationException.of("idGenerator", "was already set; each setting is made once");
            }
            ids = value;
            return this;
        }

        /** @return the desk */
        public SupportDesk build() {
            if (store == null) {
                store = DeskStore.inMemory(clock);
            }
            return new SupportDesk(this);
        }
    }
}
