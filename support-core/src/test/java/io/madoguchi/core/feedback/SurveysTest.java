package io.madoguchi.core.feedback;

import static io.madoguchi.core.feedback.SurveyTokenTest.SECRET_1;
import static io.madoguchi.core.feedback.SurveyTokenTest.TENANT;
import static io.madoguchi.core.feedback.SurveyTokenTest.YAMADA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.CustomerId;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.time.MutableClock;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.Violation;
import io.madoguchi.core.feedback.ScheduleResult.Status;
import io.madoguchi.core.feedback.text.ComplaintSignal;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.SupportEvent;
import io.madoguchi.core.internal.StepClaims;
import io.madoguchi.core.store.EventLog;
import io.madoguchi.core.store.IdempotencyKey;
import io.madoguchi.core.store.StoreException;
import io.madoguchi.core.store.memory.InMemoryCheckpointStore;
import io.madoguchi.core.store.memory.InMemoryEventLog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SurveysTest {

    private static final Instant T0 = Instant.parse("2026-04-01T09:00:00Z");

    private final MutableClock clock = MutableClock.startingAt(T0);
    private final List<FeedbackEvent> events = new CopyOnWriteArrayList<>();
    private final List<ComplaintDetected> escalated = new CopyOnWriteArrayList<>();

    private Surveys surveys(SurveyPolicy policy) {
        return Surveys.builder().clock(clock).keys(new SurveyKeyRing().add("k1", SECRET_1)).policy(policy)
            .listener(events::add).complaintEscalation(escalated::add).build();
    }

    private static SolvedTicket ticket(String id, CustomerId customer, Channel channel, Instant solvedAt,
                                       TicketMark... marks) {
        return new SolvedTicket(TENANT, TicketId.of(id), customer, AgentId.of("sato"), null, channel, solvedAt,
            Locale.JAPANESE, Set.of(marks));
    }

    @Test
    void postSolveSurveysAreDueAfterTheChannelsDelay() {
        Surveys s = surveys(SurveyPolicy.builder().throttle(Duration.ZERO)
            .delay(Channel.EMAIL, Duration.ofHours(2)).delay(Channel.WEB_CHAT, Duration.ofMinutes(10)).build());
        Invitation mail = s.onTicketSolved(ticket("T-1", YAMADA, Channel.EMAIL, T0)).scheduled().orElseThrow();
        Invitation chat = s.onTicketSolved(ticket("T-2", CustomerId.of("tanaka"), Channel.WEB_CHAT, T0)).scheduled()
            .orElseThrow();
        Invitation line = s.onTicketSolved(ticket("T-3", CustomerId.of("kato"), Channel.LINE, T0)).scheduled()
            .orElseThrow();
        assertThat(mail.dueAt()).isEqualTo(T0.plus(Duration.ofHours(2)));
        assertThat(chat.dueAt()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
        assertThat(line.dueAt()).isEqualTo(T0.plus(Duration.ofHours(1)));

        assertThat(s.dueInvitations(T0.plus(Duration.ofMinutes(9)))).isEmpty();
        assertThat(s.dueInvitations(T0.plus(Duration.ofMinutes(10)))).containsExactly(chat);
        assertThat(s.dueInvitations(T0.plus(Duration.ofHours(2)))).containsExactly(chat, line, mail);

        clock.advance(Duration.ofHours(1));
        List<Invitation> delivered = new ArrayList<>();
        assertThat(s.dispatchDue(delivered::add)).isEqualTo(2);
        assertThat(delivered).containsExactly(chat, line);
        assertThat(s.dueInvitations(clock.instant())).isEmpty();
        assertThat(mail.survey().questions().get(0).prompt().in(mail.locale()))
            .isEqualTo("今回のサポートにはどの程度満足されましたか？");
    }

    @Test
    void aFailedDeliveryStaysDue() {
        Surveys s = surveys(SurveyPolicy.builder().defaultDelay(Duration.ZERO).build());
        Invitation inv = s.onTicketSolved(ticket("T-1", YAMADA, Channel.SMS, T0)).scheduled().orElseThrow();
        assertThat(s.dispatchDue(i -> {
            throw new IllegalStateException("gateway down");
        })).isZero();
        assertThat(s.dueInvitations(clock.instant())).containsExactly(inv);
    }

    @Test
    void anotherTenantCannotReadOrMarkAnInvitationById() {
        TenantId other = TenantId.of("globex");
        Surveys s = surveys(SurveyPolicy.builder().defaultDelay(Duration.ZERO).build());
        Invitation inv = s.onTicketSolved(ticket("T-1", YAMADA, Channel.EMAIL, T0)).scheduled().orElseThrow();

        assertThat(s.invitation(other, inv.id())).isEmpty();
        assertThat(s.state(other, inv.id())).isEmpty();
        assertThatThrownBy(() -> s.markSent(other, inv.id())).isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.getMessage()).contains("invitationId"));
        assertThat(s.state(TENANT, inv.id())).as("unchanged").contains(InvitationState.SCHEDULED);
        assertThat(s.invitation(TENANT, inv.id())).contains(inv);
    }

    @Test
    void noCustomerIsAskedMoreOftenThanTheThrottleAllows() {
        Surveys s = surveys(SurveyPolicy.builder().defaultDelay(Duration.ZERO).throttle(Duration.ofDays(30)).build());
        assertThat(s.onTicketSolved(ticket("T-1", YAMADA, Channel.EMAIL, clock.instant())).status())
            .isEqualTo(Status.SCHEDULED);
        clock.advance(Duration.ofDays(10));
        assertThat(s.onTicketSolved(ticket("T-2", YAMADA, Channel.EMAIL, clock.instant())).status())
            .isEqualTo(Status.THROTTLED);
        assertThat(s.onTicketSolved(ticket("T-3", CustomerId.of("tanaka"), Channel.EMAIL, clock.instant())).status())
            .isEqualTo(Status.SCHEDULED);
        clock.advance(Duration.ofDays(20).minusSeconds(1));
        assertThat(s.onTicketSolved(ticket("T-4", YAMADA, Channel.EMAIL, clock.instant())).status())
            .isEqualTo(Status.THROTTLED);
        clock.advance(Duration.ofSeconds(1));
        assertThat(s.onTicketSolved(ticket("T-5", YAMADA, Channel.EMAIL, clock.instant())).status())
            .isEqualTo(Status.SCHEDULED);
        assertThat(s.request(ticket("T-6", YAMADA, Channel.EMAIL, clock.instant()), SurveyDefinition.defaultCsat())
            .status())
            .isEqualTo(Status.THROTTLED);
    }

    @ParameterizedTest(name = "{0} with complaints suppressed={1} -> {2}")
    @CsvSource({"MERGED,false,SUPPRESSED_MERGED", "SPAM,false,SUPPRESSED_SPAM", "COMPLAINT,true,SUPPRESSED_COMPLAINT",
        "COMPLAINT,false,SCHEDULED"})
    void suppressionRules(TicketMark mark, boolean suppressComplaints, Status expected) {
        Surveys s = surveys(SurveyPolicy.builder().suppress(true, true, suppressComplaints).build());
        assertThat(s.onTicketSolved(ticket("T-1", YAMADA, Channel.EMAIL, T0, mark)).status()).isEqualTo(expected);
    }

    @Test
    void disabledChannelsAndRepeatedSolvesGetNoSecondSurvey() {
        Surveys s = surveys(SurveyPolicy.builder().disable(Channel.PHONE).throttle(Duration.ZERO).build());
        assertThat(s.onTicketSolved(ticket("T-1", YAMADA, Channel.PHONE, T0)).status())
            .isEqualTo(Status.CHANNEL_DISABLED);
        assertThat(s.onTicketSolved(ticket("T-2", YAMADA, Channel.EMAIL, T0)).status()).isEqualTo(Status.SCHEDULED);
        assertThat(s.onTicketSolved(ticket("T-2", YAMADA, Channel.EMAIL, T0)).status())
            .isEqualTo(Status.ALREADY_INVITED);
        // solved again before the survey went out: still one invitation, now due from the last solve
        assertThat(s.onTicketSolved(ticket("T-2", YAMADA, Channel.EMAIL, T0.plusSeconds(60))).status())
            .isEqualTo(Status.RESCHEDULED);
        clock.advance(Duration.ofDays(1));
        assertThat(s.dispatchDue(i -> { })).isEqualTo(1);
        assertThat(s.onTicketSolved(ticket("T-2", YAMADA, Channel.EMAIL, clock.instant())).status())
            .isEqualTo(Status.ALREADY_INVITED);
        assertThat(s.dueInvitations(clock.instant().plus(Duration.ofDays(1)))).isEmpty();
    }

    @Test
    void withdrawnInvitationsAreNeitherSentNorAccepted() {
        Surveys s = surveys(SurveyPolicy.builder().defaultDelay(Duration.ofHours(1)).build());
        Invitation inv = s.onTicketSolved(ticket("T-1", YAMADA, Channel.EMAIL, T0)).scheduled().orElseThrow();
        assertThat(s.withdraw(TENANT, TicketId.of("T-1"))).isEqualTo(1);
        assertThat(s.withdraw(TENANT, TicketId.of("T-2"))).isZero();
        assertThat(s.dueInvitations(T0.plus(Duration.ofDays(1)))).isEmpty();
        assertThatThrownBy(() -> s.submit(TENANT, inv.token(), YAMADA, SurveySubmission.of("csat", 5)))
            .isInstanceOfSatisfying(InvalidSurveyTokenException.class,
                e -> assertThat(e.reason()).isEqualTo(InvalidSurveyTokenException.Reason.USED));
        assertThat(s.responses(TENANT)).isEmpty();
        // the withdrawn invitation was never sent, so it does not throttle the customer's next survey
        assertThat(s.onTicketSolved(ticket("T-3", YAMADA, Channel.EMAIL, T0.plusSeconds(60))).status())
            .isEqualTo(Status.SCHEDULED);
        assertThat(s.onTicketSolved(ticket("T-4", YAMADA, Channel.EMAIL, T0.plusSeconds(120))).status())
            .isEqualTo(Status.THROTTLED);
    }

    @Test
    void surveysAboutNoTicketCanBeRequestedByApi() {
        Surveys s = surveys(SurveyPolicy.builder().throttle(Duration.ofDays(30)).build());
        ScheduleResult r = s.request(TENANT, YAMADA, Channel.LINE, Locale.JAPANESE, SurveyDefinition.defaultNps());
        assertThat(r.status()).isEqualTo(Status.SCHEDULED);
        Invitation inv = r.scheduled().orElseThrow();
        assertThat(inv.trigger()).isEqualTo(SurveyTrigger.API);
        assertThat(inv.ticket()).isNull();
        assertThat(s.dueInvitations(clock.instant())).containsExactly(inv);
        assertThat(s.request(TENANT, YAMADA, Channel.LINE, Locale.JAPANESE, SurveyDefinition.defaultNps()).status())
            .isEqualTo(Status.THROTTLED);
        assertThat(s.submit(TENANT, inv.token(), YAMADA, SurveySubmission.of("nps", 10)).trigger())
            .isEqualTo(SurveyTrigger.API);
    }

    @Test
    void aSurveyRequestedAgainUnderItsKeyIsTheFirstInvitationAndInvitesNoSecondTime() {
        Surveys s = surveys(SurveyPolicy.builder().throttle(Duration.ZERO).build());
        Invitation first = s.request(TENANT, YAMADA, Channel.LINE, Locale.JAPANESE, SurveyDefinition.defaultNps(),
            "campaign-2026-12/yamada").invitation();
        clock.advance(Duration.ofMinutes(5));

        ScheduleResult again = s.request(TENANT, YAMADA, Channel.LINE, Locale.JAPANESE, SurveyDefinition.defaultNps(),
            "campaign-2026-12/yamada");

        assertThat(again.status()).isEqualTo(Status.SCHEDULED);
        assertThat(again.invitation()).isEqualTo(first);
        assertThat(s.dueInvitations(clock.instant())).containsExactly(first);
        assertThat(events).filteredOn(SurveyInvitationScheduled.class::isInstance).hasSize(1);
        // sent and answered meanwhile: a repeat still gets it, and still makes no other
        assertThat(s.dispatchDue(invitation -> { })).isEqualTo(1);
        s.submit(TENANT, first.token(), YAMADA, SurveySubmission.of("nps", 9));
        assertThat(s.request(TENANT, YAMADA, Channel.LINE, Locale.JAPANESE, SurveyDefinition.defaultNps(),
            "campaign-2026-12/yamada").invitation()).isEqualTo(first);
        assertThat(s.dueInvitations(clock.instant())).isEmpty();
    }

    @Test
    void aSurveyKeyIsEachTenantsOwnAndEachKeyInvitesOnce() {
        Surveys s = surveys(SurveyPolicy.builder().throttle(Duration.ZERO).build());
        TenantId other = TenantId.of("other-shop");
        Invitation mine = s.request(TENANT, YAMADA, Channel.LINE, Locale.JAPANESE, SurveyDefinition.defaultNps(),
            "key-1").invitation();
        Invitation theirs = s.request(other, YAMADA, Channel.LINE, Locale.JAPANESE, SurveyDefinition.defaultNps(),
            "key-1").invitation();
        Invitation second = s.request(TENANT, YAMADA, Channel.LINE, Locale.JAPANESE, SurveyDefinition.defaultNps(),
            "key-2").invitation();
        assertThat(List.of(mine.id(), theirs.id(), second.id())).doesNotHaveDuplicates();
        assertThat(s.dueInvitations(clock.instant())).hasSize(3);
    }

    @Test
    void aSurveyKeyReusedWithAnotherRequestIsRefusedNamingWhatDiffersButNotTheKey() {
        Surveys s = surveys(SurveyPolicy.builder().throttle(Duration.ZERO).build());
        Invitation first = s.request(TENANT, YAMADA, Channel.LINE, Locale.JAPANESE, SurveyDefinition.defaultNps(),
            "yamada@example.jp").invitation();

        assertThatThrownBy(() -> s.request(TENANT, CustomerId.of("tanaka"), Channel.EMAIL, Locale.JAPANESE,
            SurveyDefinition.defaultNps(), "yamada@example.jp"))
            .isInstanceOfSatisfying(SurveyRequestKeyReusedException.class, e -> {
                assertThat(e.fields()).containsExactly("customer", "channel");
                assertThat(e.invitationId()).isEqualTo(first.id());
            })
            .isInstanceOf(io.madoguchi.core.ConflictException.class)
            .hasMessageNotContaining("yamada@example.jp").hasMessageNotContaining("tanaka");
        assertThatThrownBy(() -> s.request(TENANT, YAMADA, Channel.LINE, Locale.ENGLISH,
            SurveyDefinition.defaultCsat(), "yamada@example.jp"))
            .isInstanceOfSatisfying(SurveyRequestKeyReusedException.class,
                e -> assertThat(e.fields()).containsExactly("locale", "survey"));
        assertThat(s.dueInvitations(clock.instant())).containsExactly(first);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "鍵\u0007"})
    void aSurveyKeyThatIsBlankOrHasControlCharactersIsRefusedNamingTheField(String k) {
        Surveys s = surveys(SurveyPolicy.defaults());
        assertThatThrownBy(() -> s.request(TENANT, YAMADA, Channel.LINE, Locale.JAPANESE,
            SurveyDefinition.defaultNps(), k))
            .isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.violations()).extracting(Violation::field).containsExactly("idempotencyKey"));
        assertThatThrownBy(() -> s.request(TENANT, YAMADA, Channel.LINE, Locale.JAPANESE,
            SurveyDefinition.defaultNps(), "x".repeat(Surveys.MAX_KEY + 1)))
            .isInstanceOf(ValidationException.class).hasMessageContaining("idempotencyKey");
        assertThat(s.dueInvitations(clock.instant())).isEmpty();
    }

    @Test
    void aSurveyRequestedWithoutAKeyOutsideAHandlingInvitesOnEveryCall() {
        // the documented non-idempotent call: no handling, no key, no throttle
        Surveys s = surveys(SurveyPolicy.builder().throttle(Duration.ZERO).build());
        s.request(TENANT, YAMADA, Channel.LINE, Locale.JAPANESE, SurveyDefinition.defaultNps());
        s.request(TENANT, YAMADA, Channel.LINE, Locale.JAPANESE, SurveyDefinition.defaultNps());
        assertThat(s.dueInvitations(clock.instant())).hasSize(2);
    }

    @Test
    void relationshipNpsComesDueEveryInterval() {
        Surveys s = surveys(SurveyPolicy.builder().relationshipInterval(Duration.ofDays(90))
            .throttle(Duration.ofDays(7)).build());
        s.enrollRelationship(TENANT, YAMADA, Channel.EMAIL, Locale.ENGLISH);
        List<Invitation> first = s.dueInvitations(clock.instant());
        assertThat(first).singleElement().satisfies(i -> {
            assertThat(i.trigger()).isEqualTo(SurveyTrigger.RELATIONSHIP);
            assertThat(i.ticket()).isNull();
            assertThat(i.survey().questions().get(0).kind()).isEqualTo(QuestionKind.NPS);
            assertThat(i.survey().questions().get(0).prompt().in(i.locale()))
                .isEqualTo("How likely are you to recommend us to a friend or colleague?");
        });
        s.markSent(first.get(0).tenant(), first.get(0).id());
        clock.advance(Duration.ofDays(89));
        assertThat(s.dueInvitations(clock.instant())).isEmpty();
        // a post-solve survey on day 89 pushes the relationship survey back by the throttle
        s.onTicketSolved(ticket("T-1", YAMADA, Channel.EMAIL, clock.instant().minus(Duration.ofHours(1))))
            .scheduled().ifPresent(i -> s.markSent(i.tenant(), i.id()));
        clock.advance(Duration.ofDays(1));
        assertThat(s.dueInvitations(clock.instant())).isEmpty();
        clock.advance(Duration.ofDays(6));
        assertThat(s.dueInvitations(clock.instant())).singleElement()
            .satisfies(i -> assertThat(i.trigger()).isEqualTo(SurveyTrigger.RELATIONSHIP));
        SurveyResponse r = s.submit(TENANT, s.dueInvitations(clock.instant()).get(0).token(), YAMADA,
            SurveySubmission.of("nps", 9));
        assertThat(s.scores(TENANT)).singleElement().satisfies(x -> assertThat(x.kind()).isEqualTo(QuestionKind.NPS));
        assertThat(r.ticket()).isNull();
    }

    @Test
    void badAnswersAreRejectedWithFieldsAndTheTokenStaysUsable() {
        SurveyDefinition multi = new SurveyDefinition("post-solve",
            List.of(Question.csat(10), Question.ces(), Question.text("improve", new LocalizedText("改善点は？",
                "What could we improve?"))),
            ReasonOption.defaults(), true, SurveyDefinition.REASON_PROMPT);
        Surveys s = Surveys.builder().clock(clock).keys(new SurveyKeyRing().add("k1", SECRET_1))
            .policy(SurveyPolicy.builder().defaultDelay(Duration.ZERO).build()).csatSurvey(TENANT, multi).build();
        Invitation inv = s.onTicketSolved(ticket("T-1", YAMADA, Channel.EMAIL, T0)).scheduled().orElseThrow();
        assertThat(inv.survey()).isEqualTo(multi);

        SurveySubmission bad = new SurveySubmission(List.of(Answer.score("csat", 11), Answer.score("nope", 1),
            Answer.text("improve", " ")), null, "made_up");
        assertThatThrownBy(() -> s.submit(TENANT, inv.token(), YAMADA, bad))
            .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                .extracting(Violation::field)
                .contains("answers[0].score", "answers[1].questionId", "answers[2].text", "answers", "reason"));
        SurveySubmission lowWithoutReason = new SurveySubmission(List.of(Answer.score("csat", 3),
            Answer.score("ces", 2)), null, null);
        assertThatThrownBy(() -> s.submit(TENANT, inv.token(), YAMADA, lowWithoutReason))
            .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                .extracting(Violation::field)
                .containsExactly("reason"));
        assertThat(s.responses(TENANT)).isEmpty();

        SurveyResponse r = s.submit(TENANT, inv.token(), YAMADA, new SurveySubmission(List.of(Answer.score("csat", 3),
            Answer.score("ces", 2), Answer.text("improve", "返金手続きをもっと早くしてほしい")), "対応は丁寧でした", "slow_response"));
        assertThat(r.reason()).isEqualTo("slow_response");
        assertThat(r.analysis()).isNotNull();
        assertThat(r.analysis().themes()).contains("refund", "support-quality");
        assertThat(s.scores(TENANT)).extracting(ScoredResponse::kind, ScoredResponse::score, ScoredResponse::scaleMax)
            .containsExactly(org.assertj.core.groups.Tuple.tuple(QuestionKind.CSAT, 3, 10),
                org.assertj.core.groups.Tuple.tuple(QuestionKind.CES, 2, 7));
        assertThat(FeedbackStats.csat(s.scores(TENANT)).satisfiedPercent()).isEqualTo(0.0);
    }

    @Test
    void aRecordedResponseCarriesTheScoredQuestionsItAnswersAsTheSurveyDefinedThem() {
        SurveyDefinition multi = new SurveyDefinition("post-solve",
            List.of(Question.csat(10), new Question("ces", QuestionKind.CES, 1, 7, Question.CES_PROMPT, false),
                Question.text("improve", new LocalizedText("改善点は？", "What could we improve?"))),
            ReasonOption.defaults(), true, SurveyDefinition.REASON_PROMPT);
        Surveys s = Surveys.builder().clock(clock).keys(new SurveyKeyRing().add("k1", SECRET_1))
            .policy(SurveyPolicy.builder().defaultDelay(Duration.ZERO).build()).csatSurvey(TENANT, multi)
            .listener(events::add).build();
        Invitation inv = s.onTicketSolved(ticket("T-1", YAMADA, Channel.EMAIL, T0)).scheduled().orElseThrow();
        s.submit(TENANT, inv.token(), YAMADA, new SurveySubmission(List.of(Answer.score("csat", 9),
            Answer.text("improve", "特にありません")), null, null));

        // the event alone tells a reader that 9 is on a 1..10 scale; the unanswered CES and the text are left out
        assertThat(events).filteredOn(e -> e instanceof ResponseRecorded).singleElement()
            .satisfies(e -> assertThat(((ResponseRecorded) e).questions()).containsExactly(Question.csat(10)));
    }

    @Test
    void complaintsInCommentsAreAnnouncedAndEscalated() {
        Surveys s = surveys(SurveyPolicy.builder().defaultDelay(Duration.ZERO).throttle(Duration.ZERO).build());
        Invitation angry = s.onTicketSolved(ticket("T-1", YAMADA, Channel.EMAIL, T0)).scheduled().orElseThrow();
        Invitation calm = s.onTicketSolved(ticket("T-2", CustomerId.of("tanaka"), Channel.EMAIL, T0)).scheduled()
            .orElseThrow();
        s.submit(TENANT, calm.token(), CustomerId.of("tanaka"), SurveySubmission.of("csat", 4).withComment("丁寧な対応でした"));
        s.submit(TENANT, angry.token(), YAMADA,
            SurveySubmission.of("csat", 1).withComment("対応が最悪です。二度と利用しません。責任者を出してください。"));
        assertThat(escalated).singleElement().satisfies(c -> {
            assertThat(c.ticket()).isEqualTo(TicketId.of("T-1"));
            assertThat(c.signal().cues()).contains("二度と", "責任者");
        });
        assertThat(events).filteredOn(e -> e instanceof ResponseRecorded).hasSize(2);
        assertThat(events).filteredOn(e -> e instanceof ComplaintDetected).hasSize(1);
    }

    @Test
    void tenantsGetTheirOwnTexts() {
        TenantId other = TenantId.of("globex");
        SurveyDefinition custom = SurveyDefinition.of("csat", new Question("csat", QuestionKind.CSAT, 1, 5,
            new LocalizedText("本日の対応はいかがでしたか？", "How did we do today?"), true));
        Surveys s = Surveys.builder().clock(clock).keys(new SurveyKeyRing().add("k1", SECRET_1))
            .csatSurvey(other, custom).build();
        assertThat(s.csatSurvey(other).questions().get(0).prompt().in(Locale.JAPAN)).isEqualTo("本日の対応はいかがでしたか？");
        assertThat(s.csatSurvey(TENANT).questions().get(0).prompt().in(Locale.ENGLISH))
            .isEqualTo("How satisfied were you with the support you received?");
    }

    @Test
    void builderRefusesMissingOrRepeatedSettings() {
        assertThatThrownBy(() -> Surveys.builder().keys(new SurveyKeyRing().add("k1", SECRET_1)).build())
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("clock");
        assertThatThrownBy(() -> Surveys.builder().clock(clock).keys(new SurveyKeyRing()).build())
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("key");
        assertThatThrownBy(() -> Surveys.builder().clock(clock).clock(clock)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> SurveyPolicy.builder().throttle(Duration.ofDays(-1)).build())
            .isInstanceOf(ValidationException.class).hasMessageContaining("policy.throttle");
        assertThatThrownBy(() -> Question.csat(11)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> SurveyDefinition.of("dup", Question.csat(), Question.csat()))
            .isInstanceOf(ValidationException.class).hasMessageContaining("duplicate");
    }

    @Test
    void aSurveyThatCannotBeSignedLeavesTheTicketToBeInvitedOnceAKeyIsConfigured() {
        SurveyKeyRing ring = new SurveyKeyRing().add("k1", SECRET_1);
        Surveys s = Surveys.builder().clock(clock).keys(ring)
            .policy(SurveyPolicy.builder().defaultDelay(Duration.ZERO).build()).build();
        ring.retire("k1");
        assertThatThrownBy(() -> s.onTicketSolved(ticket("T-1", YAMADA, Channel.EMAIL, T0)))
            .isInstanceOf(SurveySigningException.class).hasMessageContaining("no active key");
        assertThat(s.dueInvitations(T0)).isEmpty();

        ring.add("k2", SurveyTokenTest.SECRET_2);
        ScheduleResult retried = s.onTicketSolved(ticket("T-1", YAMADA, Channel.EMAIL, T0));
        assertThat(retried.status()).isEqualTo(Status.SCHEDULED);
        assertThat(s.dueInvitations(T0)).containsExactly(retried.invitation());
    }

    @Test
    void anInvitationThatExpiresUnsentIsNoLongerDueAndItsLinkIsRefused() {
        Surveys s = surveys(SurveyPolicy.builder().defaultDelay(Duration.ZERO).tokenLifetime(Duration.ofDays(1))
            .build());
        Invitation inv = s.onTicketSolved(ticket("T-1", YAMADA, Channel.SMS, T0)).scheduled().orElseThrow();
        assertThat(s.dispatchDue(i -> {
            throw new IllegalStateException("SMS gateway down");
        })).isZero();
        assertThat(s.dueInvitations(T0.plus(Duration.ofHours(23)))).containsExactly(inv);

        clock.advance(Duration.ofDays(1));
        assertThat(s.dueInvitations(clock.instant())).isEmpty();
        assertThat(s.state(inv.tenant(), inv.id())).contains(InvitationState.EXPIRED);
        List<Invitation> delivered = new ArrayList<>();
        assertThat(s.dispatchDue(delivered::add)).isZero();
        assertThat(delivered).isEmpty();
        assertThat(s.dueInvitations(clock.instant().plus(Duration.ofDays(30)))).isEmpty();
    }

    @Test
    void aTicketSolvedAgainBeforeItsSurveyWentOutIsSurveyedFromTheLastSolve() {
        Surveys s = surveys(SurveyPolicy.builder().delay(Channel.EMAIL, Duration.ofDays(1))
            .tokenLifetime(Duration.ofDays(14)).build());
        Invitation first = s.onTicketSolved(ticket("T-1", YAMADA, Channel.EMAIL, T0)).scheduled().orElseThrow();
        Instant resolved = T0.plus(Duration.ofHours(20));
        ScheduleResult again = s.onTicketSolved(ticket("T-1", YAMADA, Channel.EMAIL, resolved));

        assertThat(again.status()).isEqualTo(Status.RESCHEDULED);
        Invitation moved = again.scheduled().orElseThrow();
        assertThat(moved.id()).isEqualTo(first.id());
        assertThat(moved.dueAt()).isEqualTo(resolved.plus(Duration.ofDays(1)));
        assertThat(moved.expiresAt()).isEqualTo(resolved.plus(Duration.ofDays(15)));
        assertThat(s.dueInvitations(T0.plus(Duration.ofDays(1)))).isEmpty();
        assertThat(s.dueInvitations(resolved.plus(Duration.ofDays(1)))).containsExactly(moved);
        // the link sent is valid until 14 days after the due time of the last solve
        clock.set(resolved.plus(Duration.ofDays(15)).minusSeconds(1));
        assertThat(s.submit(TENANT, moved.token(), YAMADA, SurveySubmission.of("csat", 4)).invitationId())
            .isEqualTo(first.id());
    }

    @Test
    void feedbackEventsGoToTheEventLogOnceEach() {
        var checkpoints = new InMemoryCheckpointStore();
        var log = new InMemoryEventLog(checkpoints, clock);
        Surveys s = Surveys.builder().clock(clock).keys(new SurveyKeyRing().add("k1", SECRET_1)).eventLog(log)
            .policy(SurveyPolicy.builder().defaultDelay(Duration.ZERO).build()).build();
        SolvedTicket solved = ticket("T-1", YAMADA, Channel.EMAIL, T0);
        Invitation inv = s.onTicketSolved(solved).scheduled().orElseThrow();
        assertThat(s.onTicketSolved(solved).status()).isEqualTo(Status.ALREADY_INVITED);
        assertThat(s.dispatchDue(i -> { })).isEqualTo(1);
        s.submit(TENANT, inv.token(), SurveySubmission.of("csat", 1)
            .withComment("対応が最悪です。二度と利用しません。責任者を出してください。"));

        assertThat(log.read(0, 100)).extracting(e -> e.event().getClass().getSimpleName()).containsExactly(
            "SurveyInvitationScheduled", "SurveyInvitationSent", "ResponseRecorded", "SurveyInvitationAnswered",
            "ComplaintDetected");
        assertThat(log.read(0, 100)).allSatisfy(e -> {
            assertThat(e.event().streamKey()).isEqualTo("ticket:T-1");
            assertThat(e.event().toString()).doesNotContain(inv.token()).doesNotContain("最悪");
        });
    }

    /** An event log whose appends fail with what {@link #failure} holds, before anything is appended. */
    private static final class FailingLog implements EventLog {
        private final EventLog log;
        private final AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();

        FailingLog(EventLog log) {
            this.log = log;
        }

        @Override
        public long append(List<? extends SupportEvent> events, Map<IdempotencyKey, String> claims) {
            Throwable t = failure.get();
            if (t instanceof Error e) {
                throw e;
            }
            if (t instanceof RuntimeException e) {
                throw e;
            }
            return log.append(events, claims);
        }

        @Override
        public List<EventEnvelope> read(long after, int max) {
            return log.read(after, max);
        }

        @Override
        public long head() {
            return log.head();
        }

        @Override
        public long oldest() {
            return log.oldest();
        }

        @Override
        public Optional<String> claimed(IdempotencyKey key) {
            return log.claimed(key);
        }
    }

    /** The process dying at the point it is thrown: nothing in the process handles it. */
    private static final class Crash extends Error {
        private static final long serialVersionUID = 1L;

        Crash() {
            super("ホストのプロセスがここで落ちた");
        }
    }

    @Test
    void aResponseWhoseEventsCannotBeLoggedIsNotKeptAndItsLinkStaysUsable() {
        var log = new InMemoryEventLog(new InMemoryCheckpointStore(), clock);
        FailingLog flaky = new FailingLog(log);
        Surveys s = Surveys.builder().clock(clock).keys(new SurveyKeyRing().add("k1", SECRET_1)).eventLog(flaky)
            .policy(SurveyPolicy.builder().defaultDelay(Duration.ZERO).build()).build();
        Invitation inv = s.onTicketSolved(ticket("T-1", YAMADA, Channel.EMAIL, T0)).scheduled().orElseThrow();
        s.dispatchDue(i -> { });

        flaky.failure.set(new StoreException("database unavailable", true));
        assertThatThrownBy(() -> s.submit(TENANT, inv.token(), SurveySubmission.of("csat", 4)))
            .isInstanceOf(StoreException.class);
        assertThat(s.responses(TENANT)).isEmpty();
        assertThat(s.state(inv.tenant(), inv.id())).contains(InvitationState.SENT);

        flaky.failure.set(null);
        SurveyResponse r = s.submit(TENANT, inv.token(), SurveySubmission.of("csat", 4));
        assertThat(s.responses(TENANT)).containsExactly(r);
        assertThat(log.read(0, 100)).filteredOn(e -> e.event() instanceof ResponseRecorded).hasSize(1);
    }

    @Test
    void aCrashBetweenTheAnswerAndItsEventsLosesNoEventAndTheAnswerIsAcceptedOnce() {
        var log = new InMemoryEventLog(new InMemoryCheckpointStore(), clock);
        SurveyStore store = SurveyStore.inMemory(clock);
        SurveyKeyRing keys = new SurveyKeyRing().add("k1", SECRET_1);
        SurveyPolicy policy = SurveyPolicy.builder().defaultDelay(Duration.ZERO).build();
        FailingLog dying = new FailingLog(log);
        Surveys before = Surveys.builder().clock(clock).keys(keys).store(store).eventLog(dying).policy(policy).build();
        Invitation inv = before.onTicketSolved(ticket("T-1", YAMADA, Channel.EMAIL, T0)).scheduled().orElseThrow();
        before.dispatchDue(i -> { });

        // the host dies as the answer's events are about to be appended
        dying.failure.set(new Crash());
        assertThatThrownBy(() -> before.submit(TENANT, inv.token(), SurveySubmission.of("csat", 5)
            .withComment("丁寧に対応していただきました"))).isInstanceOf(Crash.class);

        // restarted on the same stores, the customer sends the form again
        Surveys after = Surveys.builder().clock(clock).keys(keys).store(store).eventLog(log).policy(policy).build();
        SurveyResponse accepted = after.submit(TENANT, inv.token(), SurveySubmission.of("csat", 5)
            .withComment("丁寧に対応していただきました"));
        assertThatThrownBy(() -> after.submit(TENANT, inv.token(), SurveySubmission.of("csat", 1)))
            .isInstanceOfSatisfying(InvalidSurveyTokenException.class,
                e -> assertThat(e.reason()).isEqualTo(InvalidSurveyTokenException.Reason.USED));

        assertThat(after.responses(TENANT)).containsExactly(accepted);
        assertThat(log.read(0, 100)).filteredOn(e -> e.event() instanceof ResponseRecorded)
            .extracting(e -> ((ResponseRecorded) e.event()).response().id()).containsExactly(accepted.id());
        assertThat(log.read(0, 100)).filteredOn(e -> e.event() instanceof SurveyInvitationAnswered).hasSize(1);
    }

    @Test
    void aCrashBetweenMarkingSentAndItsEventLeavesTheSurveyDueAndItIsSentOnce() {
        var log = new InMemoryEventLog(new InMemoryCheckpointStore(), clock);
        SurveyStore store = SurveyStore.inMemory(clock);
        SurveyKeyRing keys = new SurveyKeyRing().add("k1", SECRET_1);
        SurveyPolicy policy = SurveyPolicy.builder().defaultDelay(Duration.ZERO).build();
        FailingLog dying = new FailingLog(log);
        Surveys before = Surveys.builder().clock(clock).keys(keys).store(store).eventLog(dying).policy(policy).build();
        Invitation inv = before.onTicketSolved(ticket("T-1", YAMADA, Channel.LINE, T0)).scheduled().orElseThrow();
        List<Invitation> delivered = new ArrayList<>();

        // the host dies as the invitation's SurveyInvitationSent event is appended
        dying.failure.set(new Crash());
        assertThatThrownBy(() -> before.dispatchDue(delivered::add)).isInstanceOf(Crash.class);

        // restarted on the same stores: the invitation is still due, and goes out once with its event
        Surveys after = Surveys.builder().clock(clock).keys(keys).store(store).eventLog(log).policy(policy).build();
        assertThat(after.dispatchDue(delivered::add)).isEqualTo(1);
        assertThat(after.dispatchDue(delivered::add)).isZero();
        assertThat(delivered).containsExactly(inv);
        assertThat(after.state(inv.tenant(), inv.id())).contains(InvitationState.SENT);
        assertThat(log.read(0, 100)).filteredOn(e -> e.event() instanceof SurveyInvitationSent)
            .extracting(e -> ((SurveyInvitationSent) e.event()).invitationId()).containsExactly(inv.id());
    }

    @Test
    void aDeliveryThatFailsIsRetriedWithoutASecondSentEvent() {
        var log = new InMemoryEventLog(new InMemoryCheckpointStore(), clock);
        Surveys s = Surveys.builder().clock(clock).keys(new SurveyKeyRing().add("k1", SECRET_1)).eventLog(log)
            .policy(SurveyPolicy.builder().defaultDelay(Duration.ZERO).build()).build();
        Invitation inv = s.onTicketSolved(ticket("T-1", YAMADA, Channel.SMS, T0)).scheduled().orElseThrow();
        assertThat(s.dispatchDue(i -> {
            throw new IllegalStateException("SMSゲートウェイが応答しません");
        })).isZero();
        assertThat(s.dueInvitations(clock.instant())).containsExactly(inv);

        List<Invitation> delivered = new ArrayList<>();
        assertThat(s.dispatchDue(delivered::add)).isEqualTo(1);
        assertThat(delivered).containsExactly(inv);
        assertThat(s.state(inv.tenant(), inv.id())).contains(InvitationState.SENT);
        assertThat(log.read(0, 100)).filteredOn(e -> e.event() instanceof SurveyInvitationSent).hasSize(1);
    }
    private static SurveyDefinition csatWithImprovement() {
        return new SurveyDefinition("post-solve", List.of(Question.csat(), Question.text("improve",
            new LocalizedText("改善点は？", "What could we improve?"))),
            ReasonOption.defaults(), false, SurveyDefinition.REASON_PROMPT);
    }

    @Test
    void aScoreOnATextQuestionAndOverlongTextAreRefusedTogetherAndNothingIsStored() {
        Surveys s = Surveys.builder().clock(clock).keys(new SurveyKeyRing().add("k1", SECRET_1))
            .policy(SurveyPolicy.builder().defaultDelay(Duration.ZERO).build())
            .csatSurvey(TENANT, csatWithImprovement()).listener(events::add).build();
        Invitation inv = s.onTicketSolved(ticket("T-1", YAMADA, Channel.EMAIL, T0)).scheduled().orElseThrow();

        SurveySubmission bad = new SurveySubmission(List.of(new Answer("csat", 5, "とても丁寧".repeat(3_000)),
            new Answer("improve", 1, "ok")), null, null);
        assertThatThrownBy(() -> s.submit(TENANT, inv.token(), YAMADA, bad))
            .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                .extracting(Violation::field)
                .containsExactlyInAnyOrder("answers[0].text", "answers[1].score"));
        assertThat(s.responses(TENANT)).isEmpty();
        assertThat(events).noneMatch(e -> e instanceof ResponseRecorded || e instanceof SurveyInvitationAnswered);
        assertThat(s.state(inv.tenant(), inv.id())).contains(InvitationState.SCHEDULED);
        assertThat(s.scores(TENANT)).isEmpty();

        // the same link still takes a well-formed answer, and the tenant's statistics work
        s.submit(TENANT, inv.token(), YAMADA, new SurveySubmission(List.of(new Answer("csat", 5, "丁寧でした"),
            Answer.text("improve", "特にありません")), null, null));
        assertThat(s.scores(TENANT)).singleElement().satisfies(x -> {
            assertThat(x.kind()).isEqualTo(QuestionKind.CSAT);
            assertThat(x.score()).isEqualTo(5);
        });
    }

    @Test
    void textOverTheLimitOnAScoredAnswerNamesTheAnswerNotTheAnalyzer() {
        Surveys s = surveys(SurveyPolicy.builder().defaultDelay(Duration.ZERO).build());
        Invitation inv = s.onTicketSolved(ticket("T-1", YAMADA, Channel.EMAIL, T0)).scheduled().orElseThrow();
        SurveySubmission bad = new SurveySubmission(List.of(new Answer("csat", 4, "あ".repeat(5_001))), null, null);
        assertThatThrownBy(() -> s.submit(TENANT, inv.token(), YAMADA, bad))
            .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                .extracting(Violation::field).containsExactly("answers[0].text"));
        assertThat(s.responses(TENANT)).isEmpty();
        s.submit(TENANT, inv.token(), YAMADA, new SurveySubmission(List.of(new Answer("csat", 4, "あ".repeat(5_000))),
            null, null));
        assertThat(s.responses(TENANT)).hasSize(1);
    }

    @Test
    void aScoreStoredOnATextQuestionByAnOlderVersionDoesNotBreakTheTenantsStatistics() {
        InMemorySurveyStore store = new InMemorySurveyStore(clock);
        Surveys s = Surveys.builder().clock(clock).keys(new SurveyKeyRing().add("k1", SECRET_1)).store(store)
            .policy(SurveyPolicy.builder().defaultDelay(Duration.ZERO).throttle(Duration.ZERO).build())
            .csatSurvey(TENANT, csatWithImprovement()).build();
        Invitation old = s.onTicketSolved(ticket("T-1", YAMADA, Channel.EMAIL, T0)).scheduled().orElseThrow();
        Invitation fresh = s.onTicketSolved(ticket("T-2", CustomerId.of("tanaka"), Channel.EMAIL, T0)).scheduled()
            .orElseThrow();
        // what an older version let through: a score on the free-text question
        assertThat(store.recordResponse(new SurveyResponse("legacy-1", old.id(), TENANT, old.survey().id(),
            old.trigger(), old.ticket(), old.customer(), old.agent(), old.group(), old.channel(), T0,
            List.of(Answer.score("csat", 2), new Answer("improve", 1, "ok")), null, null, null))).isTrue();
        s.submit(TENANT, fresh.token(), CustomerId.of("tanaka"), SurveySubmission.of("csat", 5));

        assertThat(s.scores(TENANT)).extracting(ScoredResponse::kind, ScoredResponse::score)
            .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(QuestionKind.CSAT, 2),
                org.assertj.core.groups.Tuple.tuple(QuestionKind.CSAT, 5));
    }

    /**
     * In a subscriber's handling every scheduling call takes one step, whatever the store held, so the handling's
     * next step has the same number on every delivery.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"SCHEDULED", "SAME_SOLVE_AGAIN", "RESCHEDULED", "SENT_BEFORE", "THROTTLED", "CHANNEL_DISABLED",
        "SUPPRESSED_MERGED", "SUPPRESSED_SPAM", "SUPPRESSED_COMPLAINT", "API_THROTTLED"})
    void everyOutcomeOfSchedulingTakesOneStepOfTheHandling(String path) {
        var log = new InMemoryEventLog(new InMemoryCheckpointStore(), clock);
        Surveys s = Surveys.builder().clock(clock).keys(new SurveyKeyRing().add("k1", SECRET_1)).eventLog(log)
            .policy(SurveyPolicy.builder().disable(Channel.SMS).suppress(true, true, true).build()).build();
        SolvedTicket solve = ticket("T-1", YAMADA, Channel.LINE, T0);
        switch (path) {
            case "SAME_SOLVE_AGAIN", "RESCHEDULED" -> s.onTicketSolved(solve);
            case "SENT_BEFORE" -> s.markSent(TENANT, s.onTicketSolved(solve).scheduled().orElseThrow().id());
            case "THROTTLED", "API_THROTTLED" -> s.onTicketSolved(ticket("T-0", YAMADA, Channel.LINE, T0));
            default -> { }
        }
        SolvedTicket now = switch (path) {
            case "RESCHEDULED" -> ticket("T-1", YAMADA, Channel.LINE, T0.plusSeconds(60));
            case "CHANNEL_DISABLED" -> ticket("T-1", YAMADA, Channel.SMS, T0);
            case "SUPPRESSED_MERGED" -> ticket("T-1", YAMADA, Channel.LINE, T0, TicketMark.MERGED);
            case "SUPPRESSED_SPAM" -> ticket("T-1", YAMADA, Channel.LINE, T0, TicketMark.SPAM);
            case "SUPPRESSED_COMPLAINT" -> ticket("T-1", YAMADA, Channel.LINE, T0, TicketMark.COMPLAINT);
            default -> solve;
        };

        StepClaims.Handling outer = StepClaims.enter(new StepClaims.Handling("host-steps", 7));
        try {
            ScheduleResult r = path.equals("API_THROTTLED")
                ? s.request(TENANT, YAMADA, Channel.LINE, Locale.JAPANESE, s.csatSurvey(TENANT))
                : s.onTicketSolved(now);
            Status expected = switch (path) {
                case "SCHEDULED" -> Status.SCHEDULED;
                case "RESCHEDULED" -> Status.RESCHEDULED;
                case "SAME_SOLVE_AGAIN", "SENT_BEFORE" -> Status.ALREADY_INVITED;
                case "THROTTLED", "API_THROTTLED" -> Status.THROTTLED;
                default -> Status.valueOf(path);
            };
            assertThat(r.status()).isEqualTo(expected);
            assertThat(StepClaims.next(TENANT)).as("the handling's next step is its second")
                .extracting(IdempotencyKey::key).isEqualTo("7/2");
        } finally {
            StepClaims.leave(outer);
        }
    }

    @Test
    void relationshipInvitationsCreatedInAHandlingTakeNoStepOfIt() {
        var log = new InMemoryEventLog(new InMemoryCheckpointStore(), clock);
        Surveys s = Surveys.builder().clock(clock).keys(new SurveyKeyRing().add("k1", SECRET_1)).eventLog(log)
            .build();
        s.enrollRelationship(TENANT, YAMADA, Channel.LINE, Locale.JAPANESE);

        StepClaims.Handling outer = StepClaims.enter(new StepClaims.Handling("host-steps", 7));
        try {
            assertThat(s.dueInvitations(clock.instant())).hasSize(1);
            assertThat(StepClaims.next(TENANT)).as("due work is no step of the handling")
                .extracting(IdempotencyKey::key).isEqualTo("7/1");
        } finally {
            StepClaims.leave(outer);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "T-1, REQUEST, a desk step",
        "T-1, SOLVED, a desk step",
        "SURVEY_REQUEST, COMPLAINT, a survey request",
        "SURVEY_REQUEST, SOLVED, a survey request",
        "COMPLAINT, REQUEST, a complaint report"
    })
    void aFeedbackCallOnAStepAnotherKindOfCallTookOnAnEarlierDeliveryIsRefusedBeforeItWrites(String heldBy,
                                                                                           String call,
                                                                                           String takenBy) {
        var log = new InMemoryEventLog(new InMemoryCheckpointStore(), clock);
        Surveys s = Surveys.builder().clock(clock).keys(new SurveyKeyRing().add("k1", SECRET_1)).eventLog(log)
            .build();
        String held = switch (heldBy) {
            case "SURVEY_REQUEST" -> StepClaims.resultOf("a survey request");
            case "COMPLAINT" -> StepClaims.resultOf("a complaint report");
            default -> heldBy; // a desk step's result: the id of the ticket it changed
        };
        log.append(List.of(), Map.of(StepClaims.key(TENANT, "host-steps", 7, 1), held));

        StepClaims.Handling outer = StepClaims.enter(new StepClaims.Handling("host-steps", 7));
        try {
            assertThatThrownBy(() -> {
                switch (call) {
                    case "REQUEST" -> s.request(TENANT, YAMADA, Channel.LINE, Locale.JAPANESE, s.csatSurvey(TENANT));
                    case "SOLVED" -> s.onTicketSolved(ticket("T-2", YAMADA, Channel.LINE, T0));
                    default -> s.reportComplaint(new ComplaintDetected(TENANT, TicketId.of("T-2"), YAMADA,
                        "message:T-2#1", new ComplaintSignal(List.of("責任者"), -0.8), T0));
                }
            }).isInstanceOfSatisfying(io.madoguchi.core.HandlingStepMismatchException.class, e -> {
                assertThat(e.subscriber()).isEqualTo("host-steps");
                assertThat(e.position()).isEqualTo(7);
                assertThat(e.step()).isEqualTo(1);
            }).hasMessageContaining("step 1 of the handling of the event at position 7 by subscriber host-steps")
                .hasMessageContaining("(" + takenBy + ")")
                .hasMessageContaining("same calls in the same order on every delivery")
                .hasMessageNotContaining(YAMADA.value());
        } finally {
            StepClaims.leave(outer);
        }
        assertThat(s.dueInvitations(T0.plus(Duration.ofDays(1)))).as("nothing was scheduled").isEmpty();
        assertThat(log.read(0, 100)).as("nothing was appended").isEmpty();
    }

    @Test
    void aStepAnEarlierVersionClaimedForASchedulingIsTheSameCallsOnItsRedelivery() {
        var log = new InMemoryEventLog(new InMemoryCheckpointStore(), clock);
        Surveys s = Surveys.builder().clock(clock).keys(new SurveyKeyRing().add("k1", SECRET_1)).eventLog(log)
            .build();
        // what a step claim of a scheduling held before its result named the kind of call: "<invitation>@<due>"
        log.append(List.of(), Map.of(StepClaims.key(TENANT, "host-steps", 7, 1),
            "0c5a0911-7339-8a47-8a1b-4794bf898465@2026-04-01T10:00:00Z"));

        StepClaims.Handling outer = StepClaims.enter(new StepClaims.Handling("host-steps", 7));
        try {
            s.onTicketSolved(ticket("T-2", YAMADA, Channel.LINE, T0));
            assertThat(StepClaims.next(TENANT)).extracting(IdempotencyKey::key).isEqualTo("7/2");
        } finally {
            StepClaims.leave(outer);
        }
    }
}
