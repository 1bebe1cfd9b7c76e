package io.madoguchi.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.inbound.InboundMessage;
import io.madoguchi.core.inbound.Received;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.ticket.AuthorKind;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.LinkType;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketLink;
import io.madoguchi.core.ticket.TicketQuery;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ReceiveTest {

    private final MutableClock clock = MutableClock.startingAt(Instant.parse("2026-11-24T01:00:00Z"));
    private final DeskStore store = DeskStore.inMemory(clock);
    private final SupportDesk desk = SupportDesk.builder().clock(clock).store(store).build();
    private final TenantId tenant = TenantId.of("shop-a");
    private final Principal line = desk.system(tenant, "line");
    private final Principal agent = Principal.agent(tenant, AgentId.of("sato"));

    private static InboundMessage fromLine(String user, String text, String id) {
        return InboundMessage.of(Channel.LINE, ChannelIdentity.line(user), "山田 花子", text, id);
    }

    private List<Ticket> ticketsOf(Received r) {
        return desk.query(agent, TicketQuery.builder().requester(r.customer().id()).build()).tickets();
    }

    @Test
    void aNewSendersMessagesOpenOneTicketWrittenAsTheCustomer() {
        Received first = desk.receive(line, fromLine("U1", "ポイントが反映されていません。\n注文番号は 1234 です。", "m-1"));
        Received second = desk.receive(line, fromLine("U1", "確認をお願いします", "m-2"));
        assertThat(first.outcome()).isEqualTo(Received.Outcome.OPENED);
        assertThat(second.outcome()).isEqualTo(Received.Outcome.JOINED);
        assertThat(second.ticket().id()).isEqualTo(first.ticket().id());
        assertThat(first.ticket().subject()).isEqualTo("ポイントが反映されていません。");
        assertThat(first.customer().identities()).containsExactly(ChannelIdentity.line("U1"));
        List<Message> messages = desk.messages(agent, first.ticket().id());
        assertThat(messages).extracting(Message::authorKind).containsOnly(AuthorKind.CUSTOMER);
        assertThat(messages).extracting(Message::authorId).containsOnly(first.customer().id().value());
        assertThat(ticketsOf(first)).hasSize(1);
    }

    @Test
    void aRedeliveryReturnsTheStoredMessageAndWritesNothing() {
        Received first = desk.receive(line, fromLine("U1", "返品したいです", "m-1"));
        Received again = desk.receive(line, fromLine("U1", "返品したいです", "m-1"));
        assertThat(again.outcome()).isEqualTo(Received.Outcome.DUPLICATE);
        assertThat(again.message()).isEqualTo(first.message());
        assertThat(again.ticket().id()).isEqualTo(first.ticket().id());
        assertThat(desk.messages(agent, first.ticket().id())).hasSize(1);
        // the same provider id in another tenant is another message
        Principal otherLine = desk.system(TenantId.of("shop-b"), "line");
        Received other = desk.receive(otherLine, fromLine("U1", "返品したいです", "m-1"));
        assertThat(other.outcome()).isEqualTo(Received.Outcome.OPENED);
        assertThat(other.ticket().tenantId()).isEqualTo(TenantId.of("shop-b"));
    }

    @Test
    void aReceivedMessageIsFoundByItsProviderIdWithoutWritingAndOnlyOnItsChannelAndTenant() {
        Received first = desk.receive(line, fromLine("U1", "返品したいです", "m-1"));
        Received second = desk.receive(line, fromLine("U1", "届いた箱が破れていました", "m-2"));
        long head = store.eventLog().head();

        Received found = desk.received(line, Channel.LINE, "m-2").orElseThrow();

        assertThat(found.outcome()).isEqualTo(Received.Outcome.DUPLICATE);
        assertThat(found.ticket().id()).isEqualTo(first.ticket().id());
        assertThat(found.message()).isEqualTo(second.message());
        assertThat(found.message().seq()).isEqualTo(2);
        assertThat(store.eventLog().head()).as("nothing written").isEqualTo(head);
        assertThat(desk.received(line, Channel.LINE, "m-3")).isEmpty();
        assertThat(desk.received(line, Channel.SLACK, "m-2")).as("another channel's id").isEmpty();
        assertThat(desk.received(desk.system(TenantId.of("shop-b"), "line"), Channel.LINE, "m-2")).isEmpty();
        assertThatThrownBy(() -> desk.received(Principal.customer(tenant, first.customer().id()), Channel.LINE,
            "m-2")).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void aCustomerMessageReopensASolvedTicketAndAClosedOneGetsAFollowUp() {
        Received first = desk.receive(line, fromLine("U1", "配送状況を知りたい", "m-1"));
        TicketId id = first.ticket().id();
        desk.reply(agent, id, "本日発送しました。");
        desk.changeStatus(agent, id, TicketStatus.SOLVED);
        Received reopened = desk.receive(line, fromLine("U1", "まだ届きません", "m-2"));
        assertThat(reopened.outcome()).isEqualTo(Received.Outcome.JOINED);
        assertThat(reopened.ticket().status()).isEqualTo(TicketStatus.OPEN);
        desk.changeStatus(agent, id, TicketStatus.SOLVED);
        desk.changeStatus(agent, id, TicketStatus.CLOSED);
        Received followUp = desk.receive(line, fromLine("U1", "別の注文についてです", "m-3"));
        assertThat(followUp.outcome()).isEqualTo(Received.Outcome.FOLLOW_UP);
        assertThat(followUp.ticket().id()).isNotEqualTo(id);
        assertThat(followUp.message().body()).isEqualTo("別の注文についてです");
        assertThat(desk.receive(line, fromLine("U1", "別の注文についてです", "m-3")).message())
            .isEqualTo(followUp.message());
    }

    @Test
    void aCustomerWithManyTicketsJoinsTheLatestConversationAmongThemAndNoOtherCustomersOrTenants() {
        TicketId last = null;
        for (int k = 1; k <= 25; k++) {
            clock.advance(Duration.ofMinutes(1));
            Received r = desk.receive(line, fromLine("U1", "注文 " + k + " について", "m-" + k));
            assertThat(r.outcome()).isEqualTo(k == 1 ? Received.Outcome.OPENED : Received.Outcome.FOLLOW_UP);
            desk.changeStatus(agent, r.ticket().id(), TicketStatus.SOLVED);
            desk.changeStatus(agent, r.ticket().id(), TicketStatus.CLOSED);
            last = r.ticket().id();
        }
        clock.advance(Duration.ofMinutes(1));
        Received open = desk.receive(line, fromLine("U1", "また質問です", "m-open"));
        assertThat(open.outcome()).isEqualTo(Received.Outcome.FOLLOW_UP);
        assertThat(open.ticket().links()).isNotEmpty();
        assertThat(open.ticket().id()).isNotEqualTo(last);
        // a staff-made LINE ticket for the same customer, then other senders and another tenant's U1 write later
        clock.advance(Duration.ofMinutes(1));
        Ticket byStaff = desk.createTicket(agent, CreateTicket.builder(open.customer().id(), Channel.LINE,
            "折り返しのご連絡", "担当からご連絡します").build());
        clock.advance(Duration.ofMinutes(1));
        desk.reply(agent, open.ticket().id(), "確認いたします");
        for (int k = 2; k <= 40; k++) {
            clock.advance(Duration.ofSeconds(1));
            desk.receive(line, fromLine("U" + k, "別のお客様です", "o-" + k));
        }
        Received elsewhere = desk.receive(desk.system(TenantId.of("shop-b"), "line"), fromLine("U1", "別店舗", "b-1"));

        Received joined = desk.receive(line, fromLine("U1", "追加の質問です", "m-join"));

        assertThat(joined.outcome()).isEqualTo(Received.Outcome.JOINED);
        assertThat(joined.ticket().id()).isEqualTo(open.ticket().id()).isNotEqualTo(byStaff.id())
            .isNotEqualTo(elsewhere.ticket().id());
        assertThat(ticketsOf(joined)).hasSize(27);
        assertThat(desk.messages(agent, open.ticket().id())).extracting(Message::body)
            .containsExactly("また質問です", "確認いたします", "追加の質問です");
    }

    @Test
    void aHintToAnotherCustomersTicketIsIgnored() {
        Received mine = desk.receive(line, fromLine("U1", "私の問い合わせ", "m-1"));
        InboundMessage sneaky = new InboundMessage(Channel.LINE, ChannelIdentity.line("U2"), "鈴木", "他人のチケット",
            List.of(), "m-2", mine.ticket().id(), null, "ja");
        Received theirs = desk.receive(line, sneaky);
        assertThat(theirs.outcome()).isEqualTo(Received.Outcome.OPENED);
        assertThat(theirs.ticket().id()).isNotEqualTo(mine.ticket().id());
        assertThat(desk.messages(agent, mine.ticket().id())).hasSize(1);
    }

    @Test
    void aHintOnlyMessageWithoutAUsableHintOpensANewTicketInsteadOfJoiningTheLatest() {
        Principal email = desk.system(tenant, "email");
        ChannelIdentity taro = ChannelIdentity.email("taro@example.jp");
        Received first = desk.receive(email, new InboundMessage(Channel.EMAIL, taro, "山田", "配送について", List.of(),
            "m-1", null, "配送について", "ja", true));
        Received unthreaded = desk.receive(email, new InboundMessage(Channel.EMAIL, taro, "山田", "別件です", List.of(),
            "m-2", null, "Re: 配送について", "ja", true));
        Received hinted = desk.receive(email, new InboundMessage(Channel.EMAIL, taro, "山田", "追記です", List.of(),
            "m-3", first.ticket().id(), null, "ja", true));

        assertThat(unthreaded.outcome()).isEqualTo(Received.Outcome.OPENED);
        assertThat(unthreaded.ticket().id()).isNotEqualTo(first.ticket().id());
        assertThat(hinted.outcome()).isEqualTo(Received.Outcome.JOINED);
        assertThat(hinted.ticket().id()).isEqualTo(first.ticket().id());
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndNothingIsWritten() {
        assertThatThrownBy(() -> desk.receive(line, fromLine("U1", " ", "m-1")))
            .isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.violations()).extracting(Violation::field).contains("text"));
        assertThat(desk.findCustomer(line, ChannelIdentity.line("U1"))).isEmpty();
        assertThatThrownBy(() -> desk.receive(Principal.customer(tenant, CustomerId.of("C1")),
            fromLine("U1", "本文", "m-1"))).isInstanceOf(AccessDeniedException.class);
        assertThat(fromLine("U1", "個人的な内容", "m-1").toString()).doesNotContain("個人的な内容").doesNotContain("U1");
    }

    @Test
    void concurrentRedeliveriesOfOneMessageAreStoredOnce() throws Exception {
        List<Received> results = race(16, i -> fromLine("U1", "二重送信されたメッセージ", "m-dup"));
        assertThat(results).extracting(r -> r.message()).containsOnly(results.get(0).message());
        assertThat(results).filteredOn(r -> r.outcome() == Received.Outcome.OPENED).hasSize(1);
        assertThat(desk.messages(agent, results.get(0).ticket().id())).hasSize(1);
    }

    @Test
    void concurrentMessagesFromOneNewSenderOpenOneTicket() throws Exception {
        List<Received> results = race(16, i -> fromLine("U9", "メッセージ " + i, "m-" + i));
        assertThat(results).extracting(r -> r.customer().id()).containsOnly(results.get(0).customer().id());
        assertThat(results).extracting(r -> r.ticket().id()).containsOnly(results.get(0).ticket().id());
        assertThat(desk.messages(agent, results.get(0).ticket().id())).hasSize(16);
    }

    private interface Make {
        InboundMessage make(int i);
    }

    private List<Received> race(int n, Make make) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Received>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                InboundMessage m = make.make(i);
                Callable<Received> task = () -> {
                    go.await();
                    return desk.receive(line, m);
                };
                futures.add(pool.submit(task));
            }
            go.countDown();
            List<Received> out = new ArrayList<>();
            for (Future<Received> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anInboundMessageOpensATicketEvenWhenTheTenantRequiresAFieldStaffFillInLater() {
        Principal admin = Principal.admin(tenant, AgentId.of("admin"));
        desk.defineField(admin, io.madoguchi.core.ticket.CustomFieldDefinition.of("order_no", "注文番号",
            io.madoguchi.core.ticket.FieldType.TEXT)
            .asRequired());
        Received r = desk.receive(line, fromLine("U1", "注文番号が分かりません", "m-1"));
        assertThat(r.outcome()).isEqualTo(Received.Outcome.OPENED);
        assertThat(r.ticket().customFields()).isEmpty();
    }

    @Test
    void aFirstLineOfOnlyInvisibleCharactersGivesNoSubject() {
        Received r = desk.receive(line, fromLine("U1", "\u200b\n住民票の写しがほしい", "m-1"));
        assertThat(r.ticket().subject()).isEqualTo("(no subject)");
    }
    private static InboundMessage replyTo(TicketId hint, String text, String id) {
        return new InboundMessage(Channel.LINE, ChannelIdentity.line("U1"), "山田 花子", text, List.of(), id, hint, null,
            "ja");
    }

    @Test
    void aReplyToATicketMergedIntoAnOpenOneJoinsTheSurvivor() {
        Received first = desk.receive(line, fromLine("U1", "注文 1001 の配送について", "m-1"));
        TicketId source = first.ticket().id();
        TicketId survivor = desk.createTicket(agent, CreateTicket.builder(first.customer().id(), Channel.LINE,
            "注文 1001 の配送（電話受付）", "同じ件でお電話がありました").build()).id();
        desk.merge(agent, source, survivor);
        assertThat(desk.ticket(agent, source).status()).isEqualTo(TicketStatus.CLOSED);

        Received r = desk.receive(line, replyTo(source, "まだ届いていません", "m-2"));

        assertThat(r.ticket().id()).isEqualTo(survivor);
        assertThat(r.outcome()).isEqualTo(Received.Outcome.JOINED);
        assertThat(r.message().ticketId()).isEqualTo(survivor);
        assertThat(desk.messages(agent, survivor)).extracting(Message::body).endsWith("まだ届いていません");
        assertThat(ticketsOf(r)).extracting(Ticket::id).containsExactlyInAnyOrder(source, survivor);
    }

    @Test
    void aReplyToAClosedTicketThatWasNotMergedIsAFollowUp() {
        Received first = desk.receive(line, fromLine("U1", "ポイントの有効期限について", "m-1"));
        TicketId closed = first.ticket().id();
        desk.changeStatus(agent, closed, TicketStatus.SOLVED);
        desk.changeStatus(agent, closed, TicketStatus.CLOSED);

        Received r = desk.receive(line, replyTo(closed, "もう一つ質問があります", "m-2"));

        assertThat(r.outcome()).isEqualTo(Received.Outcome.FOLLOW_UP);
        assertThat(r.ticket().id()).isNotEqualTo(closed);
        assertThat(r.ticket().links()).contains(new TicketLink(LinkType.FOLLOW_UP_OF, closed));
        assertThat(r.message().seq()).isEqualTo(1);
    }

    @Test
    void aReplyToATicketMergedIntoOneClosedSinceIsAFollowUpOfTheSurvivor() {
        Received first = desk.receive(line, fromLine("U1", "請求金額が違います", "m-1"));
        TicketId source = first.ticket().id();
        TicketId survivor = desk.createTicket(agent, CreateTicket.builder(first.customer().id(), Channel.LINE,
            "請求金額の確認", "同じ件です").build()).id();
        desk.merge(agent, source, survivor);
        desk.changeStatus(agent, survivor, TicketStatus.SOLVED);
        desk.changeStatus(agent, survivor, TicketStatus.CLOSED);

        Received r = desk.receive(line, replyTo(source, "再度確認をお願いします", "m-2"));

        assertThat(r.outcome()).isEqualTo(Received.Outcome.FOLLOW_UP);
        assertThat(r.ticket().links()).contains(new TicketLink(LinkType.FOLLOW_UP_OF, survivor));
    }
}
