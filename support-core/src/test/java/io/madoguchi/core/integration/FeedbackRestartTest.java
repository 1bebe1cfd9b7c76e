package io.madoguchi.core.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.CustomerId;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.agent.Agent;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.customer.NewCustomer;
import io.madoguchi.core.feedback.ImprovementActionCompleted;
import io.madoguchi.core.feedback.InvalidSurveyTokenException;
import io.madoguchi.core.feedback.InvitationState;
import io.madoguchi.core.feedback.SurveyInvitationScheduled;
import io.madoguchi.core.feedback.SurveyInvitationSent;
import io.madoguchi.core.feedback.SurveyKeyRing;
import io.madoguchi.core.feedback.SurveyPolicy;
import io.madoguchi.core.feedback.SurveyResponse;
import io.madoguchi.core.feedback.SurveyStore;
import io.madoguchi.core.feedback.SurveySubmission;
import io.madoguchi.core.feedback.SurveyTokens;
import io.madoguchi.core.feedback.Surveys;
import io.madoguchi.core.feedback.action.ActionStatus;
import io.madoguchi.core.feedback.action.ImprovementAction;
import io.madoguchi.core.feedback.action.ImprovementActionStore;
import io.madoguchi.core.feedback.action.ImprovementActions;
import io.madoguchi.core.feedback.action.NewImprovementAction;
import io.madoguchi.core.feedback.review.ModerationState;
import io.madoguchi.core.feedback.review.Review;
import io.madoguchi.core.feedback.review.ReviewBoard;
import io.madoguchi.core.feedback.review.ReviewStore;
import io.madoguchi.core.feedback.text.TextAnalyzer;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A shop runs a day of support with surveys, reviews and improvement actions, the host is restarted (every object
 * thrown away, built again on the same stores with the same configured keys), and the day goes on.
 */
class FeedbackRestartTest {

    private static final TenantId SHOP = TenantId.of("shop-kyoto");
    private static final String SURVEY_KEYS = "k2026=" + Base64.getEncoder().encodeToString(
        "restart-test-configured-secret-0123456789".getBytes(StandardCharsets.US_ASCII));
    private static final String LINK = "https://shop.example/survey?t=";

    final MutableClock clock = MutableClock.startingAt(Instant.parse("2026-11-24T00:00:00Z"));
    // what outlives the process: the stores and the configuration
    private final DeskStore deskStore = DeskStore.inMemory(clock);
    SurveyStore surveyStore;
    ReviewStore reviewStore;
    ImprovementActionStore actionStore;

    /** Opens the feedback stores a host builds on; a subclass puts them in a database. */
    @BeforeEach
    void openStores() {
        surveyStore = SurveyStore.inMemory(clock);
        reviewStore = ReviewStore.inMemory(clock);
        actionStore = ImprovementActionStore.inMemory();
    }

    /** What a host's restart does to the stores: in-memory ones outlive it as they are. */
    void restartStores() {
    }
    // what the customers have: the emailed links
    private final List<String> mailbox = new ArrayList<>();

    private final Principal admin = Principal.admin(SHOP, AgentId.of("admin"));
    private final Principal sato = Principal.agent(SHOP, AgentId.of("sato"));

    /** One process of the host. */
    private final class Host {
        final SupportDesk desk = SupportDesk.builder().clock(clock).store(deskStore).build();
        final Surveys surveys = Surveys.builder().clock(clock).keys(SurveyKeyRing.fromConfiguration(SURVEY_KEYS))
            .store(surveyStore).eventLog(deskStore.eventLog(), desk::processEvents)
            .policy(SurveyPolicy.builder().delay(Channel.EMAIL, Duration.ofHours(2))
                    .throttle(Duration.ofDays(1)).build())
            .build();
        final ReviewBoard reviews = new ReviewBoard(clock, TextAnalyzer.defaults(), reviewStore);
        final ImprovementActions actions = new ImprovementActions(clock, List.of(surveys, reviews), actionStore,
            deskStore.eventLog());

        Host() {
            desk.subscribe(new DeskSurveys(surveys, TextAnalyzer.defaults(), Locale.JAPANESE));
            desk.subscribe(new DeskEscalation(desk));
        }

        int sendDue() {
            return surveys.dispatchDue(inv -> mailbox.add(LINK + inv.token()));
        }

        Ticket solvedTicket(CustomerId customer, String subject) {
            Ticket t = desk.createTicket(desk.system(SHOP, "mail"), CreateTicket.builder(customer,
                Channel.EMAIL, subject, "よろしくお願いします").build());
            desk.assign(sato, t.id(), AgentId.of("sato"));
            desk.reply(sato, t.id(), "ご連絡ありがとうございます。対応いたしました。");
            return desk.changeStatus(sato, t.id(), TicketStatus.SOLVED);
        }
    }

    private static String token(String link) {
        return link.substring(LINK.length());
    }

    private void at(String time) {
        clock.set(Instant.parse("2026-11-24T" + time + ":00Z"));
    }

