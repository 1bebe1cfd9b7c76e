package io.madoguchi.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.customer.Organization;
import io.madoguchi.core.event.CustomerMerged;
import io.madoguchi.core.event.RequesterChanged;
import io.madoguchi.core.event.TicketLinked;
import io.madoguchi.core.event.TicketMerged;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.LinkType;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketQuery;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.ticket.TicketType;
import io.madoguchi.core.ticket.Visibility;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CustomerAndMergeTest {

    private final DeskFixture f = new DeskFixture();

    @Test
    void resolvingAnIdentityFindsOrCreatesTheCustomer() {
        Customer line = f.desk.resolveCustomer(f.system, ChannelIdentity.line("Uabc"), "山田");
        assertThat(f.desk.resolveCustomer(f.system, ChannelIdentity.line("Uabc"), "別名").id()).isEqualTo(line.id());
        assertThat(f.desk.resolveCustomer(f.system, ChannelIdentity.email("  Tanaka@Example.JP "), "x").id())
            .isEqualTo(f.tanaka.id());
        assertThat(f.desk.resolveCustomer(f.system, ChannelIdentity.phone("+81 (90) 1234-5678"), "電話の人").identities())
            .containsExactly(ChannelIdentity.phone("+819012345678"));
        assertThat(ChannelIdentity.phone("０９０−１２３４−５６７８").value()).isEqualTo("09012345678");
        assertThat(ChannelIdentity.email("tanaka@example.jp").toString()).doesNotContain("tanaka@example.jp");
    }

    @Test
    void emailDomainPutsNewCustomersInTheirOrganization() {
        f.desk.saveOrganization(f.admin,
            new Organization(OrganizationId.of("acme"), f.tenant, "株式会社アクメ", Set.of("ACME.co.jp")));
        Customer c = f.desk.resolveCustomer(f.system, ChannelIdentity.email("kimura@acme.co.jp"), "木村");
        assertThat(c.organizationId()).contains(OrganizationId.of("acme"));
        Ticket t = f.desk.createTicket(f.sato, CreateTicket.builder(c.id(), Channel.EMAIL, "見積依頼", "見積をください").build());
        assertThat(f.desk.query(f.sato,
            TicketQuery.builder().organization(OrganizationId.of("acme")).build()).tickets())
            .extracting(Ticket::id).containsExactly(t.id());
    }

    @Test
    void customerMergeMovesIdentitiesAndTickets() {
        Customer lineUser = f.desk.resolveCustomer(f.system, ChannelIdentity.line("U777"), "たなか");
        Ticket viaLine = f.desk.createTicket(f.system,
            CreateTicket.builder(lineUser.id(), Channel.LINE, "LINEからの問い合わせ", "こんにちは").build());
        Ticket viaMail = f.open("メールからの問い合わせ", "よろしく");
        Customer survivor = f.desk.mergeCustomers(f.sato, f.tanaka.id(), lineUser.id());
        assertThat(survivor.identities())
            .containsExactly(ChannelIdentity.email("tanaka@example.jp"), ChannelIdentity.line("U777"));
        assertThat(f.desk.resolveCustomer(f.system, ChannelIdentity.line("U777"), "x").id()).isEqualTo(f.tanaka.id());
        assertThat(f.desk.customer(f.sato, lineUser.id()).mergedIntoId()).contains(f.tanaka.id());
        assertThat(f.desk.ticket(f.sato, viaLine.id()).requester()).isEqualTo(f.tanaka.id());
        assertThat(f.desk.query(f.tanakaP, TicketQuery.builder().build()).tickets()).extracting(Ticket::id)
            .containsExactlyInAnyOrder(viaLine.id(), viaMail.id());
        assertThat(f.desk.history(f.sato, viaLine.id())).last().satisfies(e -> assertThat(e.changes()).singleElement()
            .satisfies(c -> assertThat(c.oldValue() + ">" + c.newValue())
                .isEqualTo(lineUser.id() + ">" + f.tanaka.id())));
        assertThat(f.events(RequesterChanged.class)).hasSize(1);
        assertThat(f.events(CustomerMerged.class)).singleElement()
            .satisfies(e -> assertThat(e.movedTickets()).containsExactly(viaLine.id()));
        assertThatThrownBy(() -> f.desk.mergeCustomers(f.sato, f.tanaka.id(), lineUser.id()))
            .isInstanceOf(ValidationException.class);
        // a ticket for the merged customer goes to the survivor
        Ticket later = f.desk.createTicket(f.system, CreateTicket.builder(lineUser.id(), Channel.LINE, "再度", "またです")
            .build());
        assertThat(later.requester()).isEqualTo(f.tanaka.id());
    }

    @Test
    void ticketMergeCombinesMessagesAndClosesTheMergedTicket() {
        Ticket a = f.open("注文キャンセル", "キャンセルしたい");
        Ticket b = f.open("注文キャンセル（再送）", "返事がないので再送します");
        f.desk.addNote(f.sato, b.id(), "重複チケット");
        Ticket survivor = f.desk.merge(f.sato, b.id(), a.id());
        Ticket merged = f.desk.ticket(f.sato, b.id());
        assertThat(merged.status()).isEqualTo(TicketStatus.CLOSED);
        assertThat(merged.mergedIntoId()).contains(a.id());
        assertThat(f.desk.messages(f.sato, a.id())).extracting(Message::body)
            .containsExactly("キャンセルしたい", "返事がないので再送します", "重複チケット");
        assertThat(f.desk.messages(f.tanakaP, a.id())).extracting(Message::visibility).containsOnly(Visibility.PUBLIC)
            .hasSize(2);
        assertThat(survivor.messageCount()).isEqualTo(3);
        assertThat(f.events(TicketMerged.class)).singleElement()
            .satisfies(e -> assertThat(e.survivor()).isEqualTo(a.id()));
        // a reply to the merged ticket lands on the survivor
        Message m = f.desk.reply(f.tanakaP, b.id(), "まだですか？");
        assertThat(m.ticketId()).isEqualTo(a.id());
        assertThatThrownBy(() -> f.desk.merge(f.sato, b.id(), a.id())).isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void incidentsLinkToAProblemOnBothSides() {
        Ticket problem = f.desk.createTicket(f.sato, CreateTicket.builder(f.tanaka.id(), Channel.WEB, "決済障害", "決済が全件失敗")
            .type(TicketType.PROBLEM).build());
        Ticket incident = f.open("カードで払えない", "エラーになります");
        f.desk.link(f.sato, incident.id(), LinkType.PROBLEM, problem.id());
        assertThat(f.desk.ticket(f.sato, incident.id()).linked(LinkType.PROBLEM)).containsExactly(problem.id());
        assertThat(f.desk.ticket(f.sato, problem.id()).linked(LinkType.INCIDENT)).containsExactly(incident.id());
        assertThat(f.events(TicketLinked.class)).hasSize(2);
        assertThatThrownBy(() -> f.desk.link(f.sato, problem.id(), LinkType.PROBLEM, incident.id()))
            .isInstanceOf(ValidationException.class);
        Ticket child = f.open("子チケット", "作業");
        f.desk.link(f.sato, child.id(), LinkType.PARENT, problem.id());
        assertThat(f.desk.ticket(f.sato, problem.id()).linked(LinkType.CHILD)).containsExactly(child.id());
    }

    @Test
    void complaintIsFlaggedAndEscalated() {
        Ticket t = f.open("対応が遅すぎる", "何度も連絡しているのに返事がない。責任者を出してください。");
        Ticket after = f.desk.flagComplaint(f.sato, t.id());
        assertThat(after.complaint()).isTrue();
        assertThat(after.priority()).isEqualTo(io.madoguchi.core.ticket.Priority.HIGH);
        assertThat(f.desk.query(f.sato, TicketQuery.builder().complaint(true).build()).tickets()).extracting(Ticket::id)
            .containsExactly(t.id());
    }

    @Test
    void customerDetailsAreUpdatedWithVersionCheck() {
        f.desk.saveOrganization(f.admin, new Organization(OrganizationId.of("acme"), f.tenant, "株式会社アクメ", Set.of()));
        Customer c = f.desk.updateCustomer(f.sato, io.madoguchi.core.customer.UpdateCustomer.of(f.tanaka.id())
            .withName("田中 太郎（アクメ）").withOrganization(OrganizationId.of("acme")));
        assertThat(c.name()).isEqualTo("田中 太郎（アクメ）");
        assertThat(c.organizationId()).contains(OrganizationId.of("acme"));
        assertThat(c.language()).isEqualTo("ja");
        assertThat(c.version()).isEqualTo(f.tanaka.version() + 1);
        assertThatThrownBy(() -> f.desk.updateCustomer(f.sato,
            new io.madoguchi.core.customer.UpdateCustomer(f.tanaka.id(), "古い版", null, null, f.tanaka.version())))
            .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> f.desk.updateCustomer(f.sato,
            io.madoguchi.core.customer.UpdateCustomer.of(f.tanaka.id()).withName("")))
            .isInstanceOf(ValidationException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> f.desk.updateCustomer(f.tanakaP,
            io.madoguchi.core.customer.UpdateCustomer.of(f.tanaka.id()).withName("自分")))
            .isInstanceOf(AccessDeniedException.class);
        assertThat(f.desk.customer(f.sato, f.tanaka.id())).isEqualTo(c);
    }
}
