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
 * <p>Actions live in an {@link ImprovementActionStore} (in memory unless one is given): built again on the same
 * store after a restart, it has every action. Built with an {@link EventLog}, completing an action appends its
 * {@link ImprovementActionCompleted} with the claim {@code (tenant, "feedback:action-completed", action id)}; if the
 * append fails the action is put back as it was and the call fails, so the event is never lost for a DONE action
 * (short of a crash between the two writes). Thread-safe.
 */
public final class ImprovementActions {

    private static final Logger LOG = LoggerFactory.getLogger(ImprovementActions.class);
    private static final int RETRIES = 16;

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
     * Creates an OPEN action.
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
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<Violation> v = new ArrayList<>();
        if (title == null || title.isBlank() || title.length() > 200) {
            v.add(new Violation("title", "must be 1-200 characters, not blank"));
        }
        if (themes.isEmpty() && feedbackIds.isEmpty()) {
            v.add(new Violation("links", "an action must answer at least one theme or piece of feedback"));
        }
        for (String id : feedbackIds) {
            if (lookup(tenant, id).isEmpty()) {
                v.add(new Violation("feedbackIds", "no feedback '" + id + "' for tenant " + tenant));
            }
        }
        if (themesSince.isAfter(now)) {
            v.add(new Violation("themesSince", "must not be in the future; was " + themesSince));
        }
        if (!v.isEmpty()) {
            throw new ValidationException(v);
        }
        ImprovementAction a = new ImprovementAction(UUID.randomUUID().toString(), tenant, title, owner, dueDate,
            ActionStatus.OPEN, themes, feedbackIds, themesSince, now, now);
        actions.insert(a);
        return a;
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
