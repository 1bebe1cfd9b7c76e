package io.madoguchi.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.customer.NewCustomer;
import io.madoguchi.core.macro.Macro;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Priority;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MacroTest {

    private final DeskFixture f = new DeskFixture();
    private final Macro solved = Macro.reply(f.tenant, "shipping-done", "発送済みのご案内", Map.of(
            "ja", "{customer.name} 様\nお問い合わせ番号 #{ticket.number}「{ticket.subject}」の商品は発送済みです。\n担当: {agent.name}",
            "en", "Dear {customer.name},\nthe item of ticket #{ticket.number} has shipped.\n{agent.name}"))
        .thenStatus(TicketStatus.SOLVED).thenTags("発送済み");

    @Test
    void japaneseMacroFillsPlaceholdersAndAppliesActionsInOneStep() {
        f.desk.saveMacro(f.admin, solved);
        Ticket t = f.open("注文の発送状況", "いつ発送されますか");
        Message m = f.desk.applyMacro(f.sato, t.id(), "shipping-done");
        assertThat(m.body()).isEqualTo("田中 太郎 様\nお問い合わせ番号 #1「注文の発送状況」の商品は発送済みです。\n担当: 佐藤");
        Ticket after = f.desk.ticket(f.sato, t.id());
        assertThat(after.status()).isEqualTo(TicketStatus.SOLVED);
        assertThat(after.tags()).containsExactly("発送済み");
        assertThat(after.version()).isEqualTo(2);
        assertThat(f.desk.history(f.sato, t.id())).last().satisfies(e -> {
            assertThat(e.action()).isEqualTo("macro:shipping-done");
            assertThat(e.changes()).extracting(c -> c.field()).containsExactly("messages", "status", "tags");
        });
    }

    @Test
    void englishCustomerGetsTheEnglishText() {
        f.desk.saveMacro(f.admin, solved);
        Customer smith = f.desk.createCustomer(f.system,
            NewCustomer.of("John Smith", ChannelIdentity.email("john@example.com")).withLanguage("en"));
        Ticket t = f.desk.createTicket(f.sato,
            CreateTicket.builder(smith.id(), Channel.EMAIL, "Where is my order?", "Hi")
                .priority(Priority.HIGH).build());
        assertThat(f.desk.applyMacro(f.sato, t.id(), "shipping-done").body())
            .isEqualTo("Dear John Smith,\nthe item of ticket #1 has shipped.\n佐藤");
    }

    @Test
    void unknownPlaceholderIsRejectedWhenTheMacroIsMade() {
        assertThatThrownBy(() -> Macro.reply(f.tenant, "bad", "壊れた",
            Map.of("ja", "{customer.phone} へお電話します", "en", "")))
            .isInstanceOf(ValidationException.class)
            .satisfies(e -> assertThat(((ValidationException) e).violations()).extracting(Violation::field)
                .containsExactly("texts.en", "texts.ja"));
    }

    @Test
    void macroWithForbiddenTransitionChangesNothing() {
        f.desk.saveMacro(f.admin, Macro.reply(f.tenant, "close", "クローズ", Map.of("ja", "クローズします"))
            .thenStatus(TicketStatus.CLOSED));
        Ticket t = f.open("件名", "本文");
        assertThatThrownBy(() -> f.desk.applyMacro(f.sato, t.id(), "close"))
            .isInstanceOf(IllegalTransitionException.class);
        assertThat(f.desk.messages(f.sato, t.id())).hasSize(1);
        assertThat(f.desk.macros(f.sato)).extracting(Macro::id).containsExactly("close");
        assertThat(List.of(f.desk.ticket(f.sato, t.id()).version())).containsExactly(1L);
    }

    @Test
    void macroOnAClosedTicketIsRefused() {
        f.desk.saveMacro(f.admin, solved);
        Ticket t = f.open("件名", "本文");
        f.desk.changeStatus(f.sato, t.id(), TicketStatus.SOLVED);
        f.desk.changeStatus(f.sato, t.id(), TicketStatus.CLOSED);
        assertThatThrownBy(() -> f.desk.applyMacro(f.sato, t.id(), "shipping-done"))
            .isInstanceOf(IllegalTransitionException.class);
        assertThat(f.desk.messages(f.sato, t.id())).hasSize(1);
    }
}
