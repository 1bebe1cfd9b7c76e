package io.madoguchi.core.feedback.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.CustomerId;
import io.madoguchi.core.IllegalTransitionException;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.time.MutableClock;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.feedback.FeedbackEvent;
import io.madoguchi.core.feedback.ImprovementActionCompleted;
import io.madoguchi.core.feedback.Invitation;
import io.madoguchi.core.feedback.SolvedTicket;
import io.madoguchi.core.feedback.SurveyKeyRing;
import io.madoguchi.core.feedback.SurveyPolicy;
import io.madoguchi.core.feedback.SurveyResponse;
import io.madoguchi.core.feedback.SurveySubmission;
import io.madoguchi.core.feedback.Surveys;
import io.madoguchi.core.feedback.review.ReviewBoard;
import io.madoguchi.core.feedback.text.TextAnalyzer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ImprovementActionsTest {

    private static final TenantId TENANT = TenantId.of("acme");
    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");

    private final MutableClock clock = MutableClock.startingAt(T0);
    private final Surveys surveys = Surveys.builder().clock(clock)
        .keys(new SurveyKeyRing().add("k1", "0123456789abcdefghijklmnopqrstuvwxyz".getBytes(StandardCharsets.US_ASCII)))
        .policy(SurveyPolicy.builder().defaultDelay(Duration.ZERO).throttle(Duration.ZERO).build()).build();
    private final ReviewBoard reviews = new ReviewBoard(clock, TextAnalyzer.defaults());
    private final ImprovementActions actions = new ImprovementActions(clock, List.of(surveys, reviews));
    private final List<FeedbackEvent> events = new CopyOnWriteArrayList<>();
    private int tickets;

    private SurveyResponse answer(String customer, String comment) {
        clock.advance(Duration.ofHours(1));
        CustomerId c = CustomerId.of(customer);
        Invitation inv = surveys.onTicketSolved(new SolvedTicket(TENANT, TicketId.of("T-" + (++tickets)), c, null, null,
            Channel.EMAIL, clock.instant(), Locale.JAPANESE, Set.of())).scheduled().orElseThrow();
        return surveys.submit(TENANT, inv.token(), c, SurveySubmission.of("csat", 2).withComment(comment));
    }

    @Test
    void completingAnActionNotifiesExactlyTheLinkedCustomers() {
        actions.addListener(events::add);
        answer("early", "配送状況が分からない"); // delivery, but before themesSince
        Instant since = clock.advance(Duration.ofHours(1));
        SurveyResponse linked = answer("linked", "サポートの対応が不親切でした"); // linked explicitly
        answer("delivery", "荷物の到着が遅すぎます"); // delivery theme after since
        answer("price", "料金が高い"); // unrelated theme
        clock.advance(Duration.ofHours(1));
        reviews.submit(TENANT, CustomerId.of("reviewer"), "shipping", 2, "The delivery was late again");

        ImprovementAction a = actions.create(TENANT, "配送業者を変更する", AgentId.of("manager"), LocalDate.of(2026, 7, 1),
            Set.of("delivery"), Set.of(linked.id()), since);
        assertThat(a.status()).isEqualTo(ActionStatus.OPEN);
        assertThat(actions.start(TENANT, a.id()).status()).isEqualTo(ActionStatus.IN_PROGRESS);
        answer("late", "配送がまた遅れました"); // delivery feedback while the action runs

        clock.advance(Duration.ofHours(1));
        ImprovementActionCompleted done = actions.complete(TENANT, a.id());
        assertThat(done.customersToNotify()).containsExactlyInAnyOrder(
            CustomerId.of("linked"), CustomerId.of("delivery"), CustomerId.of("reviewer"), CustomerId.of("late"));
        assertThat(events).containsExactly(done);
        assertThat(actions.get(TENANT, a.id()).status()).isEqualTo(ActionStatus.DONE);
        assertThatThrownBy(() -> actions.complete(TENANT, a.id())).isInstanceOf(IllegalTransitionException.class);
        assertThat(events).hasSize(1);
    }

    @Test
    void cancelledActionsNotifyNobody() {
        actions.addListener(events::add);
        SurveyResponse r = answer("yamada", "返金手続きが遅い");
        ImprovementAction a = actions.create(TENANT, "返金を早くする", AgentId.of("manager"), LocalDate.of(2026, 7, 1),
            Set.of(), Set.of(r.id()), T0);
        actions.cancel(TENANT, a.id());
        assertThatThrownBy(() -> actions.complete(TENANT, a.id())).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> actions.start(TENANT, a.id())).isInstanceOf(IllegalTransitionException.class);
        assertThat(events).isEmpty();
    }

    @Test
    void actionsMustLinkRealFeedback() {
        assertThatThrownBy(() -> actions.create(TENANT, " ", AgentId.of("m"), LocalDate.of(2026, 7, 1), Set.of(),
            Set.of("no-such-feedback"), T0))
            .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations()).hasSize(2));
        assertThatThrownBy(() -> actions.create(TENANT, "x", AgentId.of("m"), LocalDate.of(2026, 7, 1),
            Set.of(), Set.of(), T0))
            .isInstanceOf(ValidationException.class).hasMessageContaining("links");
        SurveyResponse r = answer("yamada", "料金が高い");
        ImprovementAction a = actions.create(TENANT, "料金プランを見直す", AgentId.of("m"), LocalDate.of(2026, 7, 1),
            Set.of("price"), Set.of(), T0);
        assertThat(actions.link(TENANT, a.id(), r.id()).feedbackIds()).containsExactly(r.id());
        assertThatThrownBy(() -> actions.link(TenantId.of("other"), a.id(), r.id()))
            .isInstanceOf(io.madoguchi.core.NotFoundException.class);
    }

    private static NewImprovementAction request(String title, LocalDate due) {
        // nanoseconds the store does not keep: a repeat of the same request is still the same request
        return new NewImprovementAction(title, AgentId.of("manager"), due, Set.of("delivery"), Set.of(),
            T0.minusNanos(1_500));
    }

    @Test
    void aCreateRepeatedUnderItsKeyReturnsTheFirstActionAsItIsNowAndCreatesNothing() {
        SurveyResponse r = answer("yamada", "配送が遅い");
        NewImprovementAction req = request("配送業者を変更する", LocalDate.of(2026, 7, 1));
        ImprovementAction first = actions.create(TENANT, req, "reviews/4711/1");
        assertThat(first.status()).isEqualTo(ActionStatus.OPEN);
        assertThat(first.themesSince()).as("kept to the microsecond").isEqualTo(T0.minusNanos(2_000));

        ImprovementAction again = actions.create(TENANT, req, "reviews/4711/1");
        assertThat(again).isEqualTo(first);
        actions.start(TENANT, first.id());
        actions.link(TENANT, first.id(), r.id());
        clock.advance(Duration.ofDays(30));

        ImprovementAction later = actions.create(TENANT, req, "reviews/4711/1");
        assertThat(later.id()).isEqualTo(first.id());
        assertThat(later.status()).isEqualTo(ActionStatus.IN_PROGRESS);
        assertThat(later.feedbackIds()).containsExactly(r.id());
        assertThat(actions.list(TENANT)).hasSize(1);
    }

    @Test
    void theSameKeyWithAnotherRequestIsRefusedNamingWhatDiffersAndNothingIsCreated() {
        ImprovementAction first = actions.create(TENANT, request("配送業者を変更する", LocalDate.of(2026, 7, 1)), "key-1");

        assertThatThrownBy(() -> actions.create(TENANT, request("梱包を見直す", LocalDate.of(2026, 8, 1)), "key-1"))
            .isInstanceOfSatisfying(IdempotencyKeyReusedException.class, e -> {
                assertThat(e.fields()).containsExactly("title", "dueDate");
                assertThat(e.actionId()).isEqualTo(first.id());
                assertThat(e).hasMessageContaining("idempotencyKey").hasMessageContaining("title, dueDate")
                    .hasMessageNotContaining("key-1");
            })
            .isInstanceOf(io.madoguchi.core.ConflictException.class);
        NewImprovementAction otherThemes = new NewImprovementAction("配送業者を変更する", AgentId.of("manager"),
            LocalDate.of(2026, 7, 1), Set.of("delivery", "packing"), Set.of(), T0.minusNanos(1_500));
        assertThatThrownBy(() -> actions.create(TENANT, otherThemes, "key-1"))
            .isInstanceOfSatisfying(IdempotencyKeyReusedException.class,
                e -> assertThat(e.fields()).containsExactly("themes"));
        assertThat(actions.list(TENANT)).containsExactly(first);
    }

    @Test
    void keysArePerTenant() {
        NewImprovementAction req = request("配送業者を変更する", LocalDate.of(2026, 7, 1));
        ImprovementAction ours = actions.create(TENANT, req, "key-1");
        ImprovementAction theirs = actions.create(TenantId.of("other"), req, "key-1");

        assertThat(theirs.id()).isNotEqualTo(ours.id());
        assertThat(actions.list(TENANT)).containsExactly(ours);
        assertThat(actions.list(TenantId.of("other"))).containsExactly(theirs);
    }

    @Test
    void aBadKeyIsRefusedNamingItWithTheRequestsOtherProblemsAndNothingIsWritten() {
        NewImprovementAction req = request("配送業者を変更する", LocalDate.of(2026, 7, 1));
        for (String bad : new String[] {"", "   ", "a".repeat(ImprovementActions.MAX_KEY + 1), "改行\nを含む"}) {
            assertThatThrownBy(() -> actions.create(TENANT, req, bad))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                    .extracting(io.madoguchi.core.Violation::field).containsExactly("idempotencyKey"));
        }
        assertThatThrownBy(() -> actions.create(TENANT, req, null))
            .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                .extracting(io.madoguchi.core.Violation::field).containsExactly("idempotencyKey"));
        NewImprovementAction blankTitle = new NewImprovementAction(" ", AgentId.of("m"), LocalDate.of(2026, 7, 1),
            Set.of(), Set.of(), T0.plusSeconds(1));
        assertThatThrownBy(() -> actions.create(TENANT, blankTitle, ""))
            .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                .extracting(io.madoguchi.core.Violation::field)
                .containsExactly("idempotencyKey", "title", "links", "themesSince"));
        assertThat(actions.list(TENANT)).isEmpty();

        assertThat(actions.create(TENANT, req, "鍵".repeat(ImprovementActions.MAX_KEY)).title())
            .isEqualTo("配送業者を変更する");
    }

    @Test
    void aRefusedCreateHoldsNoKey() {
        NewImprovementAction unknownFeedback = new NewImprovementAction("料金プランを見直す", AgentId.of("m"),
            LocalDate.of(2026, 7, 1), Set.of(), Set.of("no-such-feedback"), T0);
        assertThatThrownBy(() -> actions.create(TENANT, unknownFeedback, "key-1"))
            .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                .extracting(io.madoguchi.core.Violation::field).containsExactly("feedbackIds"));

        NewImprovementAction fixed = new NewImprovementAction("料金プランを見直す", AgentId.of("m"),
            LocalDate.of(2026, 7, 1), Set.of("price"), Set.of(), T0);
        assertThat(actions.create(TENANT, fixed, "key-1").themes()).containsExactly("price");
        assertThat(actions.list(TENANT)).hasSize(1);
    }

    @Test
    void manyThreadsCreatingUnderOneKeyMakeOneAction() throws Exception {
        NewImprovementAction req = request("配送業者を変更する", LocalDate.of(2026, 7, 1));
        int threads = 16;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        try {
            List<java.util.concurrent.Future<String>> ids = new java.util.ArrayList<>();
            for (int i = 0; i < threads; i++) {
                ids.add(pool.submit(() -> {
                    start.await();
                    return actions.create(TENANT, req, "同じキー").id();
                }));
            }
            start.countDown();
            Set<String> distinct = new java.util.HashSet<>();
            for (java.util.concurrent.Future<String> f : ids) {
                distinct.add(f.get(10, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertThat(distinct).hasSize(1);
            assertThat(actions.list(TENANT)).extracting(ImprovementAction::id).containsExactlyElementsOf(distinct);
        } finally {
            pool.shutdownNow();
        }
    }
}
