package io.madoguchi.core;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.agent.Agent;
import io.madoguchi.core.agent.AssignmentStrategy;
import io.madoguchi.core.agent.Group;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.customer.NewCustomer;
import io.madoguchi.core.customer.Organization;
import io.madoguchi.core.event.DeskEvent;
import io.madoguchi.core.event.DeskListener;
import io.madoguchi.core.event.EventSubscriber;
import io.madoguchi.core.event.RetryPolicy;
import io.madoguchi.core.event.SupportEvent;
import io.madoguchi.core.inbound.InboundMessage;
import io.madoguchi.core.inbound.Received;
import io.madoguchi.core.internal.CommandValidator;
import io.madoguchi.core.macro.Macro;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.store.ParkedEvent;
import io.madoguchi.core.time.Scheduler;
import io.madoguchi.core.ticket.AddMessage;
import io.madoguchi.core.ticket.Assign;
import io.madoguchi.core.ticket.AuditEntry;
import io.madoguchi.core.ticket.ChangePriority;
import io.madoguchi.core.ticket.ChangeStatus;
import io.madoguchi.core.ticket.ChangeTags;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.CustomFieldDefinition;
import io.madoguchi.core.ticket.LinkType;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Priority;
import io.madoguchi.core.ticket.SetComplaint;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketCommand;
import io.madoguchi.core.ticket.TicketPage;
import io.madoguchi.core.ticket.TicketQuery;
import io.madoguchi.core.ticket.TicketStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    private final Clock clock;
    private final DeskDispatch dispatch;
    private final TicketOperations ops;
    private final DeskAdmin configuration;
    private final DeskCustomers customers;
    private final DeskInbound inbound;
    private final DeskTickets tickets;
    private final DeskReads reads;

    private SupportDesk(Builder b) {
        this.clock = b.clock;
        DeskStore store = requireNonNull(b.store, "store");
        SubscriberRunner runner = new SubscriberRunner(store.eventLog(), store.checkpoints(), clock, b.scheduler,
            b.retry);
        this.dispatch = new DeskDispatch(runner, store.checkpoints(), b.synchronousDelivery);
        for (DeskListener l : b.listeners) {
            dispatch.addListener(l);
        }
        for (EventSubscriber sub : b.subscribers) {
            runner.subscribe(sub);
        }
        DeskSteps steps = new DeskSteps(store, clock, dispatch);
        IdGenerator ids = b.ids != null ? b.ids : IdGenerator.sequential(store);
        CommandValidator validator = new CommandValidator();
        this.ops = new TicketOperations(store, b.strategy);
        this.configuration = new DeskAdmin(store);
        this.tickets = new DeskTickets(steps, ops, ids, validator);
        this.customers = new DeskCustomers(steps, ids, validator);
        this.inbound = new DeskInbound(steps, customers, tickets, validator);
        this.reads = new DeskReads(steps);
    }

    /** @return a builder: system UTC clock, in-memory store, no listeners, no automatic assignment */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the desk's clock */
    public Clock clock() {
        return clock;
    }

    /** @return the configured assignment strategy, if any */
    public Optional<AssignmentStrategy> assignmentStrategy() {
        return Optional.ofNullable(ops.strategy());
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
        dispatch.addListener(listener);
    }

    /**
     * @param listener a listener to remove
     * @return whether it was registered
     */
    public boolean removeListener(DeskListener listener) {
        return dispatch.removeListener(listener);
    }

    /**
     * Adds a reader of the committed log that keeps its position in memory: it receives every event after
     * {@code afterPosition}, in log order, committed through this desk or any other instance on the same store, when
     * this desk delivers (after its own commits, and on {@link #processEvents()}). It is for state that each host
     * instance keeps for itself and rebuilds from the log when it starts, such as support-metrics' {@code KpiEngine}
     * ({@code kpis.backfill(store.eventLog())}, then {@code desk.follow(kpis, kpis.lastPosition())}): a
     * {@link #subscribe subscriber} shares one checkpoint among the instances, so each instance's copy would see
     * only the events that instance delivered. No checkpoint is stored and a failure is logged and skipped, as a
     * listener's: anything that must happen belongs in a subscriber. A follower does not hold back the log's pruning:
     * one that falls further behind than the store retains consumed events (10,000 by default) misses those dropped,
     * and so does one started after a position the log no longer retains. It is not silent: the desk logs a warning
     * naming the follower and the missed positions, tells the reader ({@link EventSubscriber#missed}, where a KPI
     * engine records it), and goes on with the oldest retained event. Starting after 0 asks for the retained log as it
     * is, and is not told what was dropped before it.
     *
     * @param reader        the reader
     * @param afterPosition the position of the last event it already has (0 for the whole retained log); one older
     *                      than the oldest retained event is taken, and the reader is told what it missed
     * @throws ValidationException if {@code afterPosition} is negative or beyond the log's head
     */
    public void follow(EventSubscriber reader, long afterPosition) {
        dispatch.follow(reader, afterPosition);
    }

    /**
     * @param reader a reader added with {@link #follow}
     * @return whether it was following the log
     */
    public boolean unfollow(EventSubscriber reader) {
        return dispatch.unfollow(reader);
    }

    /**
     * Subscribes to the committed event log. The subscriber resumes from the checkpoint stored under its name (the
     * start of the retained log for a new name) and, with synchronous delivery, catches up at once.
     *
     * @param subscriber the subscriber
     * @throws ValidationException if its name is malformed or a subscriber of that name is already subscribed
     */
    public void subscribe(EventSubscriber subscriber) {
        dispatch.subscribe(subscriber);
    }

    /**
     * Stops delivering to a subscriber; its checkpoint stays, so subscribing again resumes there.
     *
     * @param name the subscriber's name
     * @return whether it was subscribed
     */
    public boolean unsubscribe(String name) {
        return dispatch.unsubscribe(name);
    }

    /**
     * Runs {@code work} with synchronous delivery held back: the events it commits reach the subscribers when it
     * returns (or throws), on this thread, not after each commit inside it. A component that keeps something beside a
     * commit, which the subscribers reacting to that commit need, wraps both: a channel gateway receives a message
     * and keeps its reply context before an automatic answer to the message is sent. Calls nest; the outermost
     * delivers. Without synchronous delivery it only runs {@code work} (the host's {@link #processEvents()} delivers).
     *
     * @param work what to run
     * @param <T> its result
     * @return what {@code work} returned
     */
    public <T> T deliverAfter(java.util.function.Supplier<T> work) {
        return dispatch.deliverAfter(java.util.Objects.requireNonNull(work, "work"));
    }

    /**
     * Delivers every committed event that a subscriber has not yet handled and that is not waiting for a retry, on
     * the calling thread. Hosts with asynchronous delivery call this from their own scheduler; it is also how a
     * restarted host catches up on what was committed before a crash.
     */
    public void processEvents() {
        dispatch.processEvents();
    }

    /**
     * @param admin an admin principal
     * @param subscriber the subscriber's name
     * @return the events it parked, with their errors, by position
     * @throws AccessDeniedException if {@code admin} is not an admin
     */
    public List<ParkedEvent> parkedEvents(Principal admin, String subscriber) {
        DeskAccess.requireAdmin(admin, "see parked events");
        return dispatch.parked(subscriber);
    }

    /**
     * Delivers a parked event to its subscriber again, now, on the calling thread. The desk steps the subscriber
     * committed for it before it was parked are not made again, however long ago that was: the store keeps their
     * claims while the event is parked, beyond its claim retention. The redelivery claims the event on the store
     * first, so while it runs the store's bounds do not drop the event, even one that grows older than the maximum
     * age meanwhile, and no other redelivery of it runs, on this or another host instance. On a desk with a
     * {@link Builder#scheduler scheduler} the claim lasts five minutes and is renewed every 100 seconds through it
     * until the handling ends, however long that takes, so an instance that dies mid-redelivery holds the event for
     * at most five minutes; without one the claim lasts an hour and is not renewed.
     *
     * @param admin an admin principal
     * @param subscriber the subscriber's name
     * @param position the parked event's position
     * @return whether the subscriber handled it this time (it is then no longer parked); false if it failed again (it
     *     stays parked)
     * @throws AccessDeniedException if {@code admin} is not an admin
     * @throws NotFoundException if the subscriber is not subscribed or has no parked event there
     * @throws ConflictException if another redelivery of the event is running
     * @throws RedeliveryClaimLostException if the claim was lost while the handling ran (it expired unrenewed, and
     *     another redelivery claimed the event or the age bound dropped it): the handling's steps stay committed, and
     *     the event is not finished over the other redelivery
     */
    public boolean redeliver(Principal admin, String subscriber, long position) {
        DeskAccess.requireAdmin(admin, "redeliver events");
        return dispatch.redeliver(subscriber, position);
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

    /**
     * @param admin an admin or system principal
     * @param agent the agent to create or replace; must be of the principal's tenant
     * @return the agent
     * @throws AccessDeniedException if the principal is not admin/system or the agent is of another tenant
     */
    public Agent saveAgent(Principal admin, Agent agent) {
        return configuration.saveAgent(admin, agent);
    }

    /**
     * @param admin an admin or system principal
     * @param group the group to create or replace
     * @return the group
     * @throws AccessDeniedException if the principal is not admin/system or the group is of another tenant
     */
    public Group saveGroup(Principal admin, Group group) {
        return configuration.saveGroup(admin, group);
    }

    /**
     * @param admin an admin or system principal
     * @param organization the organization to create or replace
     * @return the organization
     * @throws AccessDeniedException if the principal is not admin/system or the organization is of another tenant
     */
    public Organization saveOrganization(Principal admin, Organization organization) {
        return configuration.saveOrganization(admin, organization);
    }

    /**
     * @param admin an admin or system principal
     * @param macro the macro to create or replace
     * @return the macro
     * @throws AccessDeniedException if the principal is not admin/system or the macro is of another tenant
     */
    public Macro saveMacro(Principal admin, Macro macro) {
        return configuration.saveMacro(admin, macro);
    }

    /**
     * @param admin an admin or system principal
     * @param definition a custom field definition to create or replace
     * @return the definition
     * @throws AccessDeniedException if the principal is not admin/system
     */
    public CustomFieldDefinition defineField(Principal admin, CustomFieldDefinition definition) {
        return configuration.defineField(admin, definition);
    }

    /**
     * @param p a staff principal
     * @return the tenant's custom field definitions by key
     */
    public Map<String, CustomFieldDefinition> fieldDefinitions(Principal p) {
        return configuration.fieldDefinitions(p);
    }

    /**
     * @param p a staff principal
     * @return the tenant's agents by id
     */
    public List<Agent> agents(Principal p) {
        return configuration.agents(p);
    }

    /**
     * @param p a staff principal
     * @param id the agent
     * @return the agent
     * @throws NotFoundException if the principal's tenant has no such agent (another tenant's agents are never
     *     found: each tenant has its own agent ids)
     */
    public Agent agent(Principal p, AgentId id) {
        return configuration.agent(p, id);
    }

    /**
     * @param p a staff principal
     * @return the tenant's macros by id
     */
    public List<Macro> macros(Principal p) {
        return configuration.macros(p);
    }

    /**
     * @param p a staff principal (agent, admin, system, bot)
     * @param command the new customer
     * @return the created customer, version 1
     * @throws ValidationException on bad input or an unknown organization
     * @throws ConflictException if one of the identities already belongs to a customer of the tenant
     */
    public Customer createCustomer(Principal p, NewCustomer command) {
        return customers.createCustomer(p, command);
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
        return customers.resolveCustomer(p, identity, displayName);
    }

    /**
     * @param p a staff principal
     * @param identity an identity
     * @return the customer holding it in the principal's tenant
     */
    public Optional<Customer> findCustomer(Principal p, ChannelIdentity identity) {
        return customers.findCustomer(p, identity);
    }

    /**
     * @param p a staff principal, or the customer themself
     * @param id the customer
     * @return the customer
     * @throws NotFoundException if there is none in the principal's tenant, or (for a customer) it is another
     *     customer
     */
    public Customer customer(Principal p, CustomerId id) {
        return customers.customer(p, id);
    }

    /**
     * @param p a staff principal
     * @param id the customer
     * @param identity another identity of the customer
     * @return the customer after the change
     * @throws ConflictException if another customer holds the identity (merge them instead)
     */
    public Customer addIdentity(Principal p, CustomerId id, ChannelIdentity identity) {
        return customers.addIdentity(p, id, identity);
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
        return customers.updateCustomer(p, command);
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
        return customers.mergeCustomers(p, survivor, merged);
    }

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
     * {@link Received.Outcome#DUPLICATE} and writes nothing. Opening a customer's first conversation on a channel
     * also claims {@code (tenant, "conversation:" + channel, customer id)}, so two instances receiving two messages
     * from one new customer at once open one ticket: the later write joins it.
     *
     * @param gateway the channel's staff principal (typically {@link #system(TenantId, String)})
     * @param message the normalized inbound message
     * @return what was stored
     * @throws ValidationException listing every problem with the message; nothing is written
     * @throws AccessDeniedException if {@code gateway} is not a staff principal
     */
    public Received receive(Principal gateway, InboundMessage message) {
        return inbound.receive(gateway, message);
    }

    /**
     * Finds what {@link #receive} stored for a provider's message id, as a redelivery of it would return it (outcome
     * {@link Received.Outcome#DUPLICATE}), without writing anything. How a component that kept something beside the
     * message before its commit (a channel gateway's reply context, keyed by the provider id) learns the ticket it
     * went to, from committed data alone: after a crash between the commit and its own next step, or on another host
     * instance. Found while the receive's claim is kept (the store's claim retention).
     *
     * @param gateway a staff principal of the tenant
     * @param channel the channel the message came on
     * @param providerMessageId the provider's message id it was received with
     * @return what was stored, or empty if no message with that id was received on the channel (or its ticket is
     *     gone)
     * @throws AccessDeniedException if {@code gateway} is not a staff principal
     */
    public Optional<Received> received(Principal gateway, Channel channel, String providerMessageId) {
        return inbound.received(gateway, channel, providerMessageId);
    }

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
        return tickets.createTicket(p, command, true);
    }

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
        return tickets.apply(p, command);
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
        return tickets.applyAll(p, ticketId, expectedVersion, commands, "", null);
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
        return tickets.applyAll(p, ticketId, expectedVersion, commands, "", events);
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
        return tickets.post(p, command).message();
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
        return tickets.autoAssign(p, ticketId);
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
        return tickets.merge(p, source, target, false);
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
        return tickets.merge(p, source, target, true);
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
        return tickets.link(p, from, type, to);
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
        return tickets.applyMacro(p, ticketId, macroId);
    }

    /**
     * @param p who reads
     * @param id the ticket
     * @return its latest snapshot; a customer gets {@link Ticket#forCustomer() the customer's view}
     * @throws NotFoundException if it does not exist, and also if it belongs to another tenant or (for a customer)
     *     another customer
     */
    public Ticket ticket(Principal p, TicketId id) {
        return reads.ticket(p, id);
    }

    /**
     * @param p who reads
     * @param id the ticket
     * @return its messages in order; a customer gets only the public ones
     */
    public List<Message> messages(Principal p, TicketId id) {
        return reads.messages(p, id);
    }

    /**
     * @param p who reads
     * @param id the ticket
     * @return its audit history in version order; a customer gets only the steps and fields they may see (no
     *     internal notes, tags, custom fields, complaint flag or assignment; other step names read {@code updated})
     */
    public List<AuditEntry> history(Principal p, TicketId id) {
        return reads.history(p, id);
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
        return reads.count(p, query);
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
        return reads.query(p, query);
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
         *     retry happens at the first commit or {@link SupportDesk#processEvents()} after its backoff), and a
         *     running redelivery renews its claim on the parked event ({@link SupportDesk#redeliver})
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
