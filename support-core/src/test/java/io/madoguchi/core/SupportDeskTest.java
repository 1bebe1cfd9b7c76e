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
        assertThat(f.events(TicketCreated.class)).last().satisfies(e -> {
            assertThat(e.followUpOf()).isEqualTo(t.id());
            assertThat(e.ticketId()).isEqualTo(followUp.id());
            assertThat(e.firstMessage().body()).isEqualTo("別の月の請求書もお願いします");
        });
        assertThat(f.events(io.madoguchi.core.event.TicketLinked.class)).singleElement()
            .satisfies(e -> assertThat(e.ticketId()).isEqualTo(t.id()));
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

    @Test
    void attachmentMetadataIsKeptOnTheMessage() {
        Ticket t = f.open("画面が真っ白になります", "スクリーンショットを送ります");
        io.madoguchi.core.ticket.Attachment shot = new io.madoguchi.core.ticket.Attachment(
            "スクリーンショット.png", "image/png", 48_213, "s3://madoguchi/att/1");
        Message m = f.desk.addMessage(f.tanakaP, io.madoguchi.core.ticket.AddMessage.reply(t.id(), "添付をご確認ください")
            .withAttachments(java.util.List.of(shot)));
        assertThat(f.desk.messages(f.sato, t.id()).get(1).attachments()).containsExactly(shot);
        assertThat(m.authorKind()).isEqualTo(io.madoguchi.core.ticket.AuthorKind.CUSTOMER);
        assertThat(m.toString()).doesNotContain("添付をご確認ください");
    }

    @Test
    void oneStepWritesOneTimestampEvenWhenTheClockMovesOnEveryRead() {
        java.time.Clock ticking = new java.time.Clock() {
            private final java.util.concurrent.atomic.AtomicLong millis = new java.util.concurrent.atomic.AtomicLong();

            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public java.time.Instant instant() {
                return java.time.Instant.ofEpochMilli(1_795_000_000_000L + millis.incrementAndGet());
            }
        };
        SupportDesk desk = SupportDesk.builder().clock(ticking).build();
        TenantId tenant = TenantId.of("t");
        Principal agent = Principal.agent(tenant, AgentId.of("a"));
        var c = desk.resolveCustomer(desk.system(tenant, "mail"),
            io.madoguchi.core.customer.ChannelIdentity.email("x@example.jp"), "顧客");
        Ticket t = desk.createTicket(agent,
            io.madoguchi.core.ticket.CreateTicket.builder(c.id(), Channel.EMAIL, "件名", "本文").build());
        assertThat(t.createdAt()).isEqualTo(t.updatedAt());
        assertThat(desk.messages(agent, t.id()).get(0).createdAt()).isEqualTo(t.createdAt());
        Ticket solved = desk.changeStatus(agent, t.id(), TicketStatus.SOLVED);
        assertThat(solved.solvedAt()).isEqualTo(solved.updatedAt());
        assertThat(desk.history(agent, t.id()).get(1).at()).isEqualTo(solved.updatedAt());
        Message m = desk.reply(agent, t.id(), "追記");
        assertThat(desk.ticket(agent, t.id()).updatedAt()).isEqualTo(m.createdAt());
    }
}
