package io.madoguchi.core.store.jdbc;

import static io.madoguchi.core.store.jdbc.JdbcValues.requiredInstant;
import static io.madoguchi.core.store.jdbc.JdbcValues.setInstant;
import static java.util.Objects.requireNonNull;

import io.madoguchi.core.Channel;
import io.madoguchi.core.CustomerId;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.feedback.InMemorySurveyStore;
import io.madoguchi.core.feedback.Invitation;
import io.madoguchi.core.feedback.InvitationState;
import io.madoguchi.core.feedback.RelationshipEnrolment;
import io.madoguchi.core.feedback.StoredInvitation;
import io.madoguchi.core.feedback.SurveyResponse;
import io.madoguchi.core.feedback.SurveyStore;
import io.madoguchi.core.event.SupportEvent;
import io.madoguchi.core.store.EventLog;
import io.madoguchi.core.store.IdempotencyKey;
import io.madoguchi.core.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SurveyStore} on PostgreSQL or H2 (schema version 2 of {@link JdbcSchema}). Each method is one transaction.
 * The schedule keys are a unique constraint per tenant; the answered-once claim is the response table's primary key
 * (one response per invitation) taken together with a compare-and-set of the invitation's state, so two host
 * instances answering one link at once record one response. Scheduling checks a customer's throttle holding a lock
 * on the customer's row, so two instances cannot both pass it.
 *
 * <p>Bounded as {@link InMemorySurveyStore} is: each {@link #schedule} deletes the invitations (with their responses
 * and keys) whose token expired more than {@code retention} ago, and the scheduling tenant's oldest beyond
 * {@code maxInvitations}, a bound for each tenant, so one tenant's invitations never push out another's;
 * {@link #enrol} beyond {@code maxEnrolments} enrolments of the enrolling tenant is refused. {@link #purge()} runs
 * the same deletion on demand (a host may call it from a nightly job). Thread-safe; it holds no connection between
 * calls.
 */
public final class JdbcSurveyStore implements SurveyStore {

    private static final String INVITATION_COLUMNS = "invitation_json, state, changed_at";

    private final Transactions tx;
    private final SqlDialect dialect;
    private final Clock clock;
    private final int maxInvitations;
    private final Duration retention;
    private final int maxEnrolments;

    /**
     * A store with the default bounds of {@link InMemorySurveyStore}.
     *
     * @param dataSource the host's data source, on a database at schema version 2 or later
     * @param clock the clock invitations are aged on
     */
    public JdbcSurveyStore(DataSource dataSource, Clock clock) {
        this(dataSource, clock, InMemorySurveyStore.DEFAULT_MAX_INVITATIONS, InMemorySurveyStore.DEFAULT_RETENTION,
            InMemorySurveyStore.DEFAULT_MAX_ENROLMENTS);
    }

    /**
     * @param dataSource the host's data source, on a database at schema version 2 or later
     * @param clock the clock invitations are aged on
     * @param maxInvitations invitations kept for each tenant; positive
     * @param retention how long an invitation is kept after its token expired; not negative
     * @param maxEnrolments relationship enrolments kept for each tenant; positive
     * @throws IllegalArgumentException if a bound is out of range
     */
    public JdbcSurveyStore(DataSource dataSource, Clock clock, int maxInvitations, Duration retention,
                           int maxEnrolments) {
        if (maxInvitations <= 0 || maxEnrolments <= 0) {
            throw new IllegalArgumentException("maxInvitations and maxEnrolments must be positive");
        }
        if (retention.isNegative()) {
            throw new IllegalArgumentException("retention must not be negative");
        }
        this.tx = new Transactions(requireNonNull(dataSource, "dataSource"));
        this.clock = requireNonNull(clock, "clock");
        this.maxInvitations = maxInvitations;
        this.retention = retention;
        this.maxEnrolments = maxEnrolments;
        this.dialect = SqlDialect.of(dataSource);
    }

    @Override
    public ScheduleOutcome schedule(Invitation invitation, String uniqueKey, @Nullable Duration throttle) {
        requireNonNull(invitation, "invitation");
        requireNonNull(uniqueKey, "uniqueKey");
        if (uniqueKey.isEmpty() || uniqueKey.length() > 500) {
            throw new IllegalArgumentException("uniqueKey must have 1 to 500 characters");
        }
        Instant now = clock.instant();
        String json = JdbcValues.json(invitation);
        return tx.inTransaction("schedule a survey invitation", c -> {
            purge(c, now);
            lockCustomer(c, invitation.tenant(), invitation.customer());
            Optional<StoredInvitation> holder = holderOf(c, invitation.tenant(), uniqueKey);
            if (holder.isPresent()) {
                return new ScheduleOutcome(Admission.KEY_TAKEN, holder.get());
            }
            if (throttle != null) {
                Optional<Instant> mark = mark(c, invitation.tenant(), invitation.customer());
                if (mark.isPresent() && invitation.dueAt().isBefore(mark.get().plus(throttle))) {
                    return new ScheduleOutcome(Admission.THROTTLED, null);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO madoguchi_survey_invitation (id, tenant, "
                + "customer, ticket, unique_key, state, changed_at, due_at, expires_at, was_sent, invitation_json) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, ?)")) {
                ps.setString(1, invitation.id());
                ps.setString(2, invitation.tenant().value());
                ps.setString(3, invitation.customer().value());
                ps.setString(4, invitation.ticket() == null ? null : invitation.ticket().value());
                ps.setString(5, uniqueKey);
                ps.setString(6, InvitationState.SCHEDULED.name());
                setInstant(ps, 7, now);
                setInstant(ps, 8, invitation.dueAt());
                setInstant(ps, 9, invitation.expiresAt());
                ps.setString(10, json);
                ps.executeUpdate();
            } catch (SQLException e) {
                if (!SqlErrors.isUniqueViolation(e)) {
                    throw e;
                }
                // another instance scheduled the same key for another customer first, or the id is taken
                c.rollback();
                Optional<StoredInvitation> first = holderOf(c, invitation.tenant(), uniqueKey);
                if (first.isPresent()) {
                    return new ScheduleOutcome(Admission.KEY_TAKEN, first.get());
                }
                throw new IllegalArgumentException("an invitation with this id is already stored");
            }
            trimToSize(c, invitation.tenant());
            return new ScheduleOutcome(Admission.SCHEDULED,
                invitation(c, invitation.id(), false).orElseThrow(() -> new SQLException("invitation vanished")));
        });
    }

    /** Takes the row lock that serialises a customer's scheduling (creating the row the first time). */
    private void lockCustomer(Connection c, TenantId tenant, CustomerId customer) throws SQLException {
        String insert = dialect == SqlDialect.POSTGRESQL
            ? "INSERT INTO madoguchi_survey_customer (tenant, customer) VALUES (?, ?) ON CONFLICT DO NOTHING"
            : "MERGE INTO madoguchi_survey_customer (tenant, customer) KEY (tenant, customer) VALUES (?, ?)";
        try (PreparedStatement ps = c.prepareStatement(insert)) {
            ps.setString(1, tenant.value());
            ps.setString(2, customer.value());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT customer FROM madoguchi_survey_customer "
            + "WHERE tenant = ? AND customer = ? FOR UPDATE")) {
            ps.setString(1, tenant.value());
            ps.setString(2, customer.value());
            ps.executeQuery().close();
        }
    }

    private Optional<StoredInvitation> holderOf(Connection c, TenantId tenant, String uniqueKey) throws SQLException {
        return invitationWhere(c, "unique_key", tenant, uniqueKey);
    }

    /** @return the tenant's invitation whose {@code column} (a unique one: id or unique key) holds {@code value} */
    private static Optional<StoredInvitation> invitationWhere(Connection c, String column, TenantId tenant,
                                                              String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + INVITATION_COLUMNS
            + " FROM madoguchi_survey_invitation WHERE tenant = ? AND " + column + " = ?")) {
            ps.setString(1, tenant.value());
            ps.setString(2, value);
            List<StoredInvitation> found = invitations(ps);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    private static List<StoredInvitation> invitations(PreparedStatement ps) throws SQLException {
        List<StoredInvitation> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new StoredInvitation(JdbcValues.fromJson(rs.getString("invitation_json"), Invitation.class),
                    InvitationState.valueOf(rs.getString("state")), requiredInstant(rs, "changed_at")));
            }
        }
        return out;
    }

    private static Optional<StoredInvitation> invitation(Connection c, String id, boolean forUpdate)
        throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + INVITATION_COLUMNS
            + " FROM madoguchi_survey_invitation WHERE id = ?" + (forUpdate ? " FOR UPDATE" : ""))) {
            ps.setString(1, id);
            List<StoredInvitation> found = invitations(ps);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    private static Optional<Instant> mark(Connection c, TenantId tenant, CustomerId customer) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(due_at) AS mark FROM madoguchi_survey_invitation "
            + "WHERE tenant = ? AND customer = ? AND state <> 'WITHDRAWN'")) {
            ps.setString(1, tenant.value());
            ps.setString(2, customer.value());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Optional.ofNullable(JdbcValues.instant(rs, "mark"));
            }
        }
    }

    @Override
    public boolean reschedule(Invitation updated) {
        requireNonNull(updated, "updated");
        String json = JdbcValues.json(updated);
        Instant now = clock.instant();
        return tx.inTransaction("reschedule a survey invitation", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE madoguchi_survey_invitation SET "
                + "invitation_json = ?, due_at = ?, expires_at = ?, ticket = ?, changed_at = ? "
                + "WHERE id = ? AND state = 'SCHEDULED' AND tenant = ? AND customer = ?")) {
                ps.setString(1, json);
                setInstant(ps, 2, updated.dueAt());
                setInstant(ps, 3, updated.expiresAt());
                ps.setString(4, updated.ticket() == null ? null : updated.ticket().value());
                setInstant(ps, 5, now);
                ps.setString(6, updated.id());
                ps.setString(7, updated.tenant().value());
                ps.setString(8, updated.customer().value());
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean transition(String invitationId, InvitationState from, InvitationState to, Instant at) {
        requireNonNull(invitationId, "invitationId");
        requireNonNull(from, "from");
        requireNonNull(to, "to");
        requireNonNull(at, "at");
        if (from == to) {
            return false;
        }
        return tx.inTransaction("move a survey invitation", c -> move(c, invitationId, from, to, at));
    }

    /**
     * {@inheritDoc}
     *
     * <p>When {@code log} is the {@link JdbcEventLog} of this store's data source, the move, the claims and the events
     * are one transaction. Any other log cannot join it: the invitation is moved first, then the events appended,
     * and the move undone if the append fails (a crash in between splits them; use the log of the same database).
     */
    @Override
    public boolean transition(String invitationId, InvitationState from, InvitationState to, Instant at,
                              EventLog log, List<? extends SupportEvent> events, Map<IdempotencyKey, String> claims) {
        requireNonNull(invitationId, "invitationId");
        requireNonNull(from, "from");
        requireNonNull(to, "to");
        requireNonNull(at, "at");
        requireNonNull(log, "log");
        if (!(log instanceof JdbcEventLog jdbcLog) || !jdbcLog.writesThrough(tx.dataSource())) {
            return SurveyStore.super.transition(invitationId, from, to, at, log, events, claims);
        }
        if (from == to) {
            return false;
        }
        long[] head = {-1};
        boolean moved = tx.inTransaction("move a survey invitation with its events", c -> {
            if (!move(c, invitationId, from, to, at)) {
                return false;
            }
            // last: the log head's row lock is held until the commit
            head[0] = jdbcLog.appendWithin(c, events, claims);
            return true;
        });
        if (moved) {
            jdbcLog.pruneIfDue(head[0], events.size());
        }
        return moved;
    }

    private static boolean move(Connection c, String id, InvitationState from, InvitationState to, Instant at)
        throws SQLException {
        String sent = to == InvitationState.SENT ? ", was_sent = TRUE"
            : to == InvitationState.SCHEDULED ? ", was_sent = FALSE" : "";
        try (PreparedStatement ps = c.prepareStatement("UPDATE madoguchi_survey_invitation SET state = ?, "
            + "changed_at = ?" + sent + " WHERE id = ? AND state = ?")) {
            ps.setString(1, to.name());
            setInstant(ps, 2, at);
            ps.setString(3, id);
            ps.setString(4, from.name());
            return ps.executeUpdate() == 1;
        }
    }

    @Override
    public List<Invitation> withdraw(TenantId tenant, TicketId ticket, Instant at) {
        requireNonNull(tenant, "tenant");
        requireNonNull(ticket, "ticket");
        requireNonNull(at, "at");
        return tx.inTransaction("withdraw survey invitations", c -> {
            List<StoredInvitation> scheduled;
            try (PreparedStatement ps = c.prepareStatement("SELECT " + INVITATION_COLUMNS
                + " FROM madoguchi_survey_invitation WHERE tenant = ? AND ticket = ? AND state = 'SCHEDULED' "
                + "ORDER BY seq FOR UPDATE")) {
                ps.setString(1, tenant.value());
                ps.setString(2, ticket.value());
                scheduled = invitations(ps);
            }
            List<Invitation> out = new ArrayList<>();
            for (StoredInvitation s : scheduled) {
                if (move(c, s.id(), InvitationState.SCHEDULED, InvitationState.WITHDRAWN, at)) {
                    out.add(s.invitation());
                }
            }
            return out;
        });
    }

    @Override
    public Optional<StoredInvitation> invitation(TenantId tenant, String invitationId) {
        requireNonNull(tenant, "tenant");
        requireNonNull(invitationId, "invitationId");
        return tx.read("read a survey invitation", c -> invitationWhere(c, "id", tenant, invitationId));
    }

    @Override
    public List<StoredInvitation> scheduledDue(Instant now, int max) {
        requireNonNull(now, "now");
        JdbcValues.requirePositive(max);
        return tx.read("read due survey invitations", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + INVITATION_COLUMNS
                + " FROM madoguchi_survey_invitation WHERE state = 'SCHEDULED' AND due_at <= ? "
                + "ORDER BY due_at, id LIMIT ?")) {
                setInstant(ps, 1, JdbcValues.clamp(now));
                ps.setInt(2, max);
                return invitations(ps);
            }
        });
    }

    @Override
    public Optional<Instant> throttleMark(TenantId tenant, CustomerId customer) {
        requireNonNull(tenant, "tenant");
        requireNonNull(customer, "customer");
        return tx.read("read a customer's survey throttle", c -> mark(c, tenant, customer));
    }

    @Override
    public boolean recordResponse(SurveyResponse response) {
        requireNonNull(response, "response");
        String json = JdbcValues.json(response);
        return tx.inTransaction("record a survey response", c -> insertResponse(c, response, json));
    }

    /**
     * {@inheritDoc}
     *
     * <p>When {@code log} is the {@link JdbcEventLog} of this store's data source, the response, the claims and the
     * events are one transaction. Any other log cannot join it: the response is recorded first, then the events
     * appended, and the response removed again if the append fails (a crash in between leaves the answer without
     * its events; use the log of the same database).
     */
    @Override
    public boolean recordResponse(SurveyResponse response, EventLog log, List<? extends SupportEvent> events,
                                  Map<IdempotencyKey, String> claims) {
        requireNonNull(response, "response");
        requireNonNull(log, "log");
        if (!(log instanceof JdbcEventLog jdbcLog) || !jdbcLog.writesThrough(tx.dataSource())) {
            if (!recordResponse(response)) {
                return false;
            }
            try {
                log.append(events, claims);
            } catch (RuntimeException e) {
                removeResponse(response.invitationId());
                throw e;
            }
            return true;
        }
        String json = JdbcValues.json(response);
        long[] head = {-1};
        boolean recorded = tx.inTransaction("record a survey response with its events", c -> {
            if (!insertResponse(c, response, json)) {
                return false;
            }
            // last: the log head's row lock is held until the commit
            head[0] = jdbcLog.appendWithin(c, events, claims);
            return true;
        });
        if (recorded) {
            jdbcLog.pruneIfDue(head[0], events.size());
        }
        return recorded;
    }

    private boolean insertResponse(Connection c, SurveyResponse response, String json) throws SQLException {
        Optional<StoredInvitation> inv = invitation(c, response.invitationId(), true);
        if (inv.isEmpty() || !inv.get().state().answerable()
            || !inv.get().invitation().tenant().equals(response.tenant())) {
            return false;
        }
        if (!move(c, response.invitationId(), inv.get().state(), InvitationState.ANSWERED,
            response.answeredAt())) {
            return false;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO madoguchi_survey_response (invitation_id, "
            + "id, tenant, answered_at, response_json) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, response.invitationId());
            ps.setString(2, response.id());
            ps.setString(3, response.tenant().value());
            setInstant(ps, 4, response.answeredAt());
            ps.setString(5, json);
            // if the answered-once claim is held already, the state change above is undone with it
            return JdbcValues.insertUnlessTaken(c, ps);
        }
    }

    @Override
    public boolean removeResponse(String invitationId) {
        requireNonNull(invitationId, "invitationId");
        Instant now = clock.instant();
        return tx.inTransaction("remove a survey response", c -> {
            Optional<StoredInvitation> inv = invitation(c, invitationId, true);
            if (inv.isEmpty()) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM madoguchi_survey_response WHERE invitation_id = ?")) {
                ps.setString(1, invitationId);
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE madoguchi_survey_invitation SET state = "
                + "CASE WHEN was_sent THEN 'SENT' ELSE 'SCHEDULED' END, changed_at = ? WHERE id = ?")) {
                setInstant(ps, 1, now);
                ps.setString(2, invitationId);
                ps.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public Optional<SurveyResponse> response(TenantId tenant, String responseId) {
        requireNonNull(tenant, "tenant");
        requireNonNull(responseId, "responseId");
        return tx.read("read a survey response", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT response_json FROM madoguchi_survey_response "
                + "WHERE tenant = ? AND id = ?")) {
                ps.setString(1, tenant.value());
                ps.setString(2, responseId);
                List<SurveyResponse> found = responses(ps);
                return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
            }
        });
    }

    private static List<SurveyResponse> responses(PreparedStatement ps) throws SQLException {
        List<SurveyResponse> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(JdbcValues.fromJson(rs.getString(1), SurveyResponse.class));
            }
        }
        return out;
    }

    @Override
    public List<SurveyResponse> responses(TenantId tenant, Instant from, Instant to) {
        requireNonNull(tenant, "tenant");
        return tx.read("read survey responses", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT response_json FROM madoguchi_survey_response "
                + "WHERE tenant = ? AND answered_at >= ? AND answered_at < ? ORDER BY answered_at, id")) {
                ps.setString(1, tenant.value());
                setInstant(ps, 2, JdbcValues.clamp(from));
                setInstant(ps, 3, JdbcValues.clamp(to));
                return responses(ps);
            }
        });
    }

    @Override
    public boolean enrol(RelationshipEnrolment enrolment) {
        requireNonNull(enrolment, "enrolment");
        return tx.inTransaction("enrol a customer in the relationship survey", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM madoguchi_survey_enrolment "
                + "WHERE tenant = ? AND customer = ?")) {
                ps.setString(1, enrolment.tenant().value());
                ps.setString(2, enrolment.customer().value());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return false;
                    }
                }
            }
            long held;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM madoguchi_survey_enrolment "
                + "WHERE tenant = ?")) {
                ps.setString(1, enrolment.tenant().value());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    held = rs.getLong(1);
                }
            }
            if (held >= maxEnrolments) {
                throw new StoreException("the survey store holds its maximum of " + maxEnrolments
                    + " relationship enrolments for tenant " + enrolment.tenant().value(), false);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO madoguchi_survey_enrolment (tenant, "
                + "customer, channel, locale, next_due) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, enrolment.tenant().value());
                ps.setString(2, enrolment.customer().value());
                ps.setString(3, enrolment.channel().name());
                ps.setString(4, enrolment.locale().toLanguageTag());
                setInstant(ps, 5, enrolment.nextDue());
                // another instance may enrol the customer between the check and the insert
                return JdbcValues.insertUnlessTaken(c, ps);
            }
        });
    }

    @Override
    public List<RelationshipEnrolment> enrolmentsDue(Instant now, int max) {
        requireNonNull(now, "now");
        JdbcValues.requirePositive(max);
        return tx.read("read due relationship enrolments", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT tenant, customer, channel, locale, next_due "
                + "FROM madoguchi_survey_enrolment WHERE next_due <= ? ORDER BY next_due, tenant, customer LIMIT ?")) {
                setInstant(ps, 1, JdbcValues.clamp(now));
                ps.setInt(2, max);
                List<RelationshipEnrolment> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new RelationshipEnrolment(TenantId.of(rs.getString("tenant")),
                            CustomerId.of(rs.getString("customer")), new Channel(rs.getString("channel")),
                            Locale.forLanguageTag(rs.getString("locale")), requiredInstant(rs, "next_due")));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public boolean moveEnrolment(RelationshipEnrolment current, Instant nextDue) {
        requireNonNull(current, "current");
        requireNonNull(nextDue, "nextDue");
        return tx.inTransaction("move a relationship enrolment", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE madoguchi_survey_enrolment SET next_due = ? "
                + "WHERE tenant = ? AND customer = ? AND channel = ? AND locale = ? AND next_due = ?")) {
                setInstant(ps, 1, nextDue);
                ps.setString(2, current.tenant().value());
                ps.setString(3, current.customer().value());
                ps.setString(4, current.channel().name());
                ps.setString(5, current.locale().toLanguageTag());
                setInstant(ps, 6, current.nextDue());
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public long count(TenantId tenant, InvitationState state) {
        requireNonNull(tenant, "tenant");
        requireNonNull(state, "state");
        return tx.read("count survey invitations", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM madoguchi_survey_invitation WHERE tenant = ? AND state = ?")) {
                ps.setString(1, tenant.value());
                ps.setString(2, state.name());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /**
     * Deletes what the bounds no longer allow: invitations (with their responses) whose token expired more than the
     * retention ago, then each tenant's oldest beyond the size bound. {@link #schedule} does this on each call (for the
     * scheduling tenant); a host may also run it from a job.
     *
     * @return how many invitations were deleted
     * @throws StoreException if the database failed
     */
    public int purge() {
        Instant now = clock.instant();
        return tx.inTransaction("purge survey invitations", c -> purge(c, now)
            + JdbcValues.trimEachTenantToSize(c, "madoguchi_survey_invitation", "seq", "seq", maxInvitations));
    }

    private int purge(Connection c, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
            "DELETE FROM madoguchi_survey_invitation WHERE expires_at < ?")) {
            setInstant(ps, 1, now.minus(retention));
            return ps.executeUpdate();
        }
    }

    /** Deletes one tenant's oldest invitations (with their responses) beyond the size bound. */
    private int trimToSize(Connection c, TenantId tenant) throws SQLException {
        return JdbcValues.trimTenantToSize(c, "madoguchi_survey_invitation", "seq", "seq", tenant.value(),
            maxInvitations);
    }

    @Override
    public String toString() {
        return "JdbcSurveyStore[" + dialect + "]";
    }
}
