package io.madoguchi.core.feedback;

import io.madoguchi.core.CustomerId;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.event.SupportEvent;
import io.madoguchi.core.store.EventLog;
import io.madoguchi.core.store.IdempotencyKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where {@link Surveys} keeps its state (SPI): invitations and their states, the unique schedule keys that make
 * scheduling idempotent, the customers' throttle marks, responses with the answered-once claim, and relationship
 * enrolments. Every {@link Surveys} instance of a host built on the same store (and the same configured
 * {@link SurveyKeyRing}) sees the same state, so a restarted or second instance accepts the links the first one sent.
 *
 * <p>Each method is one atomic unit: a store backed by a database runs it in one transaction (the unique keys and the
 * answered-once claim are unique constraints). Implementations must be thread-safe and pass
 * {@code SurveyStoreContract} (in the support-core test-jar). Instants are kept to the microsecond; {@link Surveys}
 * truncates what it stores.
 *
 * <p>The store holds the signed tokens of its invitations (bearer credentials until they expire) and customers'
 * comments: protect a persistent store accordingly.
 */
public interface SurveyStore {

    /**
     * @param clock the clock the store ages its records on
     * @return a new in-memory store with the default bounds of {@link InMemorySurveyStore}
     */
    static SurveyStore inMemory(Clock clock) {
        return new InMemorySurveyStore(clock);
    }

    /** What {@link #schedule} did. */
    enum Admission {
        /** The invitation was stored, SCHEDULED, holding its key. */
        SCHEDULED,
        /** Another invitation already holds the key; nothing was written. */
        KEY_TAKEN,
        /** The customer was invited too recently; nothing was written. */
        THROTTLED
    }

    /**
     * The outcome of {@link #schedule}.
     *
     * @param admission what happened
     * @param holder for {@link Admission#SCHEDULED} the new invitation, for {@link Admission#KEY_TAKEN} the one
     *     holding the key, for {@link Admission#THROTTLED} none
     */
    record ScheduleOutcome(Admission admission, @Nullable StoredInvitation holder) {
    }

    /**
     * Stores a new invitation, SCHEDULED, atomically with its unique key and the customer's throttle mark: unless the
     * key is already held (by an invitation in any state), or, when {@code throttle} is given, the invitation is due
     * before the customer's throttle mark plus {@code throttle}. The throttle mark is the latest due time of the
     * customer's invitations that were not withdrawn.
     *
     * @param invitation the invitation
     * @param uniqueKey the key no other invitation of the tenant may hold, for example {@code ticket:T-1/csat}; at
     *     most 500 characters
     * @param throttle the customer's throttle, or null to not throttle
     * @return what happened
     */
    ScheduleOutcome schedule(Invitation invitation, String uniqueKey, @Nullable Duration throttle);

    /**
     * Replaces a SCHEDULED invitation with a new version of it (same id, tenant and customer; for example due later
     * because its ticket was solved again), and moves the customer's throttle mark with it.
     *
     * @param updated the new version
     * @return whether it was replaced (false if there is no such invitation or it is no longer SCHEDULED)
     */
    boolean reschedule(Invitation updated);

    /**
     * Moves an invitation from one state to another if it is in {@code from} (compare and set): two instances
     * moving the same invitation never both succeed.
     *
     * @param invitationId the invitation
     * @param from the state it must be in
     * @param to the state to move it to
     * @param at when
     * @return whether it moved
     */
    boolean transition(String invitationId, InvitationState from, InvitationState to, Instant at);

    /**
     * Moves an invitation as {@link #transition(String, InvitationState, InvitationState, Instant)} does and appends
     * events and claims to the event log in the same unit of work: both are written or neither, so no crash can leave
     * an invitation marked SENT whose {@link SurveyInvitationSent} event is missing (nothing would ever deliver that
     * survey). The in-memory store appends while it holds its lock, after checking the state and before moving it; a
     * database store moves it and appends in one transaction when the log is on the same database.
     *
     * <p>This default is for a store that cannot join the log's unit of work: it moves the invitation, appends, and
     * moves it back if the append fails, so only a crash between the two can still split them.
     *
     * @param invitationId the invitation
     * @param from the state it must be in
     * @param to the state to move it to
     * @param at when
     * @param log the event log the events are appended to
     * @param events the events the move emits, in order
     * @param claims idempotency claims to hold with them
     * @return whether it moved (false: not in {@code from}; nothing written and nothing appended)
     * @throws io.madoguchi.core.DuplicateRequestException if a claim is already held; nothing written
     * @throws io.madoguchi.core.store.StoreException if the store or the log failed; nothing written
     */
    default boolean transition(String invitationId, InvitationState from, InvitationState to, Instant at,
                               EventLog log, List<? extends SupportEvent> events, Map<IdempotencyKey, String> claims) {
        java.util.Objects.requireNonNull(log, "log");
        if (!transition(invitationId, from, to, at)) {
            return false;
        }
        try {
            log.append(events, claims);
        } catch (RuntimeException e) {
            transition(invitationId, to, from, at);
            throw e;
        }
        return true;
    }

