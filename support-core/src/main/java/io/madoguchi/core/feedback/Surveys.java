package io.madoguchi.core.feedback;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.CustomerId;
import io.madoguchi.core.GroupId;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.Violation;
import io.madoguchi.core.feedback.InvalidSurveyTokenException.Reason;
import io.madoguchi.core.feedback.ScheduleResult.Status;
import io.madoguchi.core.feedback.text.TextAnalysis;
import io.madoguchi.core.feedback.text.TextAnalyzer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The survey service: schedules invitations (on solve with a per-channel delay, periodic relationship NPS,
 * or by API) under throttling and suppression rules, hands due invitations out by time, verifies signed
 * single-use tokens and records responses, analysing their text and escalating complaints.
 *
 * <p>Time comes only from the injected {@link Clock} or from instants passed in: nothing sleeps. A host
 * application (or the desk) calls {@link #dispatchDue(SurveyDispatcher)} from its own scheduler.
 *
 * <p>Thread-safe. A token is accepted at most once even when submitted concurrently. State is held in memory.
 *
 * <pre>{@code
 * Surveys surveys = Surveys.builder()
 *     .clock(clock)
 *     .keys(new SurveyKeyRing().generate("k1"))
 *     .policy(SurveyPolicy.builder().delay(Channel.EMAIL, Duration.ofHours(2)).build())
 *     .build();
 * surveys.onTicketSolved(solvedTicket);
 * surveys.dispatchDue(invitation -> mailer.send(invitation));
 * surveys.submit(tenant, token, customer, SurveySubmission.of("csat", 5).withComment("迅速な対応でした"));
 * }</pre>
 */
public final class Surveys implements FeedbackLookup {

    private static final Logger LOG = LoggerFactory.getLogger(Surveys.class);
    private static final int MAX_TEXT = 5000;

    private record CustomerKey(TenantId tenant, CustomerId customer) {
    }

    private record TicketKey(TenantId tenant, TicketId ticket) {
    }

    private record Enrollment(Channel channel, Locale locale, Instant nextDue) {
    }

    private static final class Entry {
        final Invitation invitation;
        volatile boolean sent;
        volatile boolean withdrawn;
        final AtomicReference<@Nullable SurveyResponse> response = new AtomicReference<>();

        Entry(Invitation invitation) {
            this.invitation = invitation;
        }
    }

    private final Clock clock;
    private final SurveyTokens tokens;
    private final SurveyPolicy defaultPolicy;
    private final Map<TenantId, SurveyPolicy> policies;
    private final SurveyDefinition defaultCsat;
    private final Map<TenantId, SurveyDefinition> csatByTenant;
    private final SurveyDefinition defaultRelationship;
    private final Map<TenantId, SurveyDefinition> relationshipByTenant;
    private final TextAnalyzer analyzer;
    private final @Nullable ComplaintEscalation escalation;
    private final List<FeedbackListener> listeners = new CopyOnWriteArrayList<>();

    private final Object lock = new Object();
    private final Map<String, Entry> invitations = new ConcurrentHashMap<>();
    private final Set<TicketKey> invitedTickets = new HashSet<>();
    private final Map<CustomerKey, Instant> lastInvited = new HashMap<>();
    private final Map<CustomerKey, Enrollment> enrollments = new HashMap<>();
    private final List<SurveyResponse> responses = new CopyOnWriteArrayList<>();

    private Surveys(Builder b, Clock clock, SurveyKeyRing keys) {
        this.clock = clock;
        this.tokens = new SurveyTokens(keys);
        this.defaultPolicy = b.policy;
        this.policies = Map.copyOf(b.policies);
        this.defaultCsat = b.csat;
        this.csatByTenant = Map.copyOf(b.csatByTenant);
        this.defaultRelationship = b.relationship;
        this.relationshipByTenant = Map.copyOf(b.relationshipByTenant);
        this.analyzer = b.analyzer;
        this.escalation = b.escalation;
        this.listeners.addAll(b.listeners);
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param listener receives every feedback event from now on
     */
    public void addListener(FeedbackListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * @param tenant a tenant
     * @return its policy
     */
    public SurveyPolicy policy(TenantId tenant) {
        return policies.getOrDefault(tenant, defaultPolicy);
    }

    /**
     * @param tenant a tenant
     * @return the survey it sends after solve
     */
    public SurveyDefinition csatSurvey(TenantId tenant) {
        return csatByTenant.getOrDefault(tenant, defaultCsat);
    }

    /**
     * @param tenant a tenant
     * @return the relationship survey it sends periodically
     */
    public SurveyDefinition relationshipSurvey(TenantId tenant) {
        return relationshipByTenant.getOrDefault(tenant, defaultRelationship);
    }

    /**
     * Schedules the post-solve survey: due after the channel's delay, unless the channel is disabled, the
     * ticket is suppressed (merged, spam, complaint if configured), already invited, or the customer throttled.
     *
     * @param ticket the solved ticket
     * @return what happened
     */
    public ScheduleResult onTicketSolved(SolvedTicket ticket) {
        SurveyPolicy policy = policy(ticket.tenant());
        if (!policy.enabledOn(ticket.channel())) {
            return skipped(Status.CHANNEL_DISABLED, ticket);
        }
        if (policy.suppressMerged() && ticket.marks().contains(TicketMark.MERGED)) {
            return skipped(Status.SUPPRESSED_MERGED, ticket);
        }
        if (policy.suppressSpam() && ticket.marks().contains(TicketMark.SPAM)) {
            return skipped(Status.SUPPRESSED_SPAM, ticket);
        }
        if (policy.suppressComplaints() && ticket.marks().contains(TicketMark.COMPLAINT)) {
            return skipped(Status.SUPPRESSED_COMPLAINT, ticket);
        }
        return schedule(ticket, csatSurvey(ticket.tenant()), SurveyTrigger.ON_SOLVE,
            ticket.solvedAt().plus(policy.delayFor(ticket.channel())));
    }

    /**
     * Schedules a survey explicitly (by API), due now; throttling still applies.
     *
     * @param ticket the ticket asked about
     * @param survey the survey to send
     * @return what happened
     */
    public ScheduleResult request(SolvedTicket ticket, SurveyDefinition survey) {
        return schedule(ticket, Objects.requireNonNull(survey, "survey"), SurveyTrigger.API, clock.instant());
    }

    /**
     * Schedules a survey about no ticket (for example an NPS survey sent by a campaign), due now; throttling
     * applies.
     *
     * @param tenant the tenant
     * @param customer the customer
     * @param channel the channel to send on
     * @param locale the customer's locale
     * @param survey the survey to send
     * @return SCHEDULED with the invitation, or THROTTLED
     */
    public ScheduleResult request(TenantId tenant, CustomerId customer, Channel channel, Locale locale,
                                  SurveyDefinition survey) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(survey, "survey");
        Instant now = clock.instant();
        synchronized (lock) {
            if (throttled(new CustomerKey(tenant, customer), now)) {
                return new ScheduleResult(Status.THROTTLED, null);
            }
            return new ScheduleResult(Status.SCHEDULED,
                create(tenant, customer, null, null, null, channel, locale, survey, SurveyTrigger.API, now));
        }
    }

    /**
     * Enrols a customer in the periodic relationship survey: the first is due now, then one every
     * {@link SurveyPolicy#relationshipInterval()} (pushed back while the customer is throttled).
     *
     * @param tenant the tenant
     * @param customer the customer
     * @param channel the channel to send on
     * @param locale the customer's locale
     */
    public void enrollRelationship(TenantId tenant, CustomerId customer, Channel channel, Locale locale) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(locale, "locale");
        synchronized (lock) {
            enrollments.putIfAbsent(new CustomerKey(tenant, customer), new Enrollment(channel, locale, clock.instant()));
        }
    }

    /**
     * Creates the relationship invitations that have come due, then lists every invitation due at {@code now}
     * and not yet sent, withdrawn or answered, earliest first.
     *
     * @param now the current time
     * @return the due invitations
     */
    public List<Invitation> dueInvitations(Instant now) {
        Objects.requireNonNull(now, "now");
        synchronized (lock) {
            for (Map.Entry<CustomerKey, Enrollment> e : enrollments.entrySet()) {
                Enrollment en = e.getValue();
                if (en.nextDue().isAfter(now)) {
                    continue;
                }
                CustomerKey key = e.getKey();
                SurveyPolicy policy = policy(key.tenant());
                if (throttled(key, now)) {
                    e.setValue(new Enrollment(en.channel(), en.locale(), lastInvited.get(key).plus(policy.throttle())));
                    continue;
                }
                create(key.tenant(), key.customer(), null, null, null, en.channel(), en.locale(),
                    relationshipSurvey(key.tenant()), SurveyTrigger.RELATIONSHIP, now);
                e.setValue(new Enrollment(en.channel(), en.locale(), now.plus(policy.relationshipInterval())));
            }
        }
        return invitations.values().stream()
            .filter(en -> !en.sent && !en.withdrawn && en.response.get() == null && !en.invitation.dueAt().isAfter(now))
            .map(en -> en.invitation).sorted(Comparator.comparing(Invitation::dueAt).thenComparing(Invitation::id))
            .toList();
    }

    /**
     * @param invitationId an invitation that was sent
     * @throws ValidationException if there is no such invitation
     */
    public void markSent(String invitationId) {
        Entry e = invitations.get(invitationId);
        if (e == null) {
            throw ValidationException.of("invitationId", "no invitation '" + invitationId + "'");
        }
        e.sent = true;
    }

    /**
     * Delivers every invitation due at the clock's current time and marks each delivered one sent. An
     * invitation whose delivery throws stays due for the next call.
     *
     * @param dispatcher the transport
     * @return how many were delivered
     */
    public int dispatchDue(SurveyDispatcher dispatcher) {
        Objects.requireNonNull(dispatcher, "dispatcher");
        int sent = 0;
        for (Invitation inv : dueInvitations(clock.instant())) {
            try {
                dispatcher.deliver(inv);
                markSent(inv.id());
                sent++;
            } catch (RuntimeException e) {
                LOG.warn("survey invitation {} for ticket {} could not be delivered on {}: {}", inv.id(), inv.ticket(),
                    inv.channel(), e.toString());
            }
        }
        return sent;
    }

    /**
     * Withdraws the ticket's invitations that were not sent yet (for example when the ticket is merged or
     * marked spam after it was solved). Their tokens are refused from now on as {@code USED}, and they no
     * longer count against the customer's throttle.
     *
     * @param tenant the tenant
     * @param ticket the ticket
     * @return how many invitations were withdrawn
     */
    public int withdraw(TenantId tenant, TicketId ticket) {
        synchronized (lock) {
            int withdrawn = 0;
            Set<CustomerKey> affected = new HashSet<>();
            for (Entry e : invitations.values()) {
                Invitation inv = e.invitation;
                if (!e.sent && !e.withdrawn && inv.tenant().equals(tenant) && ticket.equals(inv.ticket())) {
                    e.withdrawn = true;
                    affected.add(new CustomerKey(tenant, inv.customer()));
                    withdrawn++;
                }
            }
            // an invitation never sent does not count against the throttle
            for (CustomerKey key : affected) {
                invitations.values().stream()
                    .filter(e -> !e.withdrawn && e.invitation.tenant().equals(key.tenant())
                        && e.invitation.customer().equals(key.customer()))
                    .map(e -> e.invitation.dueAt()).max(Comparator.naturalOrder())
                    .ifPresentOrElse(last -> lastInvited.put(key, last), () -> lastInvited.remove(key));
            }
            return withdrawn;
        }
    }

    /**
     * Records a customer's answers. The token must be ours, unexpired, unused, for this tenant and this customer.
     * On any refusal nothing is recorded and the token stays usable (unless it was the reason, e.g. used).
     *
     * @param tenant the tenant the request came to
     * @param token the token from the survey link
     * @param customer the authenticated customer answering
     * @param submission the answers
     * @return the recorded response
     * @throws InvalidSurveyTokenException FORGED, UNKNOWN_KEY, EXPIRED, WRONG_TENANT, WRONG_CUSTOMER or USED
     * @throws ValidationException listing every invalid answer
     */
    public SurveyResponse submit(TenantId tenant, String token, CustomerId customer, SurveySubmission submission) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(submission, "submission");
        Instant now = clock.instant();
        SurveyTokens.Claims claims = tokens.verify(token, now);
        Entry entry = invitations.get(claims.invitationId());
        if (entry == null || !entry.invitation.tenant().equals(claims.tenant())
            || !entry.invitation.customer().equals(claims.customer())) {
            throw new InvalidSurveyTokenException(Reason.FORGED, "no such invitation");
        }
        if (!claims.tenant().equals(tenant)) {
            throw new InvalidSurveyTokenException(Reason.WRONG_TENANT, "token is bound to another tenant");
        }
        if (!claims.customer().equals(customer)) {
            throw new InvalidSurveyTokenException(Reason.WRONG_CUSTOMER, "only the ticket's customer may answer");
        }
        if (entry.response.get() != null || entry.withdrawn) {
            throw new InvalidSurveyTokenException(Reason.USED, entry.withdrawn ? "the survey was withdrawn"
                : "the survey was already answered");
        }
        Invitation inv = entry.invitation;
        validate(inv.survey(), submission);
        String text = textOf(submission);
        TextAnalysis analysis = text.isBlank() ? null : analyzer.analyze(text);
        SurveyResponse response = new SurveyResponse(UUID.randomUUID().toString(), inv.id(), inv.tenant(),
            inv.survey().id(), inv.trigger(), inv.ticket(), inv.customer(), inv.agent(), inv.group(), inv.channel(),
            now, submission.answers(), submission.comment(), submission.reason(), analysis);
        if (!entry.response.compareAndSet(null, response)) {
            throw new InvalidSurveyTokenException(Reason.USED, "the survey was already answered");
        }
        responses.add(response);
        publish(new ResponseRecorded(response, now));
        if (analysis != null && analysis.complaint() != null) {
            ComplaintDetected complaint = new ComplaintDetected(inv.tenant(), inv.ticket(), inv.customer(),
                response.id(), analysis.complaint(), now);
            publish(complaint);
            if (escalation != null && inv.ticket() != null) {
                try {
                    escalation.escalate(complaint);
                } catch (RuntimeException e) {
                    LOG.warn("complaint on ticket {} could not be escalated: {}", inv.ticket(), e.toString());
                }
            }
        }
        return response;
    }

    /**
     * @param tenant a tenant
     * @return its responses in the order recorded
     */
    public List<SurveyResponse> responses(TenantId tenant) {
        return responses.stream().filter(r -> r.tenant().equals(tenant)).toList();
    }

    /**
     * @param tenant a tenant
     * @return one scored response per CSAT/NPS/CES answer of the tenant's responses, for {@link FeedbackStats}
     */
    public List<ScoredResponse> scores(TenantId tenant) {
        return responses(tenant).stream()
            .flatMap(r -> r.scores(invitations.get(r.invitationId()).invitation.survey()).stream()).toList();
    }

    /**
     * @param invitationId an invitation
     * @return it, if it exists
     */
    public Optional<Invitation> invitation(String invitationId) {
        return Optional.ofNullable(invitations.get(invitationId)).map(e -> e.invitation);
    }

    @Override
    public Optional<FeedbackRecord> find(TenantId tenant, String feedbackId) {
        return responses(tenant).stream().filter(r -> r.id().equals(feedbackId)).findFirst().map(Surveys::record);
    }

    @Override
    public List<FeedbackRecord> withTheme(TenantId tenant, String theme, Instant from, Instant to) {
        return responses(tenant).stream()
            .filter(r -> !r.answeredAt().isBefore(from) && r.answeredAt().isBefore(to))
            .map(Surveys::record).filter(f -> f.themes().contains(theme)).toList();
    }

    private static FeedbackRecord record(SurveyResponse r) {
        return new FeedbackRecord(r.id(), r.tenant(), r.customer(), r.answeredAt(),
            r.analysis() == null ? Set.of() : r.analysis().themes());
    }

    private ScheduleResult schedule(SolvedTicket t, SurveyDefinition survey, SurveyTrigger trigger, Instant due) {
        synchronized (lock) {
            TicketKey tk = new TicketKey(t.tenant(), t.ticket());
            if (invitedTickets.contains(tk)) {
                return skipped(Status.ALREADY_INVITED, t);
            }
            if (throttled(new CustomerKey(t.tenant(), t.customer()), due)) {
                return skipped(Status.THROTTLED, t);
            }
            invitedTickets.add(tk);
            Invitation inv = create(t.tenant(), t.customer(), t.ticket(), t.agent(), t.group(), t.channel(),
                t.locale(), survey, trigger, due);
            return new ScheduleResult(Status.SCHEDULED, inv);
        }
    }

    /** Call holding {@code lock}. */
    private boolean throttled(CustomerKey key, Instant due) {
        Instant last = lastInvited.get(key);
        return last != null && due.isBefore(last.plus(policy(key.tenant()).throttle()));
    }

    private Invitation create(TenantId tenant, CustomerId customer, @Nullable TicketId ticket,
                              @Nullable AgentId agent, @Nullable GroupId group,
                              Channel channel, Locale locale, SurveyDefinition survey, SurveyTrigger trigger,
                              Instant due) {
        String id = UUID.randomUUID().toString();
        Instant expires = due.plus(policy(tenant).tokenLifetime());
        String token = tokens.sign(new SurveyTokens.Claims(id, tenant, customer, ticket, expires));
        Invitation inv = new Invitation(id, tenant, customer, ticket, agent, group, channel, survey, trigger, due,
            expires, locale, token);
        invitations.put(id, new Entry(inv));
        lastInvited.merge(new CustomerKey(tenant, customer), due, (a, b) -> a.isAfter(b) ? a : b);
        LOG.debug("survey {} scheduled for ticket {} due {}", id, ticket, due);
        return inv;
    }

    private static ScheduleResult skipped(Status status, SolvedTicket t) {
        LOG.debug("no survey for ticket {}: {}", t.ticket(), status);
        return new ScheduleResult(status, null);
    }

    private static String textOf(SurveySubmission s) {
        StringBuilder sb = new StringBuilder();
        s.answers().stream().filter(a -> a.text() != null).forEach(a -> sb.append(a.text()).append('\n'));
        if (s.comment() != null) {
            sb.append(s.comment());
        }
        return sb.toString();
    }

    private static void validate(SurveyDefinition survey, SurveySubmission s) {
        List<Violation> v = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        @Nullable Boolean firstLow = null;
        for (int i = 0; i < s.answers().size(); i++) {
            Answer a = s.answers().get(i);
            String field = "answers[" + i + "]";
            Optional<Question> q = survey.questions().stream().filter(x -> x.id().equals(a.questionId())).findFirst();
            if (q.isEmpty()) {
                v.add(new Violation(field + ".questionId", "survey '" + survey.id() + "' has no question '" + a.questionId() + "'"));
                continue;
            }
            if (!seen.add(a.questionId())) {
                v.add(new Violation(field + ".questionId", "question '" + a.questionId() + "' answered twice"));
            }
            Question question = q.get();
            if (question.scored()) {
                if (a.score() == null) {
                    v.add(new Violation(field + ".score", "question '" + question.id() + "' needs a score"));
                } else if (a.score() < question.min() || a.score() > question.max()) {
                    v.add(new Violation(field + ".score", "must be " + question.min() + ".." + question.max() + "; was " + a.score()));
                } else if (firstLow == null) {
                    firstLow = question.isLow(a.score());
                }
            } else if (a.text() == null || a.text().isBlank()) {
                v.add(new Violation(field + ".text", "question '" + question.id() + "' needs a text"));
            } else if (a.text().length() > MAX_TEXT) {
                v.add(new Violation(field + ".text", "must be at most " + MAX_TEXT + " characters"));
            }
        }
        for (Question q : survey.questions()) {
            if (q.required() && !seen.contains(q.id())) {
                v.add(new Violation("answers", "required question '" + q.id() + "' was not answered"));
            }
        }
        if (s.comment() != null && s.comment().length() > MAX_TEXT) {
            v.add(new Violation("comment", "must be at most " + MAX_TEXT + " characters; was " + s.comment().length()));
        }
        if (s.reason() != null && !survey.offersReason(s.reason())) {
            v.add(new Violation("reason", "survey '" + survey.id() + "' offers no reason '" + s.reason() + "'"));
        }
        if (s.reason() == null && survey.reasonRequiredOnLowScore() && Boolean.TRUE.equals(firstLow)) {
            v.add(new Violation("reason", "a reason is required on a low score"));
        }
        if (!v.isEmpty()) {
            throw new ValidationException(v);
        }
    }

    private void publish(FeedbackEvent event) {
        for (FeedbackListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("feedback listener {} failed on {}: {}", l, event.getClass().getSimpleName(), e.toString());
            }
        }
    }

    @Override
    public String toString() {
        return "Surveys[invitations=" + invitations.size() + ", responses=" + responses.size() + "]";
    }

    /** Builds {@link Surveys}. Not thread-safe. */
    public static final class Builder {
        private @Nullable Clock clock;
        private @Nullable SurveyKeyRing keys;
        private SurveyPolicy policy = SurveyPolicy.defaults();
        private boolean policySet;
        private final Map<TenantId, SurveyPolicy> policies = new HashMap<>();
        private SurveyDefinition csat = SurveyDefinition.defaultCsat();
        private final Map<TenantId, SurveyDefinition> csatByTenant = new HashMap<>();
        private SurveyDefinition relationship = SurveyDefinition.defaultNps();
        private final Map<TenantId, SurveyDefinition> relationshipByTenant = new HashMap<>();
        private TextAnalyzer analyzer = TextAnalyzer.defaults();
        private @Nullable ComplaintEscalation escalation;
        private final List<FeedbackListener> listeners = new ArrayList<>();

        private Builder() {
        }

        /**
         * @param clock the time source (required)
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder clock(Clock clock) {
            if (this.clock != null) {
                throw new IllegalStateException("clock was already set");
            }
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param keys the key ring signing survey tokens (required)
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder keys(SurveyKeyRing keys) {
            if (this.keys != null) {
                throw new IllegalStateException("keys were already set");
            }
            this.keys = Objects.requireNonNull(keys, "keys");
            return this;
        }

        /**
         * @param policy the policy for tenants without their own
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder policy(SurveyPolicy policy) {
            if (policySet) {
                throw new IllegalStateException("policy was already set");
            }
            this.policy = Objects.requireNonNull(policy, "policy");
            policySet = true;
            return this;
        }

        /**
         * @param tenant a tenant
         * @param policy its policy
         * @return this builder
         */
        public Builder policy(TenantId tenant, SurveyPolicy policy) {
            policies.put(Objects.requireNonNull(tenant, "tenant"), Objects.requireNonNull(policy, "policy"));
            return this;
        }

        /**
         * @param survey the post-solve survey for tenants without their own (default: 1–5 CSAT)
         * @return this builder
         */
        public Builder csatSurvey(SurveyDefinition survey) {
            this.csat = Objects.requireNonNull(survey, "survey");
            return this;
        }

        /**
         * @param tenant a tenant
         * @param survey its post-solve survey (its own texts, scale, questions, reasons)
         * @return this builder
         */
        public Builder csatSurvey(TenantId tenant, SurveyDefinition survey) {
            csatByTenant.put(Objects.requireNonNull(tenant, "tenant"), Objects.requireNonNull(survey, "survey"));
            return this;
        }

        /**
         * @param survey the relationship survey for tenants without their own (default: NPS)
         * @return this builder
         */
        public Builder relationshipSurvey(SurveyDefinition survey) {
            this.relationship = Objects.requireNonNull(survey, "survey");
            return this;
        }

        /**
         * @param tenant a tenant
         * @param survey its relationship survey
         * @return this builder
         */
        public Builder relationshipSurvey(TenantId tenant, SurveyDefinition survey) {
            relationshipByTenant.put(Objects.requireNonNull(tenant, "tenant"), Objects.requireNonNull(survey, "survey"));
            return this;
        }

        /**
         * @param analyzer analyses comment text (default: {@link TextAnalyzer#defaults()})
         * @return this builder
         */
        public Builder analyzer(TextAnalyzer analyzer) {
            this.analyzer = Objects.requireNonNull(analyzer, "analyzer");
            return this;
        }

        /**
         * @param escalation where complaints about tickets go
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder complaintEscalation(ComplaintEscalation escalation) {
            if (this.escalation != null) {
                throw new IllegalStateException("complaint escalation was already set");
            }
            this.escalation = Objects.requireNonNull(escalation, "escalation");
            return this;
        }

        /**
         * @param listener receives feedback events
         * @return this builder
         */
        public Builder listener(FeedbackListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * @return the service
         * @throws IllegalStateException if the clock or the key ring is missing, or the ring has no active key
         */
        public Surveys build() {
            if (clock == null) {
                throw new IllegalStateException("a clock is required");
            }
            if (keys == null || keys.signingKeyId().isEmpty()) {
                throw new IllegalStateException("a key ring with at least one active key is required");
            }
            return new Surveys(this, clock, keys);
        }
    }
}
