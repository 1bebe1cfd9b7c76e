package io.madoguchi.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.event.DeliveryRequested;
import io.madoguchi.core.event.MessageAdded;
import io.madoguchi.core.event.StatusChanged;
import io.madoguchi.core.event.TagsChanged;
import io.madoguchi.core.ticket.AddMessage;
import io.madoguchi.core.ticket.AuditEntry;
import io.madoguchi.core.ticket.ChangeStatus;
import io.madoguchi.core.ticket.ChangeTags;
import io.madoguchi.core.ticket.Priority;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketCommand;
import io.madoguchi.core.ticket.TicketStatus;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CompoundStepAndDeliveryTest {

    private final DeskFixture f = new DeskFixture();

    @Test
    void aCompoundStepIsOneVersionOneAuditEntryAndAllItsEvents() {
        Ticket t = f.open("ポイント", "ポイントが付きません");
        long head = f.store.eventLog().head();
        Ticket after = f.desk.apply(f.sato, t.id(), t.version(), List.of(
            AddMessage.reply(t.id(), "ポイントを付与しました。ご確認ください。"),
            new ChangeStatus(t.id(), TicketStatus.PENDING, TicketCommand.LATEST),
            new ChangeTags(t.id(), Set.of("ポイント"), Set.of(), TicketCommand.LATEST)));
        assertThat(after.version()).isEqualTo(t.version() + 1);
        assertThat(after.status()).isEqualTo(TicketStatus.PENDING);
        assertThat(after.tags()).containsExactly("ポイント");
        List<AuditEntry> history = f.desk.history(f.sato, t.id());
        assertThat(history).hasSize(2);
        assertThat(history.get(1).action()).isEqualTo("public_reply");
        assertThat(f.events.subList(f.events.size() - 4, f.events.size())).extracting(e -> (Object) e.getClass())
            .containsExactly(MessageAdded.class, DeliveryRequested.class, StatusChanged.class, TagsChanged.class);
        assertThat(f.store.eventLog().head()).isEqualTo(head + 4);
    }

    @Test
    void aCompoundStepWithOneBadCommandChangesNothingAndNamesIt() {
        Ticket t = f.open("件名", "本文");
        assertThatThrownBy(() -> f.desk.apply(f.sato, t.id(), TicketCommand.LATEST, List.of(
            AddMessage.reply(t.id(), "返信"),
            AddMessage.reply(TicketId.of("T999"), "別のチケット"),
            AddMessage.reply(t.id(), " "))))
            .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                .extracting(Violation::field).contains("commands[1].ticketId", "commands[2].body"));
        assertThatThrownBy(() -> f.desk.apply(f.sato, t.id(), TicketCommand.LATEST,
            List.of(new ChangeStatus(t.id(), TicketStatus.SOLVED, TicketCommand.LATEST),
                new ChangeStatus(t.id(), TicketStatus.NEW, TicketCommand.LATEST))))
            .isInstanceOf(IllegalTransitionException.class);
        assertThat(f.desk.ticket(f.sato, t.id()).version()).isEqualTo(t.version());
        assertThatThrownBy(() -> f.desk.apply(f.tanakaP, t.id(), TicketCommand.LATEST,
            List.of(AddMessage.reply(t.id(), "顧客")))).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void aComponentsEventsCommitWithTheStepAndMustBeItsTenantsAndNotDeskEvents() {
        Ticket t = f.open("ポイント", "ポイントが付きません");
        long head = f.store.eventLog().head();
        Ticket after = f.desk.apply(f.sato, t.id(), TicketCommand.LATEST,
            List.of(new ChangeTags(t.id(), Set.of("ポイント"), Set.of(), TicketCommand.LATEST)),
            stored -> List.of(new io.madoguchi.core.bot.BotDeflected(stored.tenantId(), stored.id(),
                stored.updatedAt(), "plugin-bot", "faq-" + stored.version())));
        List<io.madoguchi.core.event.EventEnvelope> written = f.store.eventLog().read(head, 10);
        assertThat(written).extracting(e -> e.event().type()).containsExactly("desk.TagsChanged", "bot.BotDeflected");
        // the component's event was made from the ticket as stored
        assertThat(((io.madoguchi.core.bot.BotDeflected) written.get(1).event()).faqId())
            .isEqualTo("faq-" + after.version());

        TenantId other = TenantId.of("other-shop");
        assertThatThrownBy(() -> f.desk.apply(f.sato, t.id(), TicketCommand.LATEST,
            List.of(AddMessage.reply(t.id(), "返信")),
            stored -> List.of(new io.madoguchi.core.bot.BotDeflected(other, stored.id(), stored.updatedAt(), "b",
                null))))
            .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                .extracting(Violation::field).containsExactly("events[0]"));
        assertThatThrownBy(() -> f.desk.apply(f.sato, t.id(), TicketCommand.LATEST,
            List.of(AddMessage.reply(t.id(), "返信")),
            stored -> List.of(new io.madoguchi.core.event.PriorityChanged(stored, f.sato, stored.updatedAt(),
                Priority.NORMAL, Priority.HIGH))))
            .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                .extracting(Violation::field).containsExactly("events[0]"));
        // neither refused step changed anything
        assertThat(f.desk.ticket(f.sato, t.id()).version()).isEqualTo(after.version());
        assertThat(f.store.eventLog().head()).isEqualTo(head + 2);
    }

    @Test
    void onlyStaffPublicRepliesMeantToBeSentRequestDelivery() {
        Ticket t = f.open("配送", "まだ届きません");
        f.desk.reply(f.sato, t.id(), "本日発送いたしました。");
        f.desk.addNote(f.sato, t.id(), "倉庫に確認済み");
        f.desk.addMessage(f.sato, AddMessage.reply(t.id(), "お電話でご説明した内容です。").recordOnly());
        f.desk.reply(f.tanakaP, t.id(), "ありがとうございます");
        List<DeliveryRequested> requested = f.events(DeliveryRequested.class);
        assertThat(requested).hasSize(1);
        DeliveryRequested d = requested.get(0);
        assertThat(d.message().body()).isEqualTo("本日発送いたしました。");
        assertThat(d.channel()).isEqualTo(Channel.EMAIL);
        assertThat(d.visibleTo(f.tanakaP)).isFalse();
        // committed with the message: same version, adjacent in the log
        MessageAdded added = f.events(MessageAdded.class).get(1);
        assertThat(added.ticket().version()).isEqualTo(d.ticket().version());
    }

    @Test
    void aMacroIsTheSameOperationsAsOneStep() {
        Ticket t = f.open("注文", "注文を確認したい");
        f.desk.saveMacro(f.admin, io.madoguchi.core.macro.Macro.reply(f.tenant, "done", "完了",
            java.util.Map.of("ja", "{customer.name} 様、対応いたしました。")).thenStatus(TicketStatus.SOLVED)
            .thenPriority(Priority.LOW));
        var m = f.desk.applyMacro(f.sato, t.id(), "done");
        assertThat(m.body()).isEqualTo("田中 太郎 様、対応いたしました。");
        Ticket after = f.desk.ticket(f.sato, t.id());
        assertThat(after.version()).isEqualTo(t.version() + 1);
        assertThat(after.status()).isEqualTo(TicketStatus.SOLVED);
        assertThat(after.priority()).isEqualTo(Priority.LOW);
        assertThat(f.desk.history(f.sato, t.id()).get(1).action()).isEqualTo("macro:done");
        assertThat(f.events(DeliveryRequested.class)).hasSize(1);
    }
}