    /**
     * Withdraws the ticket's SCHEDULED invitations and recomputes the customer's throttle mark without them.
     *
     * @param tenant the tenant
     * @param ticket the ticket
     * @param at when
     * @return the withdrawn invitations
     */
    List<Invitation> withdraw(TenantId tenant, TicketId ticket, Instant at);

    /**
     * Looks an invitation up within one tenant: another tenant's invitation of that id is not found.
     *
     * @param tenant the tenant the invitation belongs to
     * @param invitationId an invitation
     * @return it with its state, if the store holds it for this tenant
     */
    Optional<StoredInvitation> invitation(TenantId tenant, String invitationId);

    /**
     * @param now the current time
     * @param max the most to return; positive
     * @return SCHEDULED invitations due at {@code now} (expired ones included), earliest due first, then by id
     */
    List<StoredInvitation> scheduledDue(Instant now, int max);

    /**
     * @param tenant the tenant
     * @param customer the customer
     * @return the customer's throttle mark: the latest due time of their invitations not withdrawn, if any
     */
    Optional<Instant> throttleMark(TenantId tenant, CustomerId customer);

    /**
     * Records a response and claims its invitation as answered, atomically: succeeds only if the invitation exists,
     * is SCHEDULED or SENT and holds no response. The invitation becomes ANSWERED. This claim is what makes a token
     * answerable exactly once, across every instance sharing the store.
     *
     * @param response the response (its {@code invitationId} names the invitation)
     * @return whether it was recorded (false: unknown, already answered, withdrawn or expired; nothing written)
     */
    boolean recordResponse(SurveyResponse response);

    /**
     * Records a response as {@link #recordResponse(SurveyResponse)} does and appends its events and claims to the
     * event log in the same unit of work: both are written or neither, so no crash can leave an answered invitation
     * whose events are missing (a customer's answer is not redelivered by anything, so its events could not be
     * recovered later). The in-memory store appends while it holds its lock, after checking the invitation and
     * before writing the response; a database store writes the response and the log in one transaction when the
     * log is on the same database.
     *
     * @param response the response (its {@code invitationId} names the invitation)
     * @param log the event log the events are appended to
     * @param events the events the answer emits, in order
     * @param claims idempotency claims to hold with them
     * @return whether it was recorded (false: unknown, already answered, withdrawn or expired; nothing written and
     *     nothing appended)
     * @throws io.madoguchi.core.DuplicateRequestException if a claim is already held; nothing written
     * @throws io.madoguchi.core.store.StoreException if the store or the log failed; nothing written
     */
    boolean recordResponse(SurveyResponse response, EventLog log, List<? extends SupportEvent> events,
                           Map<IdempotencyKey, String> claims);

    /**
     * Undoes {@link #recordResponse} when what had to be written with it (its events) could not be: the response is
     * removed and the invitation returns to SENT, or to SCHEDULED if it was never sent.
     *
     * @param invitationId the answered invitation
     * @return whether a response was removed
     */
    boolean removeResponse(String invitationId);

    /**
     * @param tenant the tenant
     * @param responseId a response
     * @return it, if the tenant has it
     */
    Optional<SurveyResponse> response(TenantId tenant, String responseId);

    /**
     * @param tenant the tenant
     * @param from the earliest answer time, inclusive
     * @param to the latest answer time, exclusive
     * @return the tenant's responses answered in {@code [from, to)}, in answer order (then by id)
     */
    List<SurveyResponse> responses(TenantId tenant, Instant from, Instant to);

    /**
     * Enrols a customer in the relationship survey unless they are enrolled already.
     *
     * @param enrolment the enrolment
     * @return whether it was stored (false: the customer was enrolled already; nothing changed)
     */
    boolean enrol(RelationshipEnrolment enrolment);

    /**
     * @param now the current time
     * @param max the most to return; positive
     * @return enrolments due at {@code now}, earliest first
     */
    List<RelationshipEnrolment> enrolmentsDue(Instant now, int max);

    /**
     * Moves an enrolment's due time if it is still {@code current} (compare and set).
     *
     * @param current the enrolment as read
     * @param nextDue its new due time
     * @return whether it moved
     */
    boolean moveEnrolment(RelationshipEnrolment current, Instant nextDue);

    /**
     * @param tenant the tenant
     * @param state a state
     * @return how many of the tenant's invitations are in it (for gauges)
     */
    long count(TenantId tenant, InvitationState state);
}
