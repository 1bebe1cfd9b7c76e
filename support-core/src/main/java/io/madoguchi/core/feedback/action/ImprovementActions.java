package io.madoguchi.core.feedback.action;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.ConflictException;
import io.madoguchi.core.CustomerId;
import io.madoguchi.core.DuplicateRequestException;
import io.madoguchi.core.IllegalTransitionException;
import io.madoguchi.core.NotFoundException;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.Violation;
import io.madoguchi.core.feedback.FeedbackListener;
import io.madoguchi.core.feedback.FeedbackLookup;
import io.madoguchi.core.feedback.FeedbackRecord;
import io.madoguchi.core.feedback.ImprovementActionCompleted;
import io.madoguchi.core.internal.HostKeys;
import io.madoguchi.core.store.EventLog;
import io.madoguchi.core.store.IdempotencyKey;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks improvement actions. When one is {@linkplain #complete done}, an {@link ImprovementActionCompleted}
 * event names the customers whose feedback it answered: the authors of its linked feedback, and of feedback
 * on its themes given from {@code themesSince} until completion.
 *
 * <p><b>Idempotent creation.</b> Code that may run again for the same intent (a subscriber's handling is delivered
 * at least once; a client may retry a request) creates under a key of its choosing,
 * {@link #create(TenantId, NewImprovementAction, String)}: a repeat with the same key and request returns the action
 * the first made and writes nothing; the same key with another request is an {@link IdempotencyKeyReusedException}.
 * The store keeps each key with its request, bounded by size and age. Step claims cannot do this: the creation
 * appends nothing to the event log.
 *
 * <p>Actions live in an {@link ImprovementActionStore} (in memory unless one is given): built again on the same
 * store after a restart, it has every action and every key. Built with an {@link EventLog}, completing an action
 * appends its {@link ImprovementActionCompleted} with the claim
 * {@code (tenant, "feedback:action-completed", action id)}; if the append fails the action is put back as it was and
 * the call fails, so the event is never lost for a DONE action (short of a crash between the two writes).
 * Thread-safe.
 */
public final class ImprovementActions {

    /** The most characters an idempotency key of {@link #create(TenantId, NewImprovementAction, String)} has. */
    public static final int MAX_KEY = HostKeys.MAX_LENGTH;

    private static final Logger LOG = LoggerFactory.getLogger(ImprovementActions.class);
    private static final int RETRIES = 16;
    private static final int MAX_TITLE = 200;

    private final Clock clock;
    private final List<FeedbackLookup> feedback;
    private final List<FeedbackListener> listeners = new CopyOnWriteArrayList<>();
    private final ImprovementActionStore actions;
    private final @Nullable EventLog log;

    /**
     * Actions on a new in-memory store, appended to no event log.
     *
     * @param clock the time source
     * @param feedback where linked feedback is found (e.g. {@code Surveys}, {@code ReviewBoard})
     */
    public ImprovementActions(Clock clock, List<FeedbackLookup> feedback) {
        this(clock, feedback, new InMemoryImprovementActionStore(), null);
    }

    /**
     * @param clock the time source
     * @param feedback where linked feedback is found (e.g. {@code Surveys}, {@code ReviewBoard})
     * @param store where the actions are kept
     * @param log where {@link ImprovementActionCompleted} events are appended, or null for none
     */
    public ImprovementActions(Clock clock, List<FeedbackLookup> feedback, ImprovementActionStore store,
                              @Nullable EventLog log) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.feedback = List.copyOf(feedback);
        this.actions = Objects.requireNonNull(store, "store");
        this.log = log;
    }

    /**
     * @param listener receives {@link ImprovementActionCompleted} events
     */
    public void addListener(FeedbackListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Creates an OPEN action. Not idempotent: each call makes a new action. Code that may run again for the same
     * intent (a subscriber's handling, which is redelivered after a crash, a retry or an admin's redelivery; a
     * request a client may retry) creates under an idempotency key instead:
     * {@link #create(TenantId, NewImprovementAction, String)}.
     *
     * @param tenant the tenant
     * @param title what will be done, 1–200 characters
     * @param owner who is responsible
     * @param dueDate when it is due
     * @param themes the themes it answers
     * @param feedbackIds the feedback it answers; each must exist for the tenant
     * @param themesSince feedback on its themes from this time on counts as answered; not in the future
     * @return the action
     * @throws ValidationException listing every problem (blank title, nothing linked, unknown feedback, …)
     */
    public ImprovementAction create(TenantId tenant, String title, AgentId owner, LocalDate dueDate, Set<String> themes,
                                    Set<String> feedbackIds, Instant themesSince) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(dueDate, "dueDate");
        Objects.requireNonNull(themesSince, "themesSince");
        Instant now = now();
        List<Violation> v = new ArrayList<>();
        checkTitle(title, v);
        checkLinks(themes, feedbackIds, themesSince, now, v);
        checkFeedback(tenant, feedbackIds, v);
        if (!v.isEmpty()) {
            throw new ValidationException(v);
        }
        ImprovementAction a = new ImprovementAction(UUID.randomUUID().toString(), tenant, title, owner, dueDate,
            ActionStatus.OPEN, themes, feedbackIds, themesSince, now, now);
        actions.insert(a);
        return a;
    }

    /**
     * Creates an OPEN action under a host's idempotency key, at most once per key and tenant, as Stripe's idempotent
     * requests do: the first call creates the action; a repeated call with the same key and the same request creates
     * nothing and returns that action as it is now (started, done, linked to more feedback meanwhile, …), with no
     * second write, so a redelivered handling or a retried request is safe. The same key with a different request is
     * refused: a retry must repeat its request, and a new action needs a new key.
     *
     * <p>Choose a key that names the intent, not the attempt: for a subscriber's handling, for example, the
     * subscriber's name, the event's position and which of its creates this is ({@code "reviews/4711/1"}); for a
     * client's request, the id the client sent with it (a UUID). Keys are per tenant, and the store holds each for its
     * key retention (90 days by default, longer than a parked event is kept); a key used again after that creates a
     * new action. The key is never logged nor put into an exception's message.
     *
     * @param tenant the tenant; its keys are its own (another tenant's same key is another key)
     * @param request what to create: title 1–200 characters, at least one theme or piece of feedback, each piece of
     *     feedback existing for the tenant, {@code themesSince} not in the future
     * @param idempotencyKey the host's key for this create: 1–{@value #MAX_KEY} characters, not blank, no control
     *     characters
     * @return the action created by the first call under the key
     * @throws ValidationException listing every problem of the key and the request ({@code idempotencyKey},
     *     {@code title}, {@code links}, {@code feedbackIds}, {@code themesSince}); nothing was written
     * @throws IdempotencyKeyReusedException if the key was used with a different request, naming the fields that
     *     differ; nothing was written
     */
    public ImprovementAction create(TenantId tenant, NewImprovementAction request, String idempotencyKey) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(request, "request");
        Instant now = now();
        List<Violation> v = new ArrayList<>();
        String keyProblem = HostKeys.problem(idempotencyKey);
        if (keyProblem != null) {
            v.add(new Violation("idempotencyKey", keyProblem));
        }
        checkTitle(request.title(), v);
        checkLinks(request.themes(), request.feedbackIds(), request.themesSince(), now, v);
        if (!v.isEmpty()) {
            throw new ValidationException(v);
        }
        NewImprovementAction asStored = new NewImprovementAction(request.title(), request.owner(), request.dueDate(),
            request.themes(), request.feedbackIds(), request.themesSince().truncatedTo(ChronoUnit.MICROS));
        Optional<ActionCreation> before = actions.creation(tenant, idempotencyKey, now);
        if (before.isPresent()) {
            return repeated(tenant, before.get(), asStored);
        }
        // a repeated create is answered above even if its feedback was dropped since: only a new one needs it
        checkFeedback(tenant, request.feedbackIds(), v);
        if (!v.isEmpty()) {
            throw new ValidationException(v);
        }
        ImprovementAction a = new ImprovementAction(UUID.randomUUID().toString(), tenant, asStored.title(),
            asStored.owner(), asStored.dueDate(), ActionStatus.OPEN, asStored.themes(), asStored.feedbackIds(),
            asStored.themesSince(), now, now);
        Optional<ActionCreation> raced = actions.insert(a, idempotencyKey, asStored);
        if (raced.isPresent()) {
            // another instance created under the key between the look-up and the insert
            return repeated(tenant, raced.get(), asStored);
        }
        return a;
    }

    /** @return the action a repeated create under a key made, if the request is the same; else throws */
    private ImprovementAction repeated(TenantId tenant, ActionCreation first, NewImprovementAction request) {
        List<String> differ = new ArrayList<>();
        NewImprovementAction was = first.request();
        if (!was.title().equals(request.title())) {
            differ.add("title");
        }
        if (!was.owner().equals(request.owner())) {
            differ.add("owner");
        }
        if (!was.dueDate().equals(request.dueDate())) {
            differ.add("dueDate");
        }
        if (!was.themes().equals(request.themes())) {
            differ.add("themes");
        }
        if (!was.feedbackIds().equals(request.feedbackIds())) {
            differ.add("feedbackIds");
        }
        if (!was.themesSince().equals(request.themesSince())) {
            differ.add("themesSince");
        }
        if (!differ.isEmpty()) {
            throw new IdempotencyKeyReusedException(differ, first.actionId());
        }
        LOG.debug("improvement action {} was created under this key before; not created again", first.actionId());
        return get(tenant, first.actionId());
    }

    private static void checkTitle(@Nullable String title, List<Violation> v) {
        if (title == null || title.isBlank() || title.length() > MAX_TITLE) {
            v.add(new Violation("title", "must be 1-" + MAX_TITLE + " characters, not blank"));
        }
    }

    private static void checkLinks(Set<String> themes, Set<String> feedbackIds, Instant themesSince, Instant now,
                                   List<Violation> v) {
        if (themes.isEmpty() && feedbackIds.isEmpty()) {
            v.add(new Violation("links", "an action must answer at least one theme or piece of feedback"));
        }
        if (themesSince.isAfter(now)) {
            v.add(new Violation("themesSince", "must not be in the future; was " + themesSince));
        }
    }

    private void checkFeedback(TenantId tenant, Set<String> feedbackIds, List<Violation> v) {
        for (String id : feedbackIds) {
            if (lookup(tenant, id).isEmpty()) {
                v.add(new Violation("feedbackIds", "no feedback '" + id + "' for tenant " + tenant));
            }
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * @param tenant the tenant
     * @param actionId the action
     * @param feedbackId feedback it also answers
     * @return the action
     * @throws NotFoundException if there is no such action
     * @throws ValidationException if there is no such feedback
     * @throws ConflictException if the action kept changing under concurrent updates
     */
    public ImprovementAction link(TenantId tenant, String actionId, String feedbackId) {
        get(tenant, actionId);
        if (lookup(tenant, feedbackId).isEmpty()) {
            throw ValidationException.of("feedbackId", "no feedback '" + feedbackId + "' for tenant " + tenant);
        }
        for (int attempt = 0; attempt < RETRIES; attempt++) {
            ImprovementAction current = get(tenant, actionId);
            ImprovementAction next = current.withFeedback(feedbackId);
            if (actions.replace(current, next)) {
                return next;
            }
        }
        throw new ConflictException("improvement action " + actionId + " kept changing; try again");
    }

    /**
     * @param tenant the tenant
     * @param actionId the action
     * @return it, now IN_PROGRESS
     * @throws NotFoundException if there is no such action
     * @throws IllegalTransitionException if it is done or cancelled
     */
    public ImprovementAction start(TenantId tenant, String actionId) {
        return move(tenant, actionId, ActionStatus.IN_PROGRESS);
    }

    /**
     * @param tenant the tenant
     * @param actionId the action
     * @return it, now CANCELLED; nobody is notified
     * @throws NotFoundException if there is no such action
     * @throws IllegalTransitionException if it is done or cancelled
     */
    public ImprovementAction cancel(TenantId tenant, String actionId) {
        return move(tenant, actionId, ActionStatus.CANCELLED);
    }

    /**
     * Marks the action DONE and publishes {@link ImprovementActionCompleted} with the customers to notify.
     *
     * @param tenant the tenant
     * @param actionId the action
     * @return the event published
     * @throws NotFoundException if there is no such action
     * @throws IllegalTransitionException if it is already done or cancelled
     * @throws io.madoguchi.core.store.StoreException if the event could not be appended; the action is unchanged
     */
    public ImprovementActionCompleted complete(TenantId tenant, String actionId) {
        ImprovementAction before = get(tenant, actionId);
        ImprovementAction done = move(tenant, actionId, ActionStatus.DONE);
        Set<CustomerId> customers = new TreeSet<>();
        for (String id : done.feedbackIds()) {
            lookup(tenant, id).ifPresent(f -> customers.add(f.customer()));
        }
        for (String theme : done.themes()) {
            for (FeedbackLookup l : feedback) {
                l.withTheme(tenant, theme, done.themesSince(), done.updatedAt())
                        .forEach(f -> customers.add(f.customer()));
            }
        }
        ImprovementActionCompleted event = new ImprovementActionCompleted(tenant, done.id(), done.title(), customers,
            done.updatedAt());
        if (log != null) {
            IdempotencyKey claim = new IdempotencyKey(tenant, "feedback:action-completed", done.id());
            try {
                log.append(List.of(event), Map.of(claim, done.id()));
            } catch (DuplicateRequestException e) {
                LOG.debug("the completion of action {} was already appended", done.id());
            } catch (RuntimeException e) {
                actions.replace(done, before);
                throw e;
            }
        }
        for (FeedbackListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                // the class only: a host exception's text may carry personal data
                LOG.warn("listener {} failed on action {} ({})", l.getClass().getName(), done.id(),
                    e.getClass().getName());
            }
        }
        return event;
    }

    /**
     * @param tenant the tenant
     * @param actionId the action
     * @return it
     * @throws NotFoundException if the tenant has no such action
     */
    public ImprovementAction get(TenantId tenant, String actionId) {
        ImprovementAction a = actions.get(actionId).orElse(null);
        if (a == null || !a.tenant().equals(tenant)) {
            throw new NotFoundException("no improvement action '" + actionId + "' for tenant " + tenant);
        }
        return a;
    }

    /**
     * @param tenant the tenant
     * @return its actions, oldest first
     */
    public List<ImprovementAction> list(TenantId tenant) {
        return actions.list(Objects.requireNonNull(tenant, "tenant"));
    }

    private ImprovementAction move(TenantId tenant, String actionId, ActionStatus target) {
        for (int attempt = 0; attempt < RETRIES; attempt++) {
            ImprovementAction a = get(tenant, actionId);
            if (!a.status().canMoveTo(target)) {
                throw new IllegalTransitionException("improvement action " + actionId + " cannot move from "
                    + a.status() + " to " + target);
            }
            ImprovementAction next = a.withStatus(target, clock.instant().truncatedTo(ChronoUnit.MICROS));
            if (actions.replace(a, next)) {
                return next;
            }
        }
        throw new ConflictException("improvement action " + actionId + " kept changing; try again");
    }

    private Optional<FeedbackRecord> lookup(TenantId tenant, String feedbackId) {
        return feedback.stream().map(l -> l.find(tenant, feedbackId)).flatMap(Optional::stream).findFirst();
    }

    @Override
    public String toString() {
        return "ImprovementActions[" + actions + "]";
    }
}
