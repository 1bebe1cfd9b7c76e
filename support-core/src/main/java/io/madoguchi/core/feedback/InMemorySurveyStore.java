package io.madoguchi.core.feedback;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.CustomerId;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.event.SupportEvent;
import io.madoguchi.core.internal.GroupedKeys;
import io.madoguchi.core.store.EventLog;
import io.madoguchi.core.store.IdempotencyKey;
import io.madoguchi.core.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A thread-safe in-memory {@link SurveyStore}; every method takes one lock, so each is atomic.
 *
 * <p>Bounded by size and age, since customers make invitations and responses grow by opening tickets: an invitation
 * (with its response, unique key and answered-once claim) is dropped once its token expired more than
 * {@code retention} ago, and a tenant's oldest stored invitations are dropped first when it holds more than
 * {@code maxInvitations}. The size bound is for each tenant, so one tenant's invitations never push out another's.
 * Dropping is safe for the answered-once rule: a link whose invitation is gone is refused. At most
 * {@code maxEnrolments} relationship enrolments are kept for each tenant; {@link #enrol} beyond that is refused with a
 * permanent {@link StoreException} (another tenant's enrolments do not count).
 */
public final class InMemorySurveyStore implements SurveyStore {

    /** Default number of invitations kept for each tenant. */
    public static final int DEFAULT_MAX_INVITATIONS = 1_000_000;
    /** Default time an invitation is kept after its token expired (a year of responses for reports, and a month). */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(400);
    /** Default number of relationship enrolments kept. */
    public static final int DEFAULT_MAX_ENROLMENTS = 1_000_000;

    private record Key(TenantId tenant, String key) {
    }

    private record CustomerKey(TenantId tenant, CustomerId customer) {
    }

    private record DueKey(Instant dueAt, String id) implements Comparable<DueKey> {
        private static final Comparator<DueKey> ORDER =
            Comparator.comparing(DueKey::dueAt).thenComparing(DueKey::id);

        @Override
        public int compareTo(DueKey o) {
            return ORDER.compare(this, o);
        }
    }

    private static final class Entry {
        StoredInvitation stored;
        final Key key;
        @Nullable SurveyResponse response;
        boolean sent;

        Entry(StoredInvitation stored, Key key) {
            this.stored = stored;
            this.key = key;
        }
    }

    private final Clock clock;
    private final int maxInvitations;
    private final Duration retention;
    private final int maxEnrolments;

    private final LinkedHashMap<String, Entry> invitations = new LinkedHashMap<>();
    private final Map<Key, String> keys = new HashMap<>();
    private final TreeMap<DueKey, String> scheduled = new TreeMap<>();
    private final GroupedKeys<CustomerKey, String> byCustomer = new GroupedKeys<>();
    /** Each tenant's invitation ids in the order stored, for the size bound. */
    private final GroupedKeys<TenantId, String> byTenant = new GroupedKeys<>();
    private final Map<String, String> responseIds = new HashMap<>();
    private final Map<CustomerKey, RelationshipEnrolment> enrolments = new LinkedHashMap<>();

    /**
     * @param clock the clock invitations are aged on
     */
    public InMemorySurveyStore(Clock clock) {
        this(clock, DEFAULT_MAX_INVITATIONS, DEFAULT_RETENTION, DEFAULT_MAX_ENROLMENTS);
    }

    /**
     * @param clock the clock invitations are aged on
     * @param maxInvitations invitations kept for each tenant; positive
     * @param retention how long an invitation is kept after its token expired; not negative
     * @param maxEnrolments relationship enrolments kept for each tenant; positive
     * @throws IllegalArgumentException if a bound is out of range
     */
    public InMemorySurveyStore(Clock clock, int maxInvitations, Duration retention, int maxEnrolments) {
        this.clock = requireNonNull(clock, "clock");
        if (maxInvitations <= 0 || maxEnrolments <= 0) {
            throw new IllegalArgumentException("maxInvitations and maxEnrolments must be positive");
        }
        if (retention.isNegative()) {
            throw new IllegalArgumentException("retention must not be negative");
        }
        this.maxInvitations = maxInvitations;
        this.retention = retention;
        this.maxEnrolments = maxEnrolments;
    }

    @Override
    public synchronized ScheduleOutcome schedule(Invitation invitation, String uniqueKey, @Nullable Duration throttle) {
        requireNonNull(invitation, "invitation");
        requireNonNull(uniqueKey, "uniqueKey");
        if (uniqueKey.isEmpty() || uniqueKey.length() > 500) {
            throw new IllegalArgumentException("uniqueKey must have 1 to 500 characters");
        }
        sweep();
        Key key = new Key(invitation.tenant(), uniqueKey);
        String holder = keys.get(key);
        if (holder != null) {
            return new ScheduleOutcome(Admission.KEY_TAKEN, indexed(holder).stored);
        }
        if (invitations.containsKey(invitation.id())) {
            throw new IllegalArgumentException("an invitation with this id is already stored");
        }
        CustomerKey ck = new CustomerKey(invitation.tenant(), invitation.customer());
        if (throttle != null) {
            Optional<Instant> mark = mark(ck);
            if (mark.isPresent() && invitation.dueAt().isBefore(mark.get().plus(throttle))) {
                return new ScheduleOutcome(Admission.THROTTLED, null);
            }
        }
        Entry e = new Entry(new StoredInvitation(invitation, InvitationState.SCHEDULED, clock.instant()), key);
        invitations.put(invitation.id(), e);
        keys.put(key, invitation.id());
        scheduled.put(new DueKey(invitation.dueAt(), invitation.id()), invitation.id());
        byCustomer.add(ck, invitation.id());
        byTenant.add(invitation.tenant(), invitation.id());
        trim(invitation.tenant());
        return new ScheduleOutcome(Admission.SCHEDULED, e.stored);
    }

    @Override
    public synchronized boolean reschedule(Invitation updated) {
        Entry e = invitations.get(updated.id());
        if (e == null || e.stored.state() != InvitationState.SCHEDULED
            || !e.stored.invitation().tenant().equals(updated.tenant())
            || !e.stored.invitation().customer().equals(updated.customer())) {
            return false;
        }
        scheduled.remove(new DueKey(e.stored.invitation().dueAt(), updated.id()));
        e.stored = new StoredInvitation(updated, InvitationState.SCHEDULED, clock.instant());
        scheduled.put(new DueKey(updated.dueAt(), updated.id()), updated.id());
        return true;
    }

    @Override
    public synchronized boolean transition(String invitationId, InvitationState from, InvitationState to, Instant at) {
        Entry e = invitations.get(invitationId);
        if (e == null || e.stored.state() != from || from == to) {
            return false;
        }
        move(e, to, at);
        return true;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Under this store's lock: the state is checked, then the events are appended (a failing append leaves
     * nothing written), then the invitation moves, which cannot fail.
     */
    @Override
    public synchronized boolean transition(String invitationId, InvitationState from, InvitationState to, Instant at,
                                           EventLog log, List<? extends SupportEvent> events,
                                           Map<IdempotencyKey, String> claims) {
        requireNonNull(log, "log");
        Entry e = invitations.get(invitationId);
        if (e == null || e.stored.state() != from || from == to) {
            return false;
        }
        log.append(events, claims);
        move(e, to, at);
        return true;
    }

    private void move(Entry e, InvitationState to, Instant at) {
        Invitation inv = e.stored.invitation();
        if (e.stored.state() == InvitationState.SCHEDULED) {
            scheduled.remove(new DueKey(inv.dueAt(), inv.id()));
        }
        if (to == InvitationState.SCHEDULED) {
            scheduled.put(new DueKey(inv.dueAt(), inv.id()), inv.id());
        }
        if (to == InvitationState.SENT) {
            e.sent = true;
        } else if (to == InvitationState.SCHEDULED) {
            e.sent = false;
        }
        e.stored = new StoredInvitation(inv, to, at);
    }

    @Override
    public synchronized List<Invitation> withdraw(TenantId tenant, TicketId ticket, Instant at) {
        List<Invitation> out = new ArrayList<>();
        for (Entry e : invitations.values()) {
            Invitation inv = e.stored.invitation();
            if (e.stored.state() == InvitationState.SCHEDULED && inv.tenant().equals(tenant)
                && ticket.equals(inv.ticket())) {
                move(e, InvitationState.WITHDRAWN, at);
                out.add(inv);
            }
        }
        return out;
    }

    @Override
    public synchronized Optional<StoredInvitation> invitation(TenantId tenant, String invitationId) {
        requireNonNull(tenant, "tenant");
        requireNonNull(invitationId, "invitationId");
        Entry e = invitations.get(invitationId);
        return e == null || !e.stored.invitation().tenant().equals(tenant) ? Optional.empty() : Optional.of(e.stored);
    }

    @Override
    public synchronized List<StoredInvitation> scheduledDue(Instant now, int max) {
        if (max <= 0) {
            throw new IllegalArgumentException("max must be positive");
        }
        List<StoredInvitation> out = new ArrayList<>();
        for (Map.Entry<DueKey, String> d : scheduled.entrySet()) {
            if (d.getKey().dueAt().isAfter(now) || out.size() >= max) {
                break;
            }
            out.add(indexed(d.getValue()).stored);
        }
        return out;
    }

    @Override
    public synchronized Optional<Instant> throttleMark(TenantId tenant, CustomerId customer) {
        return mark(new CustomerKey(tenant, customer));
    }

    private Optional<Instant> mark(CustomerKey ck) {
        return byCustomer.of(ck).stream().map(invitations::get)
            .filter(e -> e.stored.state() != InvitationState.WITHDRAWN)
            .map(e -> e.stored.invitation().dueAt()).max(Comparator.naturalOrder());
    }

    @Override
    public synchronized boolean recordResponse(SurveyResponse response) {
        Entry e = answerable(response);
        if (e == null) {
            return false;
        }
        record(e, response);
        return true;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Under this store's lock: the invitation is checked, then the events are appended (a failing append leaves
     * nothing written), then the response is recorded, which cannot fail.
     */
    @Override
    public synchronized boolean recordResponse(SurveyResponse response, EventLog log,
                                               List<? extends SupportEvent> events,
                                               Map<IdempotencyKey, String> claims) {
        requireNonNull(log, "log");
        Entry e = answerable(response);
        if (e == null) {
            return false;
        }
        log.append(events, claims);
        record(e, response);
        return true;
    }

    private @Nullable Entry answerable(SurveyResponse response) {
        Entry e = invitations.get(response.invitationId());
        if (e == null || !e.stored.state().answerable() || e.response != null
            || !e.stored.invitation().tenant().equals(response.tenant())) {
            return null;
        }
        return e;
    }

    private void record(Entry e, SurveyResponse response) {
        e.response = response;
        responseIds.put(response.id(), response.invitationId());
        move(e, InvitationState.ANSWERED, response.answeredAt());
    }

    @Override
    public synchronized boolean removeResponse(String invitationId) {
        Entry e = invitations.get(invitationId);
        if (e == null || e.response == null) {
            return false;
        }
        responseIds.remove(e.response.id());
        e.response = null;
        move(e, e.sent ? InvitationState.SENT : InvitationState.SCHEDULED, clock.instant());
        return true;
    }

    @Override
    public synchronized Optional<SurveyResponse> response(TenantId tenant, String responseId) {
        String inv = responseIds.get(responseId);
        if (inv == null) {
            return Optional.empty();
        }
        SurveyResponse r = indexed(inv).response;
        return r == null || !r.tenant().equals(tenant) ? Optional.empty() : Optional.of(r);
    }

    @Override
    public synchronized List<SurveyResponse> responses(TenantId tenant, Instant from, Instant to) {
        List<SurveyResponse> out = new ArrayList<>();
        for (Entry e : invitations.values()) {
            SurveyResponse r = e.response;
            if (r != null && r.tenant().equals(tenant) && !r.answeredAt().isBefore(from) && r.answeredAt()
                .isBefore(to)) {
                out.add(r);
            }
        }
        out.sort(Comparator.comparing(SurveyResponse::answeredAt).thenComparing(SurveyResponse::id));
        return out;
    }

    @Override
    public synchronized boolean enrol(RelationshipEnrolment enrolment) {
        CustomerKey ck = new CustomerKey(enrolment.tenant(), enrolment.customer());
        if (enrolments.containsKey(ck)) {
            return false;
        }
        if (enrolments.keySet().stream().filter(k -> k.tenant().equals(ck.tenant())).count() >= maxEnrolments) {
            throw new StoreException("the in-memory survey store holds its maximum of " + maxEnrolments
                + " relationship enrolments for tenant " + ck.tenant().value(), false);
        }
        enrolments.put(ck, enrolment);
        return true;
    }

    @Override
    public synchronized List<RelationshipEnrolment> enrolmentsDue(Instant now, int max) {
        if (max <= 0) {
            throw new IllegalArgumentException("max must be positive");
        }
        return enrolments.values().stream().filter(e -> !e.nextDue().isAfter(now))
            .sorted(Comparator.comparing(RelationshipEnrolment::nextDue)).limit(max).toList();
    }

    @Override
    public synchronized boolean moveEnrolment(RelationshipEnrolment current, Instant nextDue) {
        CustomerKey ck = new CustomerKey(current.tenant(), current.customer());
        if (!current.equals(enrolments.get(ck))) {
            return false;
        }
        enrolments.put(ck, current.dueAt(nextDue));
        return true;
    }

    @Override
    public synchronized long count(TenantId tenant, InvitationState state) {
        return invitations.values().stream()
            .filter(e -> e.stored.state() == state && e.stored.invitation().tenant().equals(tenant)).count();
    }

    /** Drops the invitations whose token expired beyond the retention, oldest stored first. */
    private void sweep() {
        Instant horizon = clock.instant().minus(retention);
        Iterator<Entry> it = invitations.values().iterator();
        while (it.hasNext()) {
            Entry e = it.next();
            if (!e.stored.invitation().expiresAt().isBefore(horizon)) {
                return;
            }
            it.remove();
            drop(e);
        }
    }

    /** Drops a tenant's oldest invitations beyond the size bound; the other tenants' are not touched. */
    private void trim(TenantId tenant) {
        for (String id; (id = byTenant.oldestBeyond(tenant, maxInvitations)) != null; ) {
            Entry oldest = indexed(id);
            invitations.remove(id);
            drop(oldest);
        }
    }

    /**
     * The invitation an index (keys, scheduled, responseIds, byTenant) names: drop() removes it from all of them at
     * once.
     */
    private Entry indexed(String invitationId) {
        Entry e = invitations.get(invitationId);
        if (e == null) {
            throw new IllegalStateException("an index names the dropped invitation " + invitationId);
        }
        return e;
    }

    private void drop(Entry e) {
        Invitation inv = e.stored.invitation();
        keys.remove(e.key);
        scheduled.remove(new DueKey(inv.dueAt(), inv.id()));
        if (e.response != null) {
            responseIds.remove(e.response.id());
        }
        byCustomer.remove(new CustomerKey(inv.tenant(), inv.customer()), inv.id());
        byTenant.remove(inv.tenant(), inv.id());
    }

    @Override
    public synchronized String toString() {
        return "InMemorySurveyStore[invitations=" + invitations.size() + ", enrolments=" + enrolments.size() + "]";
    }
}
