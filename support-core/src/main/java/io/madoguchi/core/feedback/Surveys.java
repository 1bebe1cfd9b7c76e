package io.madoguchi.core.feedback;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.DuplicateRequestException;
import io.madoguchi.core.Channel;
import io.madoguchi.core.CustomerId;
import io.madoguchi.core.GroupId;
import io.madoguchi.core.HandlingStepMismatchException;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.Violation;
import io.madoguchi.core.feedback.InvalidSurveyTokenException.Reason;
import io.madoguchi.core.feedback.ScheduleResult.Status;
import io.madoguchi.core.feedback.text.TextAnalysis;
import io.madoguchi.core.feedback.text.TextAnalyzer;
import io.madoguchi.core.internal.HostKeys;
import io.madoguchi.core.internal.StepClaims;
import io.madoguchi.core.store.EventLog;
import io.madoguchi.core.store.IdempotencyKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The survey service: schedules invitations (on solve with a per-channel delay, periodic relationship NPS,
 * or by API) under throttling and suppression rules, hands due invitations out by time, verifies signed
 * single-use tokens and records responses, analysing their text and reporting complaints.
 *
 * <p><b>State lives in a {@link SurveyStore}</b> (in memory by default): invitations, the unique schedule keys,
 * throttle marks, responses with the answered-once claim, and relationship enrolments. Build every instance of a host
 * on the same store and the same <b>configured</b> {@link SurveyKeyRing} ({@link SurveyKeyRing#fromConfiguration}):
 * then a restarted or second instance accepts every link already sent, each link is answered exactly once (a second
 * answer is refused as {@code USED}, whichever instance receives it), and each pending invitation is sent once.
 *
 * <p><b>Idempotent scheduling.</b> A post-solve invitation holds the unique key {@code ticket:<id>/<survey id>},
 * written together with it, so a redelivered solve event never invites twice. If the ticket is solved again while its
 * invitation is still unsent, the invitation is moved: due, and expiring, from the last solve. Once sent, the link the
 * customer has stays as it is and the ticket is not surveyed again. A survey about no ticket is requested once per
 * idempotency key ({@link #request(TenantId, CustomerId, Channel, Locale, SurveyDefinition, String)}), and, requested
 * in a subscriber's handling, once per step of that handling: its invitation's id is derived from the key, or from
 * the subscriber, the event's position and the step's number, and holds the unique key {@code api:<id>}, so a
 * redelivered handling or a retried request gets the first invitation and invites no second time.
 *
 * <p><b>Events.</b> Built with an {@link EventLog} ({@link Builder#eventLog}), each change appends its
 * {@link FeedbackEvent}s ({@link SurveyInvitationScheduled}, {@link SurveyInvitationSent}, {@link ResponseRecorded}
 * with {@link SurveyInvitationAnswered}, {@link ComplaintDetected}) with an idempotency claim
 * ({@code feedback:scheduled}, {@code feedback:sent}, {@code feedback:answered}, {@code feedback:complaint}). A
 * customer's answer is one unit of work of the store
 * ({@link SurveyStore#recordResponse(SurveyResponse, EventLog, List, Map)}): the response, its events and their claim
 * are written together or not at all, so a crash cannot lose an answer's events, and a submission whose events
 * cannot be appended fails with nothing written (the link stays usable). The other changes append right after the
 * store write, as two steps: a scheduled invitation whose event could not be appended gets it when the same ticket is
 * scheduled again (a
 * subscriber's retry does that); a "sent" event that cannot be appended is logged and lost. A scheduling or complaint
 * event appended while a desk subscriber handles an event ({@code DeskSurveys}) also holds that handling's step claim,
 * which the store keeps while the event is unfinished: a parked or long-retried event redelivered after the claim
 * retention does not append it (nor have it escalated) a second time. In such a handling {@link #onTicketSolved} and
 * every {@code request} method take exactly one step on every path, whether they schedule or skip (an invitation sent
 * meanwhile, a throttle, a suppression), so a step the handling makes after them has the same number on every
 * delivery; the relationship invitations {@link #dueInvitations} creates are due work and take none. A handling must
 * make the same calls in the same order on every delivery: a call of these (or {@link #reportComplaint}) that finds
 * its step taken by another kind of call on an earlier delivery (a desk step, another feedback call) is refused with
 * a {@link HandlingStepMismatchException} before it writes, as a desk step on a step one of these took is. Listeners
 * ({@link FeedbackListener}) see the same events, in process, after they are stored.
 *
 * <p><b>Survey links.</b> A link handler that knows only the token calls {@link #invitationForLink} to show the
 * form and {@link #submit(TenantId, String, SurveySubmission)} to answer: the verified token names the customer. A
 * host that authenticates the customer calls {@link #submit(TenantId, String, CustomerId, SurveySubmission)}, which
 * also refuses a token of another customer. Tokens are {@code st1.<keyId>.<payload>.<mac>} in the characters
 * {@code A-Z a-z 0-9 - _ .}, all unreserved in RFC 3986: they go into a query string or path as they are, without
 * percent-encoding ({@code https://shop.example/survey?t=<token>}). They are 140 to 180 characters with short ids and
 * grow with the ids (up to about 700 with 128-character ids); {@link SurveyTokens#verify} refuses more than 2,048.
 * Serve the link over HTTPS and keep it out of access logs and {@code Referer} headers: the token answers the survey.
 *
 * <p>Time comes only from the injected {@link Clock} or from instants passed in: nothing sleeps. A host
 * application calls {@link #dispatchDue(SurveyDispatcher)} from its own scheduler.
 *
 * <p>Thread-safe.
 *
 * <pre>{@code
 * Surveys surveys = Surveys.builder()
 *     .clock(clock)
 *     .keys(SurveyKeyRing.fromConfiguration(System.getenv("SURVEY_KEYS")))
 *     .store(surveyStore)
 *     .policy(SurveyPolicy.builder().delay(Channel.EMAIL, Duration.ofHours(2)).build())
 *     .build();
 * surveys.onTicketSolved(solvedTicket);
 * surveys.dispatchDue(invitation -> mailer.send(invitation));
 * surveys.submit(tenant, token, SurveySubmission.of("csat", 5).withComment("迅速な対応でした"));
 * }</pre>
 */
public final class Surveys implements FeedbackLookup {

    /** The most due invitations {@link #dueInvitations(Instant)} returns at once. */
    public static final int DUE_BATCH = 10_000;

    /**
     * The most characters an idempotency key of
     * {@link #request(TenantId, CustomerId, Channel, Locale, SurveyDefinition, String)} has.
     */
    public static final int MAX_KEY = HostKeys.MAX_LENGTH;

    private static final Logger LOG = LoggerFactory.getLogger(Surveys.class);
    /** What a complaint report is, to a {@link HandlingStepMismatchException}. */
    private static final String A_COMPLAINT = "a complaint report";
    private static final int MAX_TEXT = 5000;

    private final Clock clock;
    private final SurveyKeyRing keys;
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
    private final SurveyStore store;
    private final @Nullable EventLog log;
    private final @Nullable Runnable afterAppend;
    private final @Nullable CustomerChannels customerChannels;

    private Surveys(Builder b, Clock clock, SurveyKeyRing keys) {
        this.clock = clock;
        this.keys = keys;
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
        this.store = b.store != null ? b.store : new InMemorySurveyStore(clock);
        this.log = b.log;
        this.afterAppend = b.afterAppend;
        this.customerChannels = b.customerChannels;
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

    /** @return the store holding the service's state */
    public SurveyStore store() {
        return store;
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
     * Solved again while its invitation is unsent, the ticket's invitation is moved to be due (and to expire) from
     * this solve: {@link ScheduleResult.Status#RESCHEDULED}. Calling it again for the same solve changes nothing
     * ({@link ScheduleResult.Status#ALREADY_INVITED}). Built with an event log and called in a subscriber's handling,
     * it takes one step of that handling whatever it returns (see the class description).
     *
     * @param ticket the solved ticket
     * @return what happened
     * @throws SurveySigningException if the key ring has no active key; nothing was scheduled
     */
    public ScheduleResult onTicketSolved(SolvedTicket ticket) {
        requireOwnStep(ticket.tenant(), kindOf(SurveyTrigger.ON_SOLVE));
        SurveyPolicy policy = policy(ticket.tenant());
        if (!policy.enabledOn(ticket.channel())) {
            return skippedStep(Status.CHANNEL_DISABLED, ticket);
        }
        if (policy.suppressMerged() && ticket.marks().contains(TicketMark.MERGED)) {
            return skippedStep(Status.SUPPRESSED_MERGED, ticket);
        }
        if (policy.suppressSpam() && ticket.marks().contains(TicketMark.SPAM)) {
            return skippedStep(Status.SUPPRESSED_SPAM, ticket);
        }
        if (policy.suppressComplaints() && ticket.marks().contains(TicketMark.COMPLAINT)) {
            return skippedStep(Status.SUPPRESSED_COMPLAINT, ticket);
        }
        return schedule(ticket, csatSurvey(ticket.tenant()), SurveyTrigger.ON_SOLVE,
            ticket.solvedAt().plus(policy.delayFor(ticket.channel())), true);
    }

    /**
     * Schedules a survey explicitly (by API), due now; throttling still applies, and a ticket gets each survey once.
     *
     * @param ticket the ticket asked about
     * @param survey the survey to send
     * @return what happened
     * @throws SurveySigningException if the key ring has no active key; nothing was scheduled
     */
    public ScheduleResult request(SolvedTicket ticket, SurveyDefinition survey) {
        requireOwnStep(ticket.tenant(), kindOf(SurveyTrigger.API));
        return schedule(ticket, Objects.requireNonNull(survey, "survey"), SurveyTrigger.API, now(), false);
    }

    /**
     * Schedules a survey about no ticket (for example an NPS survey sent by a campaign), due now; throttling
     * applies. Built with {@link Builder#customerChannels}, a channel the customer cannot be reached on is refused.
     *
     * <p>Not idempotent outside a subscriber's handling: each call may invite again (throttling aside). Code that may
     * run again for the same intent, such as a request a client retries, asks under an idempotency key instead:
     * {@link #request(TenantId, CustomerId, Channel, Locale, SurveyDefinition, String)}. Built with an event log and
     * called in a durable subscriber's handling, the request is one step of that handling (see the class description)
     * and is made once for that step however often the event is delivered: a redelivery gets the invitation the first
     * delivery made (with {@link ScheduleResult.Status#SCHEDULED}, as it may have been sent or answered meanwhile) and
     * invites no second time, whatever the throttle. Such a redelivery must make the same request at the same step,
     * or it is refused as a {@link HandlingStepMismatchException}.
     *
     * @param tenant the tenant
     * @param customer the customer
     * @param channel the channel to send on
     * @param locale the customer's locale
     * @param survey the survey to send
     * @return SCHEDULED with the invitation, or THROTTLED
     * @throws ValidationException naming {@code channel} if the customer cannot be reached on it (nothing was
     *     scheduled)
     * @throws SurveySigningException if the key ring has no active key; nothing was scheduled
     * @throws HandlingStepMismatchException in a subscriber's handling, if an earlier delivery of its event made
     *     another call on this step (another kind of call, or a request for another customer, channel, locale or
     *     survey); nothing was scheduled
     */
    public ScheduleResult request(TenantId tenant, CustomerId customer, Channel channel, Locale locale,
                                  SurveyDefinition survey) {
        Objects.requireNonNull(tenant, "tenant");
        IdempotencyKey step = log == null ? null : StepClaims.next(tenant);
        String id = step == null ? UUID.randomUUID().toString()
            : derivedId("step", tenant, step.scope() + "/" + step.key());
        return requested(id, step, tenant, customer, channel, locale, survey);
    }

    /**
     * Schedules a survey about no ticket, due now, at most once per idempotency key and tenant, as Stripe's idempotent
     * requests do: the first call schedules (or is throttled, scheduling nothing); a repeated call with the same key
     * and the same request gets the invitation the first call made, with {@link ScheduleResult.Status#SCHEDULED},
     * whatever became of it since (sent, answered), and invites no second time. The same key with a different request
     * is refused: a retry must repeat its request, and a new survey needs a new key. Otherwise as
     * {@link #request(TenantId, CustomerId, Channel, Locale, SurveyDefinition)}, and in a subscriber's handling it
     * takes one step of it, as that does.
     *
     * <p>Choose a key that names the intent, not the attempt: for a subscriber's handling, the subscriber's name and
     * the ticket or event it is about ({@code "follow-up/T-4711"}); for a client's request, the id the client sent
     * with it (a UUID). Keys are per tenant, and a key lasts as long as its invitation is stored (with the default
     * bounds of the in-memory and JDBC stores, {@link InMemorySurveyStore#DEFAULT_RETENTION} after its link expired,
     * unless the tenant's size bound drops it first); a key used again after that invites again. A throttled first
     * call stores nothing, so a repeat may schedule once the throttle has passed. The key itself is not stored (the
     * invitation's id is derived from it), never logged, nor put into an exception's message.
     *
     * @param tenant the tenant; its keys are its own (another tenant's same key is another key)
     * @param customer the customer
     * @param channel the channel to send on
     * @param locale the customer's locale
     * @param survey the survey to send
     * @param idempotencyKey the host's key for this request: 1–{@value #MAX_KEY} characters, not blank, no control
     *     characters
     * @return SCHEDULED with the invitation (the first call's, on a repeat), or THROTTLED
     * @throws ValidationException naming {@code idempotencyKey} if it is not a valid key, or {@code channel} if the
     *     customer cannot be reached on it; nothing was scheduled
     * @throws SurveyRequestKeyReusedException if the key was used with a different request, naming the fields that
     *     differ; nothing was scheduled
     * @throws SurveySigningException if the key ring has no active key; nothing was scheduled
     * @throws HandlingStepMismatchException in a subscriber's handling, if an earlier delivery of its event made
     *     another kind of call on this step; nothing was scheduled
     */
    public ScheduleResult request(TenantId tenant, CustomerId customer, Channel channel, Locale locale,
                                  SurveyDefinition survey, String idempotencyKey) {
        Objects.requireNonNull(tenant, "tenant");
        String keyProblem = HostKeys.problem(idempotencyKey);
        if (keyProblem != null) {
            throw ValidationException.of("idempotencyKey", keyProblem);
        }
        return requested(derivedId("key", tenant, idempotencyKey), null, tenant, customer, channel, locale, survey);
    }

    /**
     * Schedules a request's invitation under an id that names the request: a repeat finds the invitation the first
     * made by its unique key {@code api:<id>}.
     *
     * @param step the handling's step the id was derived from, or null if the id is random or the host's key's
     */
    private ScheduleResult requested(String id, @Nullable IdempotencyKey step, TenantId tenant, CustomerId customer,
                                     Channel channel, Locale locale, SurveyDefinition survey) {
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(survey, "survey");
        requireOwnStep(tenant, kindOf(SurveyTrigger.API));
        requireReachable(tenant, customer, channel);
        Instant now = now();
        Invitation inv = invitation(id, tenant, customer, null, null, null, channel, locale, survey, SurveyTrigger.API,
            now);
        SurveyStore.ScheduleOutcome o = store.schedule(inv, "api:" + inv.id(), policy(tenant).throttle());
        switch (o.admission()) {
            case THROTTLED -> {
                stepWithoutAppend();
                return new ScheduleResult(Status.THROTTLED, null);
            }
            case SCHEDULED -> {
                scheduled(inv, now, kindOf(SurveyTrigger.API));
                return new ScheduleResult(Status.SCHEDULED, inv);
            }
            default -> {
                StoredInvitation held = Objects.requireNonNull(o.holder(), "holder");
                List<String> differ = differences(held.invitation(), customer, channel, locale, survey);
                if (!differ.isEmpty()) {
                    if (step != null) {
                        throw StepClaims.mismatch(step, "a survey request", "a survey request for another "
                            + String.join(", ", differ));
                    }
                    throw new SurveyRequestKeyReusedException(differ, held.invitation().id());
                }
                if (log != null && held.state() == InvitationState.SCHEDULED) {
                    // a repeat of the request: make sure its event reached the log (its claims keep it there once);
                    // without a log the listeners were told by the first call
                    scheduled(held.invitation(), now, kindOf(SurveyTrigger.API));
                } else {
                    stepWithoutAppend();
                }
                LOG.debug("survey invitation {} was requested before; not requested again", held.invitation().id());
                return new ScheduleResult(Status.SCHEDULED, held.invitation());
            }
        }
    }

    /** @return the fields of a request that differ from the invitation a first request under its id made */
    private static List<String> differences(Invitation first, CustomerId customer, Channel channel, Locale locale,
                                            SurveyDefinition survey) {
        List<String> differ = new ArrayList<>(4);
        if (!first.customer().equals(customer)) {
            differ.add("customer");
        }
        if (!first.channel().equals(channel)) {
            differ.add("channel");
        }
        if (!first.locale().equals(locale)) {
            differ.add("locale");
        }
        if (!first.survey().id().equals(survey.id())) {
            differ.add("survey");
        }
        return differ;
    }

    /**
     * An invitation id that names a request rather than a call: a name-based UUID (version 8) from SHA-256 of what
     * names it, so a repeat of the request derives the same id and another tenant's same name another id.
     *
     * @param kind what names the request ({@code "step"}: a handling's step; {@code "key"}: a host's idempotency key)
     */
    private static String derivedId(String kind, TenantId tenant, String name) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        byte[] h = sha.digest(("madoguchi/survey-request\n" + kind + "\n" + tenant.value() + "\n" + name)
            .getBytes(StandardCharsets.UTF_8));
        ByteBuffer b = ByteBuffer.wrap(h);
        long hi = (b.getLong() & ~0xF000L) | 0x8000L;
        long lo = (b.getLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(hi, lo).toString();
    }

    /**
     * Enrols a customer in the periodic relationship survey: the first is due now, then one every
     * {@link SurveyPolicy#relationshipInterval()} (pushed back while the customer is throttled). Enrolling an
     * enrolled customer changes nothing. Built with {@link Builder#customerChannels}, a channel the customer cannot
     * be reached on is refused.
     *
     * @param tenant the tenant
     * @param customer the customer
     * @param channel the channel to send on
     * @param locale the customer's locale
     * @throws ValidationException naming {@code channel} if the customer cannot be reached on it (nothing was
     *     enrolled)
     */
    public void enrollRelationship(TenantId tenant, CustomerId customer, Channel channel, Locale locale) {
        requireReachable(Objects.requireNonNull(tenant, "tenant"), Objects.requireNonNull(customer, "customer"),
            Objects.requireNonNull(channel, "channel"));
        store.enrol(new RelationshipEnrolment(tenant, customer, channel, locale, now()));
    }

    /**
     * Creates the relationship invitations that have come due, marks invitations whose link expired before they
     * could be sent EXPIRED (they are never sent), then lists the invitations due at {@code now} and not yet sent,
     * withdrawn, expired or answered, earliest first; at most {@value #DUE_BATCH}.
     *
     * @param now the current time
     * @return the due invitations
     * @throws SurveySigningException if a relationship invitation is due and the key ring has no active key
     */
    public List<Invitation> dueInvitations(Instant now) {
        Objects.requireNonNull(now, "now");
        createRelationshipInvitations(now);
        List<Invitation> due = new ArrayList<>();
        for (StoredInvitation s : store.scheduledDue(now, DUE_BATCH)) {
            Invitation inv = s.invitation();
            if (!inv.expiresAt().isAfter(now)) {
                if (store.transition(inv.id(), InvitationState.SCHEDULED, InvitationState.EXPIRED, now)) {
                    LOG.info("survey invitation {} for ticket {} expired unsent", inv.id(), inv.ticket());
                }
                continue;
            }
            due.add(inv);
        }
        return due;
    }

    private void createRelationshipInvitations(Instant now) {
        for (RelationshipEnrolment en : store.enrolmentsDue(now, DUE_BATCH)) {
            SurveyPolicy policy = policy(en.tenant());
            Optional<Instant> mark = store.throttleMark(en.tenant(), en.customer());
            if (mark.isPresent() && now.isBefore(mark.get().plus(policy.throttle()))) {
                store.moveEnrolment(en, mark.get().plus(policy.throttle()));
                continue;
            }
            Invitation inv = invitation(UUID.randomUUID().toString(), en.tenant(), en.customer(), null, null, null,
                en.channel(), en.locale(), relationshipSurvey(en.tenant()), SurveyTrigger.RELATIONSHIP, now);
            SurveyStore.ScheduleOutcome o = store.schedule(inv,
                "relationship:" + en.customer().value() + "@" + en.nextDue(), policy.throttle());
            if (o.admission() == SurveyStore.Admission.THROTTLED) {
                store.throttleMark(en.tenant(), en.customer())
                    .ifPresent(m -> store.moveEnrolment(en, m.plus(policy.throttle())));
                continue;
            }
            if (o.admission() == SurveyStore.Admission.SCHEDULED) {
                // due work found in the store, not a step of a handling that may be under way on this thread
                scheduled(inv, now, null);
            }
            store.moveEnrolment(en, now.plus(policy.relationshipInterval()));
        }
    }

    /**
     * Marks an invitation sent by the host's own transport.
     *
     * @param tenant the tenant the invitation belongs to
     * @param invitationId an invitation of that tenant that was sent
     * @throws ValidationException if the tenant has no such invitation
     */
    public void markSent(TenantId tenant, String invitationId) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(invitationId, "invitationId");
        StoredInvitation s = store.invitation(tenant, invitationId)
            .orElseThrow(() -> ValidationException.of("invitationId", "no invitation '" + invitationId + "'"));
        Instant now = now();
        markSent(s.invitation(), now);
    }

    /**
     * Delivers every invitation due at the clock's current time, each at most once: it is marked SENT in the store
     * before delivery (so two instances dispatching at once never both send it), and with an event log its
     * {@link SurveyInvitationSent} event is appended in the same unit of work as that mark, so no crash leaves it SENT
     * without its event. If the delivery throws it returns to SCHEDULED, to be retried on the next call; its event
     * stays in the log and the retry appends no second one. A process that dies during a delivery leaves it SENT.
     *
     * @param dispatcher the transport
     * @return how many were delivered
     */
    public int dispatchDue(SurveyDispatcher dispatcher) {
        Objects.requireNonNull(dispatcher, "dispatcher");
        int sent = 0;
        Instant now = now();
        for (Invitation inv : dueInvitations(now)) {
            SurveyInvitationSent event = SurveyInvitationSent.of(inv, now);
            if (!markSentWithEvent(inv, now, event)) {
                continue;
            }
            try {
                dispatcher.deliver(inv);
            } catch (RuntimeException e) {
                store.transition(inv.id(), InvitationState.SENT, InvitationState.SCHEDULED, now);
                // the host's exception message may quote the customer's address or the message sent: class only
                LOG.warn("survey invitation {} of tenant {} for ticket {} could not be delivered on {} ({}); it stays "
                    + "due", inv.id(), inv.tenant(), inv.ticket(), inv.channel(), e.getClass().getName());
                continue;
            }
            sent++;
            publish(event);
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
        return store.withdraw(Objects.requireNonNull(tenant, "tenant"), Objects.requireNonNull(ticket, "ticket"), now())
            .size();
    }

    /**
     * Checks a survey link for the page that shows the survey, without answering it: the token must be ours,
     * unexpired, for this tenant, and its invitation not answered or withdrawn. Needs no login: the verified token
     * names the customer.
     *
     * @param tenant the tenant the request came to
     * @param token the token from the link
     * @return the invitation (its survey, in its locale, is what to show)
     * @throws InvalidSurveyTokenException FORGED, UNKNOWN_KEY, EXPIRED, WRONG_TENANT or USED
     */
    public Invitation invitationForLink(TenantId tenant, String token) {
        Objects.requireNonNull(tenant, "tenant");
        SurveyTokens.Claims claims = tokens.verify(token, now());
        return answerable(tenant, claims, claims.customer()).invitation();
    }

    /**
     * Records the answers sent through a survey link, for the common case of an email or LINE link opened without a
     * login: the verified token names the customer, who alone could have received it. The token must be ours,
     * unexpired, unused and for this tenant. On any refusal nothing is recorded and the token stays usable (unless it
     * was the reason, e.g. used).
     *
     * @param tenant the tenant the request came to
     * @param token the token from the survey link
     * @param submission the answers
     * @return the recorded response
     * @throws InvalidSurveyTokenException FORGED, UNKNOWN_KEY, EXPIRED, WRONG_TENANT or USED
     * @throws ValidationException listing every invalid answer
     */
    public SurveyResponse submit(TenantId tenant, String token, SurveySubmission submission) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(submission, "submission");
        SurveyTokens.Claims claims = tokens.verify(token, now());
        return record(tenant, claims, claims.customer(), submission);
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
        SurveyTokens.Claims claims = tokens.verify(token, now());
        return record(tenant, claims, customer, submission);
    }

    private StoredInvitation answerable(TenantId tenant, SurveyTokens.Claims claims, CustomerId customer) {
        StoredInvitation stored = store.invitation(claims.tenant(), claims.invitationId()).orElse(null);
        if (stored == null || !stored.invitation().tenant().equals(claims.tenant())
            || !stored.invitation().customer().equals(claims.customer())) {
            throw new InvalidSurveyTokenException(Reason.FORGED, "no such invitation");
        }
        if (!claims.tenant().equals(tenant)) {
            throw new InvalidSurveyTokenException(Reason.WRONG_TENANT, "token is bound to another tenant");
        }
        if (!claims.customer().equals(customer)) {
            throw new InvalidSurveyTokenException(Reason.WRONG_CUSTOMER, "only the ticket's customer may answer");
        }
        switch (stored.state()) {
            case ANSWERED -> throw new InvalidSurveyTokenException(Reason.USED, "the survey was already answered");
            case WITHDRAWN -> throw new InvalidSurveyTokenException(Reason.USED, "the survey was withdrawn");
            case EXPIRED -> throw new InvalidSurveyTokenException(Reason.EXPIRED, "the survey expired unsent");
            default -> {
                return stored;
            }
        }
    }

    /** @return the survey's questions that the answers score, once each, in the answers' order */
    private static List<Question> scoredQuestions(SurveyDefinition survey, List<Answer> answers) {
        List<Question> out = new ArrayList<>(answers.size());
        for (Answer a : answers) {
            if (a.score() != null) {
                survey.find(a.questionId()).filter(q -> !out.contains(q)).ifPresent(out::add);
            }
        }
        return out;
    }

    private SurveyResponse record(TenantId tenant, SurveyTokens.Claims claims, CustomerId customer,
                                  SurveySubmission submission) {
        Invitation inv = answerable(tenant, claims, customer).invitation();
        validate(inv.survey(), submission);
        Instant now = now();
        String text = textOf(submission);
        TextAnalysis analysis = text.isBlank() ? null : analyzer.analyze(text);
        SurveyResponse response = new SurveyResponse(UUID.randomUUID().toString(), inv.id(), inv.tenant(),
            inv.survey().id(), inv.trigger(), inv.ticket(), inv.customer(), inv.agent(), inv.group(), inv.channel(),
            now, submission.answers(), submission.comment(), submission.reason(), analysis);
        List<FeedbackEvent> events = new ArrayList<>(3);
        events.add(new ResponseRecorded(response, scoredQuestions(inv.survey(), submission.answers()), now));
        events.add(new SurveyInvitationAnswered(inv.tenant(), inv.id(), response.id(), inv.ticket(), inv.customer(),
            inv.survey().id(), inv.channel(), now));
        ComplaintDetected complaint = analysis == null || analysis.complaint() == null ? null
            : new ComplaintDetected(inv.tenant(), inv.ticket(), inv.customer(), response.id(), analysis.complaint(),
                now);
        if (complaint != null) {
            events.add(complaint);
        }
        if (!recordWithEvents(response, events)) {
            throw new InvalidSurveyTokenException(Reason.USED, "the survey was already answered");
        }
        events.forEach(this::publish);
        if (complaint != null) {
            escalate(complaint);
        }
        return response;
    }

    /**
     * Reports a complaint found outside a survey (for example in a customer's message): appends it to the event log
     * (once per {@link ComplaintDetected#sourceId()}), tells the listeners and the configured
     * {@link ComplaintEscalation}. Reporting the same source again does nothing.
     *
     * @param complaint the complaint
     * @return whether it was new
     */
    public boolean reportComplaint(ComplaintDetected complaint) {
        Objects.requireNonNull(complaint, "complaint");
        if (!append(List.of(complaint), new IdempotencyKey(complaint.tenant(), "feedback:complaint",
            complaint.sourceId()), A_COMPLAINT)) {
            return false;
        }
        publish(complaint);
        escalate(complaint);
        return true;
    }

    private void escalate(ComplaintDetected complaint) {
        if (escalation != null && complaint.ticket() != null) {
            try {
                escalation.escalate(complaint);
            } catch (RuntimeException e) {
                LOG.warn("complaint from {} on ticket {} could not be escalated ({})", complaint.sourceId(),
                    complaint.ticket(), e.getClass().getName());
            }
        }
    }

    /**
     * @param tenant a tenant
     * @return its responses in the order answered
     */
    public List<SurveyResponse> responses(TenantId tenant) {
        return store.responses(tenant, Instant.MIN, Instant.MAX);
    }

    /**
     * @param tenant a tenant
     * @return one scored response per CSAT/NPS/CES answer of the tenant's responses, for {@link FeedbackStats}
     */
    public List<ScoredResponse> scores(TenantId tenant) {
        List<ScoredResponse> out = new ArrayList<>();
        for (SurveyResponse r : responses(tenant)) {
            store.invitation(tenant, r.invitationId()).ifPresent(s -> out.addAll(r.scores(s.invitation().survey())));
        }
        return out;
    }

    /**
     * Looks an invitation up within one tenant: another tenant's invitation of that id is not found.
     *
     * @param tenant the tenant the invitation belongs to
     * @param invitationId an invitation
     * @return it, if the store holds it for this tenant
     */
    public Optional<Invitation> invitation(TenantId tenant, String invitationId) {
        return store.invitation(Objects.requireNonNull(tenant, "tenant"),
            Objects.requireNonNull(invitationId, "invitationId")).map(StoredInvitation::invitation);
    }

    /**
     * Where an invitation stands, looked up within one tenant as {@link #invitation(TenantId, String)} is.
     *
     * @param tenant the tenant the invitation belongs to
     * @param invitationId an invitation
     * @return where it stands, if the store holds it for this tenant
     */
    public Optional<InvitationState> state(TenantId tenant, String invitationId) {
        return store.invitation(Objects.requireNonNull(tenant, "tenant"),
            Objects.requireNonNull(invitationId, "invitationId")).map(StoredInvitation::state);
    }

    @Override
    public Optional<FeedbackRecord> find(TenantId tenant, String feedbackId) {
        return store.response(tenant, feedbackId).map(Surveys::record);
    }

    @Override
    public List<FeedbackRecord> withTheme(TenantId tenant, String theme, Instant from, Instant to) {
        return store.responses(tenant, from, to).stream()
            .map(Surveys::record).filter(f -> f.themes().contains(theme)).toList();
    }

    private static FeedbackRecord record(SurveyResponse r) {
        return new FeedbackRecord(r.id(), r.tenant(), r.customer(), r.answeredAt(),
            r.analysis() == null ? Set.of() : r.analysis().themes());
    }

    private ScheduleResult schedule(SolvedTicket t, SurveyDefinition survey, SurveyTrigger trigger, Instant dueAt,
                                    boolean followsSolve) {
        Instant due = dueAt.truncatedTo(ChronoUnit.MICROS);
        Instant now = now();
        Invitation inv = invitation(UUID.randomUUID().toString(), t.tenant(), t.customer(), t.ticket(), t.agent(),
            t.group(), t.channel(), t.locale(), survey, trigger, due);
        SurveyStore.ScheduleOutcome o = store.schedule(inv, "ticket:" + t.ticket().value() + "/" + survey.id(),
            policy(t.tenant()).throttle());
        switch (o.admission()) {
            case THROTTLED -> {
                return skippedStep(Status.THROTTLED, t);
            }
            case SCHEDULED -> {
                scheduled(inv, now, kindOf(trigger));
                return new ScheduleResult(Status.SCHEDULED, inv);
            }
            default -> {
                StoredInvitation held = Objects.requireNonNull(o.holder(), "holder");
                if (held.state() != InvitationState.SCHEDULED) {
                    return skippedStep(Status.ALREADY_INVITED, t);
                }
                Invitation before = held.invitation();
                if (followsSolve && before.dueAt().isBefore(due)) {
                    // solved again before the survey went out: due and expiring from the last solve
                    Invitation moved = invitation(before.id(), t.tenant(), t.customer(), t.ticket(), t.agent(),
                        t.group(), t.channel(), t.locale(), before.survey(), before.trigger(), due);
                    if (store.reschedule(moved)) {
                        scheduled(moved, now, kindOf(trigger));
                        return new ScheduleResult(Status.RESCHEDULED, moved);
                    }
                    return skippedStep(Status.ALREADY_INVITED, t);
                }
                // the same solve again (a redelivered event): make sure its event reached the log
                scheduled(before, now, kindOf(trigger));
                return skipped(Status.ALREADY_INVITED, t);
            }
        }
    }

    private Invitation invitation(String id, TenantId tenant, CustomerId customer, @Nullable TicketId ticket,
                                  @Nullable AgentId agent, @Nullable GroupId group, Channel channel, Locale locale,
                                  SurveyDefinition survey, SurveyTrigger trigger, Instant due) {
        Instant expires = due.plus(policy(tenant).tokenLifetime());
        if (keys.signingKeyId().isEmpty()) {
            throw new SurveySigningException("the survey key ring has no active key: configure one (nothing was"
                + " scheduled)");
        }
        String token = tokens.sign(new SurveyTokens.Claims(id, tenant, customer, ticket, expires));
        return new Invitation(id, tenant, customer, ticket, agent, group, channel, survey, trigger, due, expires,
            locale, token);
    }

    /**
     * Appends an invitation's {@link SurveyInvitationScheduled}.
     *
     * @param step the kind of call whose step of the handling under way on this thread, if any, the append is, or
     *     null if it is no step ({@link #append})
     */
    private void scheduled(Invitation inv, Instant now, @Nullable String step) {
        SurveyInvitationScheduled event = SurveyInvitationScheduled.of(inv, now);
        if (append(List.of(event), new IdempotencyKey(inv.tenant(), "feedback:scheduled", inv.id() + "@"
            + inv.dueAt()), step)) {
            publish(event);
            LOG.debug("survey {} scheduled for ticket {} due {}", inv.id(), inv.ticket(), inv.dueAt());
        }
    }

    private void markSent(Invitation inv, Instant now) {
        SurveyInvitationSent event = SurveyInvitationSent.of(inv, now);
        if (markSentWithEvent(inv, now, event)) {
            publish(event);
        }
    }

    /**
     * Marks a SCHEDULED invitation SENT and appends its {@link SurveyInvitationSent} event with its claim as one unit
     * of work of the store, so a crash cannot leave it SENT without the event that delivers it. If the claim is held
     * already (an earlier dispatch appended the event, then its delivery failed and the invitation went back to
     * SCHEDULED), it is marked SENT without a second event.
     *
     * @return whether it was marked SENT by this call
     */
    private boolean markSentWithEvent(Invitation inv, Instant now, SurveyInvitationSent event) {
        EventLog l = log;
        if (l == null) {
            return store.transition(inv.id(), InvitationState.SCHEDULED, InvitationState.SENT, now);
        }
        IdempotencyKey claim = new IdempotencyKey(inv.tenant(), "feedback:sent", inv.id());
        try {
            if (!store.transition(inv.id(), InvitationState.SCHEDULED, InvitationState.SENT, now, l, List.of(event),
                Map.of(claim, claim.key()))) {
                return false;
            }
        } catch (DuplicateRequestException e) {
            LOG.debug("survey invitation {} was handed out before; its event is in the log already", inv.id());
            return store.transition(inv.id(), InvitationState.SCHEDULED, InvitationState.SENT, now);
        }
        if (afterAppend != null) {
            afterAppend.run();
        }
        return true;
    }

    /**
     * Records a response with its events as one unit of work of the store (the answered-once claim, the response,
     * the events and their claim: all or nothing), so a crash cannot leave an answer whose events are lost.
     *
     * @return whether it was recorded; false if the invitation was answered already (nothing written)
     */
    private boolean recordWithEvents(SurveyResponse response, List<FeedbackEvent> events) {
        EventLog l = log;
        if (l == null) {
            return store.recordResponse(response);
        }
        IdempotencyKey claim = new IdempotencyKey(response.tenant(), "feedback:answered", response.invitationId());
        return logged(claim, () -> store.recordResponse(response, l, events, Map.of(claim, claim.key())));
    }

    /**
     * Appends events holding {@code claim}. Made while a desk subscriber handles an event ({@code DeskSurveys}
     * scheduling a solved ticket's survey, or reporting a complaint in a customer's message), the append is a step of
     * that handling and also holds the step's claim ({@link StepClaims}), with the kind of call as its result: {@code
     * claim} ages out after the store's claim retention, but the step claim is kept while the event is unfinished, so a
     * redelivery of a parked or long-retried event, however late, does not append (and escalate) the same events again;
     * and a desk step that a redelivery makes on the step instead is told it was another kind of call. An append made
     * from due work found in the store ({@link #dueInvitations} creating relationship invitations) is no step of the
     * handling the thread may be in ({@link StepClaims}): {@code step} null.
     *
     * @param step the kind of call whose step of the handling under way on this thread, if any, the append is; null
     *     if it is no step
     * @return whether the events were appended (true without a log); false if a claim was already held
     * @throws HandlingStepMismatchException if an earlier delivery of the handling's event made another kind of call
     *     on this step (the events were not appended)
     */
    private boolean append(List<? extends FeedbackEvent> events, IdempotencyKey claim, @Nullable String step) {
        EventLog l = log;
        if (l == null) {
            return true;
        }
        if (step == null) {
            return logged(claim, () -> {
                l.append(events, Map.of(claim, claim.key()));
                return true;
            });
        }
        IdempotencyKey stepClaim = StepClaims.next(claim.tenantId());
        Map<IdempotencyKey, String> claims = stepClaim == null ? Map.of(claim, claim.key())
            : Map.of(claim, claim.key(), stepClaim, StepClaims.resultOf(step));
        boolean appended = logged(claim, () -> {
            try {
                l.append(events, claims);
            } catch (DuplicateRequestException e) {
                if (stepClaim != null && e.scope().equals(stepClaim.scope())) {
                    // the step was made before: by this very call, or by another kind of call (refused)
                    requireOwnStep(stepClaim, e.existingResult(), step, claim);
                }
                throw e;
            }
            return true;
        });
        // appended now, or found appended before: either way the handling's next step claims the next key
        StepClaims.done();
        return appended;
    }

    /**
     * Refuses a call of a subscriber's handling whose step an earlier delivery of its event took with another kind of
     * call, before the call writes anything: the call would land on that call's step claim, lose its own event, and
     * leave every later step of the handling on the number of another call. Nothing outside a handling or without a
     * log.
     *
     * @param tenant the tenant of the call's writes
     * @param kind the kind of call this is
     * @throws HandlingStepMismatchException if the step is taken by another kind of call
     */
    private void requireOwnStep(TenantId tenant, String kind) {
        EventLog l = log;
        if (l == null) {
            return;
        }
        IdempotencyKey stepClaim = StepClaims.next(tenant);
        if (stepClaim != null) {
            Optional<String> held = l.claimed(stepClaim);
            if (held.isPresent()) {
                requireOwnStep(stepClaim, held.get(), kind, null);
            }
        }
    }

    /**
     * @param held the result the step claim holds
     * @param claim the call's own claim, whose key a step claim of an earlier version held as its result, or null
     * @throws HandlingStepMismatchException if {@code held} is not the result of a call of this kind
     */
    private static void requireOwnStep(IdempotencyKey stepClaim, String held, String kind,
                                       @Nullable IdempotencyKey claim) {
        Optional<String> other = StepClaims.notADeskStep(held);
        if (other.isPresent()) {
            if (!other.get().equals(kind)) {
                throw StepClaims.mismatch(stepClaim, kind, other.get());
            }
            return;
        }
        // a step claim of a version that stored the feedback claim's key: an invitation's "<id>@<due>", or a
        // complaint's source; any other unmarked result is a desk step's id
        if ((claim != null && held.equals(claim.key())) || isEarlierScheduling(held) || kind.equals(A_COMPLAINT)) {
            return;
        }
        throw StepClaims.mismatch(stepClaim, kind, "a desk step");
    }

    /** @return whether a step claim's result is what an earlier version stored for a scheduling: {@code <id>@<due>} */
    private static boolean isEarlierScheduling(String held) {
        int at = held.lastIndexOf('@');
        if (at <= 0) {
            return false;
        }
        try {
            Instant.parse(held.substring(at + 1));
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** @return the kind of call, to a {@link HandlingStepMismatchException}, that schedules for {@code trigger} */
    private static String kindOf(SurveyTrigger trigger) {
        return switch (trigger) {
            case ON_SOLVE -> "a post-solve survey";
            case API -> "a survey request";
            case RELATIONSHIP -> "a relationship survey";
        };
    }

    /**
     * Runs a write that appends to the log holding {@code claim}, then {@code afterAppend}.
     *
     * @return whether it wrote; false if it wrote nothing or the claim was already held
     */
    private boolean logged(IdempotencyKey claim, java.util.function.BooleanSupplier write) {
        try {
            if (!write.getAsBoolean()) {
                return false;
            }
        } catch (DuplicateRequestException e) {
            LOG.debug("feedback events already appended ({})", claim);
            return false;
        }
        if (afterAppend != null) {
            afterAppend.run();
        }
        return true;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** Refuses a channel the customer has no address on, when the host said how to know. */
    private void requireReachable(TenantId tenant, CustomerId customer, Channel channel) {
        if (customerChannels == null) {
            return;
        }
        Set<Channel> reachable = customerChannels.reachable(tenant, customer);
        if (!reachable.contains(channel)) {
            throw ValidationException.of("channel", "customer " + customer + " cannot be reached on " + channel
                + (reachable.isEmpty() ? ": they have no channel identity" : "; they can be reached on "
                + reachable.stream().map(Channel::name).sorted().toList()));
        }
    }

    private static ScheduleResult skipped(Status status, SolvedTicket t) {
        LOG.debug("no survey for ticket {}: {}", t.ticket(), status);
        return new ScheduleResult(status, null);
    }

    /** {@link #skipped} on a path that appends nothing: it takes its step all the same ({@link #stepWithoutAppend}). */
    private ScheduleResult skippedStep(Status status, SolvedTicket t) {
        stepWithoutAppend();
        return skipped(status, t);
    }

    /**
     * Counts the step of the handling under way on this thread, if any, that a scheduling call takes whatever it
     * does, on a path that appends nothing: built with a log, {@link #onTicketSolved} and {@link #request} take one
     * step on every path, scheduled or skipped, so a later step of the same handling has the same number on every
     * delivery, whatever the store held each time (an invitation sent in between, a throttle that lifted).
     */
    private void stepWithoutAppend() {
        if (log != null) {
            StepClaims.done();
        }
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
            Optional<Question> q = survey.find(a.questionId());
            if (q.isEmpty()) {
                v.add(new Violation(field + ".questionId", "survey '" + survey.id() + "' has no question '"
                    + a.questionId() + "'"));
                continue;
            }
            if (!seen.add(a.questionId())) {
                v.add(new Violation(field + ".questionId", "question '" + a.questionId() + "' answered twice"));
            }
            Question question = q.get();
            if (question.scored()) {
                if (a.score() == null) {
                    v.add(new Violation(field + ".score", "question '" + question.id() + "' needs a score"));
                } else if (!question.takes(a.score())) {
                    v.add(new Violation(field + ".score", "must be " + question.min() + ".." + question.max()
                        + "; was " + a.score()));
                } else if (firstLow == null) {
                    firstLow = question.isLow(a.score());
                }
            } else {
                if (a.score() != null) {
                    v.add(new Violation(field + ".score", "question '" + question.id()
                        + "' takes a text, not a score"));
                }
                if (a.text() == null || a.text().isBlank()) {
                    v.add(new Violation(field + ".text", "question '" + question.id() + "' needs a text"));
                }
            }
            // any answer may carry text, and all of it is stored and analysed: one limit for every answer
            if (a.text() != null && a.text().length() > MAX_TEXT) {
                v.add(new Violation(field + ".text", "must be at most " + MAX_TEXT + " characters; was "
                    + a.text().length()));
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
                LOG.warn("feedback listener {} failed on {} ({})", l.getClass().getName(),
                    event.getClass().getSimpleName(), e.getClass().getName());
            }
        }
    }

    @Override
    public String toString() {
        return "Surveys[" + store + ", keys=" + keys + "]";
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
        private @Nullable SurveyStore store;
        private @Nullable EventLog log;
        private @Nullable Runnable afterAppend;
        private @Nullable CustomerChannels customerChannels;

        private Builder() {
        }

        /**
         * @param channels which channels each customer can be reached on; with it, {@link Surveys#request(TenantId,
         *     CustomerId, Channel, Locale, SurveyDefinition)} and {@link Surveys#enrollRelationship} refuse a channel
         *     the customer has no address on (with the desk: {@code DeskSurveys.customerChannels(desk)}). Without it
         *     the host vouches for the channel it names. Post-solve surveys go out on the ticket's own channel.
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder customerChannels(CustomerChannels channels) {
            if (this.customerChannels != null) {
                throw new IllegalStateException("customer channels were already set");
            }
            this.customerChannels = Objects.requireNonNull(channels, "channels");
            return this;
        }

        /**
         * @param store where invitations, responses, throttles and enrolments are kept (default: a new
         *     {@link InMemorySurveyStore} on the clock); share one store between the instances of a host
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder store(SurveyStore store) {
            if (this.store != null) {
                throw new IllegalStateException("store was already set");
            }
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * @param log the event log the feedback events are appended to (the desk's: {@code deskStore.eventLog()} of the
         *     store the desk was built on)
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder eventLog(EventLog log) {
            return eventLog(log, () -> { });
        }

        /**
         * @param log the event log the feedback events are appended to
         * @param afterAppend run after each append, for example {@code desk::processEvents} so that a desk with
         *     synchronous delivery hands the events to its subscribers (such as {@code DeskEscalation}) at once
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder eventLog(EventLog log, Runnable afterAppend) {
            if (this.log != null) {
                throw new IllegalStateException("event log was already set");
            }
            this.log = Objects.requireNonNull(log, "log");
            this.afterAppend = Objects.requireNonNull(afterAppend, "afterAppend");
            return this;
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
            relationshipByTenant.put(Objects.requireNonNull(tenant, "tenant"), Objects.requireNonNull(survey,
                "survey"));
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
         * @param escalation where complaints about tickets go, called in process right after the response is stored.
         *     With a desk, subscribe {@code DeskEscalation} to the event log instead (the complaint is in the log);
         *     setting both escalates twice.
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
            if (keys.generatedOnly()) {
                LOG.warn("survey keys were generated in this process: every survey link it sends is refused after a"
                    + " restart and by other instances; configure them with SurveyKeyRing.fromConfiguration");
            }
            return new Surveys(this, clock, keys);
        }
    }
}
