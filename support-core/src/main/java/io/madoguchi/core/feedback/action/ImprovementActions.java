package io.madoguchi.core.feedback.action;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.CustomerId;
import io.madoguchi.core.IllegalTransitionException;
import io.madoguchi.core.NotFoundException;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.Violation;
import io.madoguchi.core.feedback.FeedbackListener;
import io.madoguchi.core.feedback.FeedbackLookup;
import io.madoguchi.core.feedback.FeedbackRecord;
import io.madoguchi.core.feedback.ImprovementActionCompleted;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks improvement actions. When one is {@linkplain #complete done}, an {@link ImprovementActionCompleted}
 * event names the customers whose feedback it answered: the authors of its linked feedback, and of feedback
 * on its themes given from {@code themesSince} until completion.
 *
 * <p>Thread-safe; state is held in memory.
 */
public final class ImprovementActions {

    private static final Logger LOG = LoggerFactory.getLogger(ImprovementActions.class);

    private final Clock clock;
    private final List<FeedbackLookup> feedback;
    private final List<FeedbackListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, ImprovementAction> actions = new ConcurrentHashMap<>();

    /**
     * @param clock the time source
     * @param feedback where linked feedback is found (e.g. {@code Surveys}, {@code ReviewBoard})
     */
    public ImprovementActions(Clock clock, List<FeedbackLookup> feedback) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.feedback = List.copyOf(feedback);
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
        Instant now = clock.instant();
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
        actions.put(a.id(), a);
        return a;
    }

    /**
     * @param tenant the tenant
     * @param actionId the action
     * @param feedbackId feedback it also answers
     * @return the action
     * @throws NotFoundException if there is no such action
     * @throws ValidationException if there is no such feedback
     */
    public ImprovementAction link(TenantId tenant, String actionId, String feedbackId) {
        get(tenant, actionId);
        if (lookup(tenant, feedbackId).isEmpty()) {
            throw ValidationException.of("feedbackId", "no feedback '" + feedbackId + "' for tenant " + tenant);
        }
        return actions.computeIfPresent(actionId, (id, a) -> a.withFeedback(feedbackId));
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
     */
    public ImprovementActionCompleted complete(TenantId tenant, String actionId) {
        ImprovementAction done = move(tenant, actionId, ActionStatus.DONE);
        Set<CustomerId> customers = new TreeSet<>();
        for (String id : done.feedbackIds()) {
            lookup(tenant, id).ifPresent(f -> customers.add(f.customer()));
        }
        for (String theme : done.themes()) {
            for (FeedbackLookup l : feedback) {
                l.withTheme(tenant, theme, done.themesSince(), done.updatedAt()).forEach(f -> customers.add(f.customer()));
            }
        }
        ImprovementActionCompleted event = new ImprovementActionCompleted(tenant, done.id(), done.title(), customers,
            done.updatedAt());
        for (FeedbackListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("listener {} failed on action {}: {}", l, done.id(), e.toString());
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
        ImprovementAction a = actions.get(actionId);
        if (a == null || !a.tenant().equals(tenant)) {
            throw new NotFoundException("no improvement action '" + actionId + "' for tenant " + tenant);
        }
        return a;
    }

    private ImprovementAction move(TenantId tenant, String actionId, ActionStatus target) {
        get(tenant, actionId);
        return actions.compute(actionId, (id, a) -> {
            if (!a.status().canMoveTo(target)) {
                throw new IllegalTransitionException("improvement action " + id + " cannot move from " + a.status()
                    + " to " + target);
            }
            return a.withStatus(target, clock.instant());
        });
    }

    private Optional<FeedbackRecord> lookup(TenantId tenant, String feedbackId) {
        return feedback.stream().map(l -> l.find(tenant, feedbackId)).flatMap(Optional::stream).findFirst();
    }

    @Override
    public String toString() {
        return "ImprovementActions[actions=" + actions.size() + "]";
    }
}
