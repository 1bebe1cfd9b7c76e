package io.madoguchi.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.agent.Agent;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.event.DeskEvent;
import io.madoguchi.core.event.DeskListener;
import io.madoguchi.core.event.MessageAdded;
import io.madoguchi.core.macro.Macro;
import io.madoguchi.core.ticket.AddMessage;
import io.madoguchi.core.ticket.AuditEntry;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketQuery;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.ticket.Visibility;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tenant isolation and customer visibility: internal notes never reach a customer by any path. */
class AccessControlTest {

    private final DeskFixture f = new DeskFixture();
    private final TenantId otherTenant = TenantId.of("shop-b");
    private final Principal otherAgent = Principal.agent(otherTenant, AgentId.of("kato"));
    private final Principal otherAdmin = Principal.admin(otherTenant, AgentId.of("boss"));

    @Test
    void agentOfAnotherTenantCannotReadOrChangeTickets() {
        List<DeskEvent> seenByOtherTenant = new ArrayList<>();
        f.desk.addListener(DeskListener.visibleTo(otherAgent, seenByOtherTenant::add));
        Ticket t = f.open("他テナントから見えてはいけない", "秘密の内容");
        // another tenant's ids answer exactly as missing ones: NotFound, never AccessDenied (no existence oracle)
        assertThatThrownBy(() -> f.desk.ticket(otherAgent, t.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> f.desk.messages(otherAgent, t.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> f.desk.history(otherAgent, t.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> f.desk.reply(otherAgent, t.id(), "こんにちは")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> f.desk.changeStatus(otherAgent, t.id(), TicketStatus.SOLVED))
            .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> f.desk.customer(otherAgent, f.tanaka.id())).isInstanceOf(NotFoundException.class);
        assertThat(f.desk.query(otherAgent, TicketQuery.builder().build()).tickets()).isEmpty();
        assertThat(f.desk.findCustomer(otherAgent, ChannelIdentity.email("tanaka@example.jp"))).isEmpty();
        assertThat(f.desk.ticket(f.sato, t.id()).version()).isEqualTo(1);
        assertThat(seenByOtherTenant).isEmpty();
        assertThat(f.events).isNotEmpty().noneMatch(e -> e.visibleTo(otherAgent));
    }

    @Test
    void adminCannotConfigureAnotherTenant() {
        assertThatThrownBy(() -> f.desk.saveAgent(otherAdmin, Agent.of(f.tenant, AgentId.of("spy"), "スパイ")))
            .isInstanceOf(AccessDeniedException.class);
        // the other tenant's own agent "sato" is another agent: it neither replaces nor reveals this tenant's
        f.desk.saveAgent(otherAdmin, Agent.of(otherTenant, AgentId.of("sato"), "別会社の佐藤"));
        assertThatThrownBy(() -> f.desk.saveMacro(f.sato, Macro.reply(f.tenant, "m", "m", Map.of("ja", "x"))))
            .isInstanceOf(AccessDeniedException.class);
        assertThat(f.desk.agent(f.sato, AgentId.of("sato")).name()).isEqualTo("佐藤");
        assertThat(f.desk.agent(otherAdmin, AgentId.of("sato")).name()).isEqualTo("別会社の佐藤");
    }

    @Test
    void sameIdentityInTwoTenantsIsTwoCustomers() {
        Customer b = f.desk.resolveCustomer(Principal.system(otherTenant, "mail"),
            ChannelIdentity.email("TANAKA@example.jp"), "田中");
        assertThat(b.id()).isNotEqualTo(f.tanaka.id());
        assertThat(f.desk.resolveCustomer(f.system, ChannelIdentity.email("tanaka@example.jp"), "x").id())
            .isEqualTo(f.tanaka.id());
    }

    @Test
    void customerSeesOnlyOwnTicketsAndNoInternalNotes() {
        Customer suzuki = f.desk.resolveCustomer(f.system, ChannelIdentity.line("U1234567890"), "鈴木 花子");
        Principal suzukiP = Principal.customer(f.tenant, suzuki.id());
        List<DeskEvent> seenByTanaka = new ArrayList<>();
        f.desk.addListener(DeskListener.visibleTo(f.tanakaP, seenByTanaka::add));

        Ticket mine = f.open("配送状況を教えてください", "いつ届きますか");
        Ticket hers = f.desk.createTicket(suzukiP, CreateTicket.builder(suzuki.id(), Channel.LINE, "返金", "返金してください")
            .build());
        f.desk.addNote(f.sato, mine.id(), "社内メモ: 倉庫の在庫ミス、顧客には言わない");
        f.desk.reply(f.sato, mine.id(), "明日お届け予定です");

        assertThat(f.desk.messages(f.tanakaP, mine.id())).extracting(Message::body)
            .containsExactly("いつ届きますか", "明日お届け予定です");
        assertThat(f.desk.messages(f.sato, mine.id())).hasSize(3);
        assertThat(f.desk.history(f.tanakaP, mine.id())).extracting(AuditEntry::action)
            .containsExactly("created", "public_reply");
        assertThat(f.desk.history(f.sato, mine.id())).extracting(AuditEntry::action)
            .containsExactly("created", "internal_note", "public_reply");

        // queries: only own tickets; the text of internal notes never matches
        assertThat(f.desk.query(f.tanakaP, TicketQuery.builder().build()).tickets()).extracting(Ticket::id)
            .containsExactly(mine.id());
        assertThat(f.desk.query(f.tanakaP, TicketQuery.builder().text("在庫ミス").build()).tickets()).isEmpty();
        assertThat(f.desk.query(f.sato, TicketQuery.builder().text("在庫ミス").build()).tickets()).extracting(Ticket::id)
            .containsExactly(mine.id());
        assertThatThrownBy(() -> f.desk.query(f.tanakaP, TicketQuery.builder().requester(suzuki.id()).build()))
            .isInstanceOf(AccessDeniedException.class);

        // events: own tickets only, never an internal note
        assertThat(seenByTanaka).allSatisfy(e -> assertThat(e.visibleTo(f.tanakaP)).isTrue());
        assertThat(seenByTanaka).filteredOn(MessageAdded.class::isInstance)
            .map(e -> ((MessageAdded) e).message().body())
            .containsExactly("いつ届きますか", "明日お届け予定です");
        assertThat(seenByTanaka).noneMatch(e -> e instanceof io.madoguchi.core.event.TicketEvent te
            && te.ticketId().equals(hers.id()));

        // another customer's ticket is off limits, and answers as a missing one
        assertThatThrownBy(() -> f.desk.ticket(f.tanakaP, hers.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> f.desk.reply(f.tanakaP, hers.id(), "横から失礼")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> f.desk.messages(f.tanakaP, hers.id())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void customerCannotAddNotesOrChangeTheTicket() {
        Ticket t = f.open("パスワード再設定", "メールが届きません");
        assertThatThrownBy(() -> f.desk.addMessage(f.tanakaP, AddMessage.note(t.id(), "内部のふり")))
            .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> f.desk.changeStatus(f.tanakaP, t.id(), TicketStatus.SOLVED))
            .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> f.desk.assign(f.tanakaP, t.id(), AgentId.of("sato")))
            .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> f.desk.createTicket(f.tanakaP,
            CreateTicket.builder(CustomerId.of("C999"), Channel.WEB, "なりすまし", "x").build()))
            .isInstanceOf(AccessDeniedException.class);
        assertThat(f.desk.history(f.sato, t.id())).hasSize(1);
    }

    @Test
    void botAndSystemPrincipalsActAsStaff() {
        Ticket t = f.open("営業時間は？", "何時まで営業していますか");
        Principal bot = f.desk.bot(f.tenant, "faq-bot");
        Message answer = f.desk.reply(bot, t.id(), "平日9時から18時まで営業しています。");
        assertThat(answer.authorKind()).isEqualTo(io.madoguchi.core.ticket.AuthorKind.BOT);
        Principal sla = f.desk.system(f.tenant, "sla");
        f.desk.addNote(sla, t.id(), "SLA: 初回応答 12分");
        assertThat(f.desk.messages(f.sato, t.id())).extracting(Message::visibility)
            .containsExactly(Visibility.PUBLIC, Visibility.PUBLIC, Visibility.INTERNAL);
        assertThat(f.desk.messages(f.sato, t.id()).get(2).authorKind())
            .isEqualTo(io.madoguchi.core.ticket.AuthorKind.SYSTEM);
    }

    @Test
    void customerNeverSeesStaffOnlyDataSuchAsTheComplaintFlag() {
        List<DeskEvent> seenByTanaka = new ArrayList<>();
        f.desk.addListener(DeskListener.visibleTo(f.tanakaP, seenByTanaka::add));
        Ticket t = f.desk.createTicket(f.tanakaP,
            CreateTicket.builder(f.tanaka.id(), Channel.WEB, "責任者を出してください", "対応が遅すぎます")
            .build());
        assertThat(t.tags()).isEmpty();
        f.desk.flagComplaint(f.sato, t.id());
        f.desk.addTags(f.sato, t.id(), "クレーム", "要注意");
        f.desk.assign(f.sato, t.id(), AgentId.of("suzuki"));
        f.desk.changeStatus(f.sato, t.id(), TicketStatus.OPEN);

        Ticket staffView = f.desk.ticket(f.sato, t.id());
        assertThat(staffView.complaint()).isTrue();
        assertThat(staffView.tags()).containsExactly("クレーム", "要注意");
        assertThat(f.desk.apply(f.tanakaP, AddMessage.reply(t.id(), "まだですか")).tags()).isEmpty();
        Ticket customerView = f.desk.ticket(f.tanakaP, t.id());
        assertThat(customerView.complaint()).isFalse();
        assertThat(customerView.tags()).isEmpty();
        assertThat(customerView.status()).isEqualTo(TicketStatus.OPEN);
        assertThat(customerView.version()).isEqualTo(f.desk.ticket(f.sato, t.id()).version());
        assertThat(f.desk.query(f.tanakaP, TicketQuery.builder().build()).tickets()).singleElement()
            .satisfies(q -> assertThat(q.tags()).isEmpty()).satisfies(q -> assertThat(q.complaint()).isFalse());
        assertThatThrownBy(() -> f.desk.query(f.tanakaP, TicketQuery.builder().tag("クレーム").build()))
            .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> f.desk.query(f.tanakaP, TicketQuery.builder().complaint(true).build()))
            .isInstanceOf(AccessDeniedException.class);

        List<AuditEntry> history = f.desk.history(f.tanakaP, t.id());
        // the complaint step shows only its visible effect, the priority raise, under a neutral name
        assertThat(history).extracting(AuditEntry::action)
            .containsExactly("created", "updated", "status", "public_reply");
        assertThat(history).flatExtracting(AuditEntry::changes).extracting(c -> c.field())
            .containsOnly("status", "priority", "messages");
        assertThat(seenByTanaka).extracting(e -> e.getClass().getSimpleName())
            .containsExactly("TicketCreated", "MessageAdded", "PriorityChanged", "StatusChanged", "MessageAdded");
    }
}