    @Test
    void surveysReviewsAndActionsCarryOnAfterARestartOnTheSameStores() {
        // ---- the morning, first process
        at("09:00");
        Host first = new Host();
        first.desk.saveAgent(admin, Agent.of(SHOP, AgentId.of("sato"), "佐藤"));
        List<Customer> customers = new ArrayList<>();
        for (String name : List.of("田中", "鈴木", "高橋", "伊藤")) {
            customers.add(first.desk.createCustomer(admin, NewCustomer.of(name,
                ChannelIdentity.email(customers.size() + "@example.jp"))));
        }
        first.solvedTicket(customers.get(0).id(), "返金の手続きについて");
        at("10:00");
        first.solvedTicket(customers.get(1).id(), "配送状況の確認");
        at("11:00");
        Ticket third = first.solvedTicket(customers.get(2).id(), "ポイントの反映");
        at("12:00");
        assertThat(first.sendDue()).isEqualTo(2);
        SurveyResponse answered = first.surveys.submit(SHOP, token(mailbox.get(0)), SurveySubmission.of("csat", 2)
            .withComment("返金の手続きが分かりにくかったです"));
        Review approved = first.reviews.submit(SHOP, customers.get(0).id(), "plan-basic", 4, "配送が早くて助かりました");
        first.reviews.moderate(SHOP, approved.id(), ModerationState.APPROVED);
        Review pending = first.reviews.submit(SHOP, customers.get(1).id(), "plan-basic", 2, "説明が足りないと思います");
        NewImprovementAction request = new NewImprovementAction("返金手続きの案内を見直す", AgentId.of("sato"),
            LocalDate.of(2026, 12, 1), Set.of(), Set.of(answered.id()), clock.instant());
        ImprovementAction action = first.actions.create(SHOP, request, "返金案内/2026-11");
        first.actions.start(SHOP, action.id());
        // the fourth ticket is solved, and the process dies before its solve reaches the survey subscriber
        at("15:00");
        first.desk.unsubscribe(DeskSurveys.NAME);
        Ticket fourth = first.solvedTicket(customers.get(3).id(), "領収書の再発行");
        first = null;
        restartStores();

        // ---- the afternoon, a new process on the same stores and the same configured keys
        at("16:00");
        Host second = new Host();
        assertThat(second.desk.ticket(sato, fourth.id()).status()).isEqualTo(TicketStatus.SOLVED);
        // the link emailed before the restart still works, exactly once
        SurveyResponse late = second.surveys.submit(SHOP, token(mailbox.get(1)), SurveySubmission.of("csat", 5));
        assertThat(late.customer()).isEqualTo(customers.get(1).id());
        assertThatThrownBy(() -> second.surveys.submit(SHOP, token(mailbox.get(0)), SurveySubmission.of("csat", 5)))
            .isInstanceOfSatisfying(InvalidSurveyTokenException.class,
                e -> assertThat(e.reason()).isEqualTo(InvalidSurveyTokenException.Reason.USED));
        assertThat(second.surveys.responses(SHOP)).extracting(SurveyResponse::id)
                .containsExactly(answered.id(), late.id());

        // the pending invitation goes out once; the fourth ticket's solve was caught up from the log
        assertThat(second.sendDue()).isEqualTo(1);
        assertThat(second.sendDue()).isZero();
        at("17:00");
        assertThat(second.sendDue()).isEqualTo(1);
        at("23:00");
        assertThat(second.sendDue()).isZero();
        assertThat(mailbox).hasSize(4).doesNotHaveDuplicates();
        SurveyTokens tokens = new SurveyTokens(SurveyKeyRing.fromConfiguration(SURVEY_KEYS));
        assertThat(mailbox).map(l -> tokens.verify(token(l), clock.instant()).ticket()).doesNotHaveDuplicates()
            .contains(third.id(), fourth.id());
        assertThat(surveyStore.count(SHOP, InvitationState.SENT)).isEqualTo(2);
        assertThat(surveyStore.count(SHOP, InvitationState.ANSWERED)).isEqualTo(2);
        assertThat(inLog(SurveyInvitationScheduled.class)).isEqualTo(4);
        assertThat(inLog(SurveyInvitationSent.class)).isEqualTo(4);

        // reviews and actions are intact, and carry on
        assertThat(second.reviews.averageStars(SHOP, "plan-basic")).contains(4.0);
        assertThat(second.reviews.inState(SHOP, ModerationState.PENDING)).extracting(Review::id)
            .containsExactly(pending.id());
        second.reviews.moderate(SHOP, pending.id(), ModerationState.APPROVED);
        assertThat(second.reviews.averageStars(SHOP, "plan-basic")).contains(3.0);
        assertThat(second.actions.get(SHOP, action.id()).status()).isEqualTo(ActionStatus.IN_PROGRESS);
        // the create repeated under its key after the restart finds the action made before it
        assertThat(second.actions.create(SHOP, request, "返金案内/2026-11").id()).isEqualTo(action.id());
        assertThat(second.actions.list(SHOP)).hasSize(1);
        ImprovementActionCompleted done = second.actions.complete(SHOP, action.id());
        assertThat(done.customersToNotify()).containsExactly(customers.get(0).id());
        assertThat(inLog(ImprovementActionCompleted.class)).isEqualTo(1);
    }

    private long inLog(Class<?> type) {
        return deskStore.eventLog().read(0, 10_000).stream().filter(e -> type.isInstance(e.event())).count();
    }
}
