package io.madoguchi.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.event.MessageAdded;
import io.madoguchi.core.event.StatusChanged;
import io.madoguchi.core.event.TicketCreated;
import io.madoguchi.core.ticket.AuditEntry;
import io.madoguchi.core.ticket.LinkType;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketStatus;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SupportDeskTest {

    private final DeskFixture f = new DeskFixture();

    @Test
    void customerOpensTicketAndAgentReplies() {
        Ticket t = f.open("注文した商品が届きません", "注文番号 A-100 の商品がまだ届いていません。");
        assertThat(t.status()).isEqualTo(TicketStatus.NEW);
        assertThat(t.version()).isEqualTo(1);
        assertThat(t.number()).isEqualTo(1);
        f.clock.advance(Duration.ofMinutes(5));
        Message reply = f.desk.reply(f.sato, t.id(), "お問い合わせありがとうございます。確認いたします。");
        assertThat(reply.seq()).isEqualTo(2);
        Ticket after = f.desk.ticket(f.sato, t.id());
        assertThat(after.version()).isEqualTo(2);
        assertThat(after.updatedAt()).isEqualTo(f.clock.instant());
        assertThat(f.desk.messages(f.tanakaP, t.id())).extracting(Message::body)
            .containsExactly("注文番号 A-100 の商品がまだ届いていません。", "お問い合わせありがとうございます。確認いたします。");
        assertThat(f.events(TicketCreated.class)).hasSize(1);
        assertThat(f.events(MessageAdded.class)).hasSize(2);
    }

    @Test
    void solvedTicketReopensOnCustomerReply() {
        Ticket t = f.open("ログインできない", "パスワードを忘れました");
        f.desk.changeStatus(f.sato, t.id(), TicketStatus.SOLVED);
        f.desk.reply(f.tanakaP, t.id(), "まだログインできません");
        Ticket after = f.desk.ticket(f.sato, t.id());
        assertThat(after.status()).isEqualTo(TicketStatus.OPEN);
        assertThat(after.solvedAt()).isNull();
        assertThat(f.events(StatusChanged.class)).extracting(StatusChanged::to)
            .containsExactly(TicketStatus.SOLVED, TicketStatus.OPEN);
        assertThat(f.desk.history(f.sato, t.id())).extracting(AuditEntry::action)
            .containsExactly("created", "status", "public_reply");
    }

    @Test
    void customerReplyAfterCloseOpensLinkedFollowUp() {
        Ticket t = f.open("請求書の再発行", "請求書をもう一度送ってください");
        f.desk.changeStatus(f.sato, t.id(), TicketStatus.SOLVED);
        f.desk.changeStatus(f.sato, t.id(), TicketStatus.CLOSED);
        Message m = f.desk.reply(f.tanakaP, t.id(), "別の月の請求書もお願いします");
        assertThat(m.ticketId()).isNotEqualTo(t.id());
        Ticket followUp = f.desk.ticket(f.tanakaP, m.ticketId());
        assertThat(followUp.status()).isEqualTo(TicketStatus.NEW);
        assertThat(followUp.linked(LinkType.FOLLOW_UP_OF)).containsExactly(t.id());
        assertThat(f.desk.ticket(f.sato, t.id()).linked(LinkType.FOLLOW_UP)).containsExactly(followUp.id());
        assertThat(f.desk.ticket(f.sato, t.id()).status()).isEqualTo(TicketStatus.CLOSED);
    }

    @Test
    void staleExpectedVersionIsAConflict() {
        Ticket t = f.open("件名", "本文");
        f.desk.reply(f.sato, t.id(), "返信");
        assertThatThrownBy(() -> f.desk.apply(f.sato,
            new io.madoguchi.core.ticket.ChangeStatus(t.id(), TicketStatus.PENDING, 1)))
            .isInstanceOf(ConflictException.class).hasMessageContaining("version 2");
        assertThat(f.desk.ticket(f.sato, t.id()).status()).isEqualTo(TicketStatus.NEW);
    }
}
