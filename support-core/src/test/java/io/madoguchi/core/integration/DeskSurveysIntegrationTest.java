package io.madoguchi.core.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.GroupId;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.agent.Agent;
import io.madoguchi.core.agent.Group;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.customer.NewCustomer;
import io.madoguchi.core.event.ComplaintChanged;
import io.madoguchi.core.event.DeskEvent;
import io.madoguchi.core.feedback.FeedbackStats;
import io.madoguchi.core.feedback.InvalidSurveyTokenException;
import io.madoguchi.core.feedback.Invitation;
import io.madoguchi.core.feedback.InvitationState;
import io.madoguchi.core.feedback.ScheduleResult;
import io.madoguchi.core.feedback.SurveyDefinition;
import io.madoguchi.core.feedback.SurveyInvitationScheduled;
import io.madoguchi.core.feedback.SurveyKeyRing;
import io.madoguchi.core.feedback.SurveyPolicy;
import io.madoguchi.core.feedback.SurveyResponse;
import io.madoguchi.core.feedback.SurveySubmission;
import io.madoguchi.core.feedback.Surveys;
import io.madoguchi.core.feedback.text.TextAnalyzer;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.LinkType;
import io.madoguchi.core.ticket.Priority;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketQuery;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeskSurveysIntegrationTest {

    private final MutableClock clock = MutableClock.startingAt(Instant.parse("2026-11-24T00:00:00Z"));
    private final List<DeskEvent> events = new CopyOnWriteArrayList<>();
    private final TenantId tenant = TenantId.of("shop-a");
    private final Principal admin = Principal.admin(tenant, AgentId.of("admin"));
    private final Principal sato = Principal.agent(tenant, AgentId.of("sato"));
    private final DeskStore deskStore = DeskStore.inMemory(clock);
    private SupportDesk desk;
    private Surveys surveys;
    private Customer tanaka;
    private Principal tanakaP;

    @BeforeEach
    void setUp() {
        desk = SupportDesk.builder().clock(clock).store(deskStore).listener(events::add).build();
        surveys = Surveys.builder().clock(clock)
            .keys(new SurveyKeyRing()
            .add("k1", "integration-secret-0123456789abcdef".getBytes(StandardCharsets.US_ASCII)))
            .policy(SurveyPolicy.builder().delay(Channel.EMAIL, Duration.ofHours(2)).delay(Channel.LINE, Duration.ZERO)
                .throttle(Duration.ofDays(7)).build())
            .eventLog(deskStore.eventLog(), desk::processEvents).build();
        desk.subscribe(new DeskSurveys(surveys, TextAnalyzer.defaults(), Locale.JAPANESE));
        desk.subscribe(new DeskEscalation(desk));
        desk.saveGroup(admin, new Group(GroupId.of("billing"), tenant, "請求"));
        desk.saveAgent(admin, Agent.of(tenant, AgentId.of("sato"), "佐藤"));
        tanaka = desk.createCustomer(admin,
                new NewCustomer("田中 太郎", List.of(ChannelIdentity.email("tanaka@example.jp")), null, "ja"));
        tanakaP = Principal.customer(tenant, tanaka.id());
    }

    private Ticket open(Channel channel, String subject) {
        return desk.createTicket(desk.system(tenant, "channels"), CreateTicket.builder(tanaka.id(), channel,
            subject, "返金手続きについて教えてください")
            .group(GroupId.of("billing")).build());
    }

    private Ticket solve(Ticket t) {
        desk.assign(sato, t.id(), AgentId.of("sato"));
        desk.reply(sato, t.id(), "返金手続きを完了しました。");
        return desk.changeStatus(sato, t.id(), TicketStatus.SOLVED);
    }

    @Test
    void solvingSendsTheSurveyAfterTheChannelDelayAndLinksTheResponse() {
        Ticket t = solve(open(Channel.EMAIL, "返金について"));
        assertThat(surveys.dueInvitations(clock.instant())).isEmpty();
        clock.advance(Duration.ofHours(2));
        List<Invitation> due = surveys.dueInvitations(clock.instant());
        assertThat(due).singleElement().satisfies(i -> {
            assertThat(i.ticket()).isEqualTo(t.id());
            assertThat(i.customer()).isEqualTo(tanaka.id());
            assertThat(i.agent()).isEqualTo(AgentId.of("sato"));
            assertThat(i.group()).isEqualTo(GroupId.of("billing"));
            assertThat(i.channel()).isEqualTo(Channel.EMAIL);
            assertThat(i.locale().getLanguage()).isEqualTo("ja");
        });
        List<Invitation> sent = new CopyOnWriteArrayList<>();
        assertThat(surveys.dispatchDue(sent::add)).isEqualTo(1);

        SurveyResponse r = surveys.submit(tenant, sent.get(0).token(), tanaka.id(),
            SurveySubmission.of("csat", 5).withComment("迅速で丁寧な対応に満足しています"));
        assertThat(r.ticket()).isEqualTo(t.id());
        assertThat(r.agent()).isEqualTo(AgentId.of("sato"));
        assertThat(r.group()).isEqualTo(GroupId.of("billing"));
        assertThat(FeedbackStats.byAgent(surveys.scores(tenant)).get("sato").csat()
                .satisfiedPercent()).isEqualTo(100.0);
        assertThat(desk.ticket(sato, t.id()).complaint()).isFalse();
        assertThat(desk.ticket(sato, t.id()).status()).isEqualTo(TicketStatus.SOLVED);
    }

    @Test
    void aComplaintInTheSurveyFlagsAndEscalatesTheTicketAsSystem() {
        Ticket t = solve(open(Channel.LINE, "配送について"));
        Invitation inv = surveys.dueInvitations(clock.instant()).get(0);
        surveys.submit(tenant, inv.token(), tanaka.id(),
            SurveySubmission.of("csat", 1).withComment("対応が最悪です。二度と利用しません。責任者を出してください。"));
        Ticket after = desk.ticket(sato, t.id());
        assertThat(after.complaint()).isTrue();
        assertThat(after.priority()).isEqualTo(Priority.URGENT);
        assertThat(after.hasTag(DeskEscalation.TAG)).isTrue();
        assertThat(after.status()).isEqualTo(TicketStatus.OPEN);
        assertThat(events).filteredOn(e -> e instanceof ComplaintChanged).singleElement()
            .satisfies(e -> assertThat(e.principal().kind()).isEqualTo(Principal.Kind.SYSTEM));
        // solving it again does not survey the customer twice
        desk.changeStatus(sato, t.id(), TicketStatus.SOLVED);
        assertThat(surveys.dueInvitations(clock.instant().plus(Duration.ofDays(1)))).isEmpty();
    }

    @Test
    void aComplaintAboutAClosedTicketOpensAnUrgentLinkedFollowUp() {
        Ticket t = solve(open(Channel.LINE, "ポイントについて"));
        desk.changeStatus(sato, t.id(), TicketStatus.CLOSED);
        Invitation inv = surveys.dueInvitations(clock.instant()).get(0);

        surveys.submit(tenant, inv.token(), tanaka.id(),
            SurveySubmission.of("csat", 1).withComment("ポイントの反映が遅すぎる。二度と利用しません。責任者から説明してください。"));

        Ticket closed = desk.ticket(sato, t.id());
        assertThat(closed.status()).isEqualTo(TicketStatus.CLOSED);
        assertThat(closed.links()).singleElement().satisfies(l -> assertThat(l.type()).isEqualTo(LinkType.FOLLOW_UP));
        Ticket followUp = desk.ticket(sato, closed.links().get(0).other());
        assertThat(followUp.complaint()).isTrue();
        assertThat(followUp.priority()).isEqualTo(Priority.URGENT);
        assertThat(followUp.hasTag(DeskEscalation.TAG)).isTrue();
        assertThat(followUp.requester()).isEqualTo(tanaka.id());
        assertThat(followUp.subject()).contains("ポイントについて");
    }

    @Test
    void aComplaintAboutAClosedTicketIsEscalatedOnItsOpenFollowUpInsteadOfOpeningASecondOne() {
        Ticket t = solve(open(Channel.LINE, "ポイントについて"));
        desk.changeStatus(sato, t.id(), TicketStatus.CLOSED);
        Invitation inv = surveys.dueInvitations(clock.instant()).get(0);
        clock.advance(Duration.ofMinutes(30));
        TicketId followUpId = desk.reply(tanakaP, t.id(), "別の注文のポイントも確認できますか？").ticketId();
        long ticketsBefore = desk.count(admin, TicketQuery.builder().build());

        surveys.submit(tenant, inv.token(), SurveySubmission.of("csat", 1)
            .withComment("ポイントの反映が遅すぎる。二度と利用しません。責任者から説明してください。"));

        assertThat(desk.count(admin, TicketQuery.builder().build())).isEqualTo(ticketsBefore);
        assertThat(desk.ticket(sato, t.id()).linked(LinkType.FOLLOW_UP)).containsExactly(followUpId);
        Ticket followUp = desk.ticket(sato, followUpId);
        assertThat(followUp.complaint()).isTrue();
        assertThat(followUp.priority()).isEqualTo(Priority.URGENT);
        assertThat(followUp.hasTag(DeskEscalation.TAG)).isTrue();
        assertThat(desk.messages(sato, followUpId)).last().satisfies(m -> {
            assertThat(m.isInternal()).isTrue();
            assertThat(m.body()).contains("closed ticket #" + t.number());
        });
    }

    @Test
    void aComplaintAboutAClosedTicketWhoseFollowUpIsClosedTooOpensANewFollowUp() {
        Ticket t = solve(open(Channel.LINE, "ポイントについて"));
        desk.changeStatus(sato, t.id(), TicketStatus.CLOSED);
        Invitation inv = surveys.dueInvitations(clock.instant()).get(0);
        TicketId first = desk.reply(tanakaP, t.id(), "別の注文のポイントも確認できますか？").ticketId();
        desk.changeStatus(sato, first, TicketStatus.SOLVED);
        desk.changeStatus(sato, first, TicketStatus.CLOSED);

        surveys.submit(tenant, inv.token(), SurveySubmission.of("csat", 1)
            .withComment("ポイントの反映が遅すぎる。二度と利用しません。責任者から説明してください。"));

        List<TicketId> followUps = desk.ticket(sato, t.id()).linked(LinkType.FOLLOW_UP);
        assertThat(followUps).hasSize(2).startsWith(first);
        assertThat(desk.ticket(sato, first).complaint()).isFalse();
        assertThat(desk.ticket(sato, followUps.get(1)).complaint()).isTrue();
    }

    @Test
    void aSurveyAboutNoTicketOnAChannelTheCustomerCannotBeReachedOnIsRefused() {
        Surveys checked = Surveys.builder().clock(clock)
            .keys(new SurveyKeyRing()
            .add("k1", "integration-secret-0123456789abcdef".getBytes(StandardCharsets.US_ASCII)))
            .customerChannels(DeskSurveys.customerChannels(desk))
            .eventLog(deskStore.eventLog(), desk::processEvents).build();
        Customer takahashi = desk.createCustomer(admin,
                new NewCustomer("高橋 ゆい", List.of(ChannelIdentity.line("U0f3391bc")), null, "ja"));
        long eventsBefore = countInLog(SurveyInvitationScheduled.class);

        assertThatThrownBy(() -> checked.request(tenant, takahashi.id(), Channel.EMAIL, Locale.JAPANESE,
            SurveyDefinition.defaultNps()))
            .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                    .singleElement().satisfies(v -> {
                assertThat(v.field()).isEqualTo("channel");
                assertThat(v.message()).contains("cannot be reached on email", "[line]");
            }));
        assertThatThrownBy(() -> checked.enrollRelationship(tenant, takahashi.id(), Channel.SMS, Locale.JAPANESE))
            .isInstanceOf(ValidationException.class).hasMessageContaining("channel");
        assertThat(checked.store().count(tenant, InvitationState.SCHEDULED)).isZero();
        assertThat(countInLog(SurveyInvitationScheduled.class)).isEqualTo(eventsBefore);

        ScheduleResult onLine = checked.request(tenant, takahashi.id(), Channel.LINE, Locale.JAPANESE,
                SurveyDefinition.defaultNps());
        assertThat(onLine.invitation()).isNotNull();
        assertThat(onLine.invitation().channel()).isEqualTo(Channel.LINE);
        // merged into 田中, she is reached on his email too
        desk.mergeCustomers(admin, tanaka.id(), takahashi.id());
        assertThat(DeskSurveys.customerChannels(desk).reachable(tenant, takahashi.id()))
            .containsExactlyInAnyOrder(Channel.EMAIL, Channel.LINE);
        assertThat(DeskSurveys.customerChannels(desk).reachable(tenant, io.madoguchi.core.CustomerId.of("C-unknown")))
                .isEmpty();
    }

    @Test
    void aComplaintInACustomerMessageFlagsTheTicket() {
        Ticket t = open(Channel.EMAIL, "届かない");
        desk.reply(tanakaP, t.id(), "いつまで待たせるのか。対応がひどい。二度と頼まない。責任者を出せ。");
        Ticket after = desk.ticket(sato, t.id());
        assertThat(after.complaint()).isTrue();
        assertThat(after.priority()).isEqualTo(Priority.URGENT);
        Ticket calm = open(Channel.EMAIL, "質問");
        desk.reply(tanakaP, calm.id(), "丁寧に説明していただきありがとうございます。");
        assertThat(desk.ticket(sato, calm.id()).complaint()).isFalse();
    }

    @Test
    void mergedTicketsLoseTheirSurveyAndTheCustomerIsThrottled() {
        Ticket first = solve(open(Channel.EMAIL, "一件目"));
        Ticket target = open(Channel.EMAIL, "二件目");
        desk.merge(sato, first.id(), target.id());
        clock.advance(Duration.ofHours(3));
        assertThat(surveys.dueInvitations(clock.instant())).isEmpty();

        Ticket third = solve(open(Channel.EMAIL, "三件目"));
        Ticket fourth = solve(open(Channel.EMAIL, "四件目"));
        clock.advance(Duration.ofHours(2));
        assertThat(surveys.dueInvitations(clock.instant())).singleElement()
            .satisfies(i -> assertThat(i.ticket()).isEqualTo(third.id()));
        clock.advance(Duration.ofDays(7));
        Ticket fifth = solve(open(Channel.EMAIL, "五件目"));
        clock.advance(Duration.ofHours(2));
        assertThat(surveys.dueInvitations(clock.instant())).extracting(Invitation::ticket)
            .containsExactly(third.id(), fifth.id());
        assertThat(fourth.status()).isEqualTo(TicketStatus.SOLVED);
    }

    @Test
    void onlyTheTicketsCustomerCanAnswer() {
        solve(open(Channel.LINE, "質問"));
        Invitation inv = surveys.dueInvitations(clock.instant()).get(0);
        Customer other = desk.createCustomer(admin, NewCustomer.of("鈴木", ChannelIdentity.email("suzuki@example.jp")));
        assertThatThrownBy(() -> surveys.submit(tenant, inv.token(), other.id(), SurveySubmission.of("csat", 5)))
            .isInstanceOf(InvalidSurveyTokenException.class);
        assertThat(surveys.responses(tenant)).isEmpty();
    }

    @Test
    void aComplaintAboutAClosedTicketWithAVeryLongSubjectStillOpensTheFollowUp() {
        String subject = "注文番号 A-1234 の商品が届かない件について".repeat(10).substring(0, 240);
        Ticket t = solve(open(Channel.LINE, subject));
        desk.changeStatus(sato, t.id(), TicketStatus.CLOSED);
        Invitation inv = surveys.dueInvitations(clock.instant()).get(0);

        surveys.submit(tenant, inv.token(), SurveySubmission.of("csat", 1)
            .withComment("対応が最悪です。二度と利用しません。責任者から説明してください。"));

        Ticket closed = desk.ticket(sato, t.id());
        assertThat(closed.links()).singleElement().satisfies(l -> assertThat(l.type()).isEqualTo(LinkType.FOLLOW_UP));
        Ticket followUp = desk.ticket(sato, closed.links().get(0).other());
        assertThat(followUp.subject()).hasSize(250).startsWith("クレーム / complaint: 注文番号 A-1234").endsWith("…");
        assertThat(followUp.complaint()).isTrue();
        assertThat(desk.parkedEvents(admin, DeskEscalation.NAME)).isEmpty();
    }

    @Test
    void aSolveEventDeliveredAgainInvitesNobodyTwice() {
        solve(open(Channel.EMAIL, "一件目"));
        Customer suzuki = desk.createCustomer(admin,
                NewCustomer.of("鈴木 花子", ChannelIdentity.email("suzuki@example.jp")));
        desk.changeStatus(sato, desk.createTicket(desk.system(tenant, "channels"), CreateTicket.builder(suzuki.id(),
            Channel.LINE, "二件目", "ポイントが反映されません").build()).id(), TicketStatus.SOLVED);
        long scheduledEvents = countInLog(SurveyInvitationScheduled.class);
        assertThat(surveys.store().count(tenant, InvitationState.SCHEDULED)).isEqualTo(2);
        assertThat(scheduledEvents).isEqualTo(2);

        // a second subscriber reads the whole log again, as a restarted host with a lost checkpoint would
        desk.subscribe(new DeskSurveys(surveys, TextAnalyzer.defaults(), Locale.JAPANESE, "surveys-replay"));

        assertThat(surveys.store().count(tenant, InvitationState.SCHEDULED)).isEqualTo(2);
        assertThat(countInLog(SurveyInvitationScheduled.class)).isEqualTo(scheduledEvents);
    }

    @Test
    void aTicketReopenedByItsCustomerAndSolvedAgainIsSurveyedFromTheLastSolve() {
        Ticket t = solve(open(Channel.EMAIL, "返金について"));
        Instant firstSolve = clock.instant();
        clock.advance(Duration.ofHours(1));
        desk.reply(tanakaP, t.id(), "まだ返金が確認できません。");
        assertThat(desk.ticket(sato, t.id()).status()).isEqualTo(TicketStatus.OPEN);
        clock.advance(Duration.ofHours(3));
        desk.reply(sato, t.id(), "再度手続きしました。");
        desk.changeStatus(sato, t.id(), TicketStatus.SOLVED);
        Instant lastSolve = clock.instant();

        assertThat(surveys.dueInvitations(firstSolve.plus(Duration.ofHours(5)))).isEmpty();
        Invitation inv = surveys.dueInvitations(lastSolve.plus(Duration.ofHours(2))).get(0);
        assertThat(inv.dueAt()).isEqualTo(lastSolve.plus(Duration.ofHours(2)));
        assertThat(inv.expiresAt()).isEqualTo(lastSolve.plus(Duration.ofHours(2)).plus(Duration.ofDays(14)));
        assertThat(surveys.store().count(tenant, InvitationState.SCHEDULED)).isEqualTo(1);
    }

    private long countInLog(Class<?> type) {
        return deskStore.eventLog().read(0, 10_000).stream().filter(e -> type.isInstance(e.event())).count();
    }
}
