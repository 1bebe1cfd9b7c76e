package io.madoguchi.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.customer.UpdateCustomer;
import io.madoguchi.core.event.DeskEvent;
import io.madoguchi.core.event.DeskListener;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.EventJson;
import io.madoguchi.core.event.StatusChanged;
import io.madoguchi.core.event.TicketEvent;
import io.madoguchi.core.event.TicketLinked;
import io.madoguchi.core.event.TicketMerged;
import io.madoguchi.core.ticket.AuditEntry;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.LinkType;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketQuery;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.ticket.Visibility;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The merge rule: tickets of one requester merge as one thread; tickets of different requesters merge only when
 * staff say so, and then no customer is shown the other's messages. A merged-away customer takes no more changes.
 */
class MergeAcrossRequestersTest {

    private final DeskFixture f = new DeskFixture();
    private final Customer suzuki = f.desk.resolveCustomer(f.system, ChannelIdentity.line("U-suzuki"), "鈴木 花子");
    private final Principal suzukiP = Principal.customer(f.tenant, suzuki.id());

    private Ticket suzukisTicket(String subject, String body) {
        return f.desk.createTicket(suzukiP, CreateTicket.builder(suzuki.id(), Channel.LINE, subject, body).build());
    }

    @Test
    void ticketsOfDifferentRequestersAreNotMergedWithoutConfirmation() {
        Ticket tanakas = f.open("決済エラー", "カード番号 4111 で決済できません");
        Ticket suzukis = suzukiTicket();
        int events = f.events.size();
        assertThatThrownBy(() -> f.desk.merge(f.sato, tanakas.id(), suzukis.id()))
            .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                .extracting(Violation::field).containsExactly("target"));
        assertThat(f.desk.ticket(f.sato, tanakas.id()).version()).isEqualTo(1);
        assertThat(f.desk.ticket(f.sato, suzukis.id()).version()).isEqualTo(1);
        assertThat(f.events).hasSize(events);
        assertThat(f.desk.messages(suzukiP, suzukis.id())).extracting(Message::body).containsExactly("決済できません");
    }

    private Ticket suzukiTicket() {
        return suzukisTicket("決済エラー", "決済できません");
    }

    @Test
    void aConfirmedMergeAcrossRequestersShowsNoCustomerTheOthersMessages() {
        Ticket tanakas = f.open("決済エラー", "カード番号 4111 で決済できません");
        f.desk.reply(f.sato, tanakas.id(), "田中様、確認いたします");
        Ticket suzukis = suzukiTicket();

        Ticket survivor = f.desk.mergeAcrossRequesters(f.sato, tanakas.id(), suzukis.id());

        // staff see the whole story, the first customer's messages as internal notes
        assertThat(f.desk.messages(f.sato, suzukis.id())).extracting(Message::body, Message::visibility)
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple("決済できません", Visibility.PUBLIC),
                org.assertj.core.groups.Tuple.tuple("カード番号 4111 で決済できません", Visibility.INTERNAL),
                org.assertj.core.groups.Tuple.tuple("田中様、確認いたします", Visibility.INTERNAL));
        // the target's customer sees none of it, not even the step
        assertThat(f.desk.messages(suzukiP, suzukis.id())).extracting(Message::body).containsExactly("決済できません");
        assertThat(f.desk.ticket(suzukiP, suzukis.id()).messageCount()).isEqualTo(1);
        assertThat(f.desk.history(suzukiP, suzukis.id())).extracting(AuditEntry::action).containsExactly("created");
        assertThat(survivor.requester()).isEqualTo(suzuki.id());
        Ticket merged = f.desk.ticket(f.sato, tanakas.id());
        assertThat(merged.status()).isEqualTo(TicketStatus.CLOSED);
        assertThat(merged.mergedIntoId()).contains(suzukis.id());

        // the first customer's reply to the merged ticket is accepted, on a follow-up of their own
        Message reply = f.desk.reply(f.tanakaP, tanakas.id(), "まだ決済できません");
        Ticket followUp = f.desk.ticket(f.tanakaP, reply.ticketId());
        assertThat(followUp.requester()).isEqualTo(f.tanaka.id());
        assertThat(followUp.linked(LinkType.FOLLOW_UP_OF)).containsExactly(tanakas.id());
        assertThat(f.desk.messages(suzukiP, suzukis.id())).extracting(Message::body).containsExactly("決済できません");
        // staff replying to the merged ticket reach the survivor
        assertThat(f.desk.reply(f.sato, tanakas.id(), "鈴木様、対応中です").ticketId()).isEqualTo(suzukis.id());
    }

    @Test
    void theMergedTicketsCustomerIsNotShownTheOtherCustomersTicketIdButStaffAre() {
        Ticket tanakas = f.open("決済エラー", "カード番号 4111 で決済できません");
        Ticket suzukis = suzukiTicket();
        f.desk.mergeAcrossRequesters(f.sato, tanakas.id(), suzukis.id());

        Ticket seen = f.desk.ticket(f.tanakaP, tanakas.id());
        assertThat(seen.status()).isEqualTo(TicketStatus.CLOSED);
        assertThat(seen.mergedIntoId()).isEmpty();
        assertThat(f.desk.query(f.tanakaP, TicketQuery.builder().build()).tickets())
            .filteredOn(t -> t.id().equals(tanakas.id())).singleElement()
            .satisfies(t -> assertThat(t.mergedIntoId()).isEmpty());
        List<AuditEntry> history = f.desk.history(f.tanakaP, tanakas.id());
        assertThat(history).extracting(AuditEntry::action).contains("merged_into");
        assertThat(history).flatExtracting(AuditEntry::changes)
            .noneMatch(c -> c.newValue().contains(suzukis.id().value()) || c.oldValue().contains(suzukis.id().value()));

        // staff still see where it went, in the ticket and its history
        assertThat(f.desk.ticket(f.sato, tanakas.id()).mergedIntoId()).contains(suzukis.id());
        assertThat(f.desk.history(f.sato, tanakas.id())).flatExtracting(AuditEntry::changes)
            .anyMatch(c -> c.field().equals("mergedInto") && c.newValue().equals(suzukis.id().value()));
    }

    @Test
    void theMergedTicketsCustomerIsToldOfTheCloseButNotTheOtherCustomersTicketIdInTheirEvents() {
        List<DeskEvent> seenByTanaka = new ArrayList<>();
        f.desk.addListener(DeskListener.visibleTo(f.tanakaP, seenByTanaka::add));
        Ticket tanakas = f.open("決済エラー", "カード番号 4111 で決済できません");
        Ticket suzukis = suzukiTicket();
        seenByTanaka.clear();

        f.desk.mergeAcrossRequesters(f.sato, tanakas.id(), suzukis.id());
        // a reply to the merged ticket opens a follow-up, linked from the merged ticket
        Message followUp = f.desk.reply(f.tanakaP, tanakas.id(), "その後どうなりましたか");

        // the close, as the reads show it: closed, no mergedInto; not the TicketMerged naming the survivor
        assertThat(seenByTanaka).noneMatch(TicketMerged.class::isInstance);
        assertThat(seenByTanaka).filteredOn(StatusChanged.class::isInstance).map(StatusChanged.class::cast)
            .singleElement().satisfies(e -> {
                assertThat(e.ticketId()).isEqualTo(tanakas.id());
                assertThat(e.to()).isEqualTo(TicketStatus.CLOSED);
                assertThat(e.ticket()).isEqualTo(f.desk.ticket(f.tanakaP, tanakas.id()).toBuilder()
                    .version(e.ticket().version()).updatedAt(e.ticket().updatedAt()).links(List.of()).build());
            });
        assertThat(seenByTanaka).filteredOn(TicketLinked.class::isInstance).map(TicketLinked.class::cast)
            .singleElement().satisfies(e -> {
                assertThat(e.ticketId()).isEqualTo(tanakas.id());
                assertThat(e.link().other()).isEqualTo(followUp.ticketId());
            });
        assertThat(seenByTanaka).extracting(e -> ((TicketEvent) e).ticketId())
            .containsOnly(tanakas.id(), followUp.ticketId());
        assertThat(seenByTanaka).allSatisfy(e -> assertThat(((TicketEvent) e).ticket().mergedIntoId()).isEmpty());
        // staff are told where it went, and whose it is; the log keeps both
        assertThat(f.events(TicketMerged.class)).singleElement().satisfies(e -> {
            assertThat(e.survivor()).isEqualTo(suzukis.id());
            assertThat(e.survivorRequester()).isEqualTo(suzuki.id());
            assertThat(e.intoOwnTicket()).isFalse();
            EventEnvelope stored = new EventEnvelope(7, e);
            assertThat(EventJson.parse(EventJson.toJson(stored), 1).event()).isEqualTo(EventJson.redact(e));
        });
    }

    @Test
    void aCustomersEventsNameTheirOwnTicketTheirTicketWasMergedInto() {
        List<DeskEvent> seenByTanaka = new ArrayList<>();
        f.desk.addListener(DeskListener.visibleTo(f.tanakaP, seenByTanaka::add));
        Ticket a = f.open("注文キャンセル", "キャンセルしたい");
        Ticket b = f.open("注文キャンセル（再送）", "返事がないので再送します");
        f.desk.merge(f.sato, b.id(), a.id());
        assertThat(seenByTanaka).filteredOn(TicketMerged.class::isInstance).map(TicketMerged.class::cast)
            .singleElement().satisfies(e -> {
                assertThat(e.survivor()).isEqualTo(a.id());
                assertThat(e.ticket().mergedIntoId()).contains(a.id());
                assertThat(e.intoOwnTicket()).isTrue();
            });
    }

    @Test
    void aCustomerStillSeesWhichOfTheirOwnTicketsTheirTicketWasMergedInto() {
        Ticket a = f.open("注文キャンセル", "キャンセルしたい");
        Ticket b = f.open("注文キャンセル（再送）", "返事がないので再送します");
        f.desk.merge(f.sato, b.id(), a.id());
        assertThat(f.desk.ticket(f.tanakaP, b.id()).mergedIntoId()).contains(a.id());
        assertThat(f.desk.history(f.tanakaP, b.id())).flatExtracting(AuditEntry::changes)
            .anyMatch(c -> c.field().equals("mergedInto") && c.newValue().equals(a.id().value()));
    }

    @Test
    void ticketsOfOneRequesterStillMergeIntoOneThreadTheCustomerSees() {
        Ticket a = f.open("注文キャンセル", "キャンセルしたい");
        Ticket b = f.open("注文キャンセル（再送）", "返事がないので再送します");
        f.desk.merge(f.sato, b.id(), a.id());
        assertThat(f.desk.messages(f.tanakaP, a.id())).extracting(Message::body)
            .containsExactly("キャンセルしたい", "返事がないので再送します");
        assertThat(f.desk.reply(f.tanakaP, b.id(), "まだですか").ticketId()).isEqualTo(a.id());
        // mergeAcrossRequesters on one requester's tickets is an ordinary merge
        Ticket c = f.open("三通目", "三回目です");
        f.desk.mergeAcrossRequesters(f.sato, c.id(), a.id());
        assertThat(f.desk.messages(f.tanakaP, a.id())).extracting(Message::visibility).containsOnly(Visibility.PUBLIC)
            .hasSize(4);
    }

    @Test
    void aMergedAwayCustomerTakesNoMoreEditsOrIdentities() {
        f.desk.mergeCustomers(f.sato, f.tanaka.id(), suzuki.id());
        long version = f.desk.customer(f.sato, suzuki.id()).version();
        assertThatThrownBy(() -> f.desk.addIdentity(f.sato, suzuki.id(), ChannelIdentity.email("hanako@example.jp")))
            .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                .extracting(Violation::field).containsExactly("customerId"));
        assertThatThrownBy(() -> f.desk.updateCustomer(f.sato, UpdateCustomer.of(suzuki.id()).withName("鈴木 花子（旧）")))
            .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                .extracting(Violation::field).containsExactly("customerId"));
        assertThat(f.desk.customer(f.sato, suzuki.id()).version()).isEqualTo(version);
        assertThat(f.desk.findCustomer(f.sato, ChannelIdentity.email("hanako@example.jp"))).isEmpty();
    }
}
