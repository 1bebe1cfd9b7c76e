package io.madoguchi.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.madoguchi.core.agent.Agent;
import io.madoguchi.core.agent.AssignmentStrategy;
import io.madoguchi.core.agent.Group;
import io.madoguchi.core.integration.SelfServiceBot;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.customer.NewCustomer;
import io.madoguchi.core.customer.Organization;
import io.madoguchi.core.customer.UpdateCustomer;
import io.madoguchi.core.event.DeskEvent;
import io.madoguchi.core.event.DeskListener;
import io.madoguchi.core.macro.Macro;
import io.madoguchi.core.ticket.Attachment;
import io.madoguchi.core.ticket.AuditEntry;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.CustomFieldDefinition;
import io.madoguchi.core.ticket.FieldChange;
import io.madoguchi.core.ticket.FieldType;
import io.madoguchi.core.ticket.LinkType;
import io.madoguchi.core.ticket.Priority;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketQuery;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.ticket.TicketType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Customers see and set only what is theirs, and every tenant is a namespace of its own: staff-only fields on a
 * customer's new ticket, per-tenant agent, group and organization ids, NotFound for foreign ids, and the customer's
 * view of a ticket.
 */
class CustomerBoundaryTest {

    private final DeskFixture f = new DeskFixture();
    private final TenantId otherTenant = TenantId.of("shop-b");
    private final Principal otherAdmin = Principal.admin(otherTenant, AgentId.of("boss"));
    private final Principal otherAgent = Principal.agent(otherTenant, AgentId.of("kato"));

    private int ticketsOfTheTenant() {
        return f.desk.query(f.sato, TicketQuery.builder().build()).tickets().size();
    }

    // ------------------------------------------------------------------ staff-only fields

    @Test
    void aCustomerOpeningATicketCannotSetStaffOnlyFieldsAndNothingIsWritten() {
        f.desk.defineField(f.admin, CustomFieldDefinition.of("order_no", "注文番号", FieldType.TEXT).asCustomerEditable());
        f.desk.defineField(f.admin, CustomFieldDefinition.of("vip_rank", "VIPランク", FieldType.TEXT));
        int events = f.events.size();
        CreateTicket sneaky = CreateTicket.builder(f.tanaka.id(), Channel.WEB, "至急対応してください", "はい")
            .tags(SelfServiceBot.TAG_AWAITING).complaint(true).priority(Priority.URGENT).type(TicketType.INCIDENT)
            .customField("order_no", "A-100").customField("vip_rank", "S").build();

        assertThatThrownBy(() -> f.desk.createTicket(f.tanakaP, sneaky))
            .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                .extracting(Violation::field)
                .containsExactly("complaint", "customFields.vip_rank", "priority", "tags", "type"));
        assertThat(ticketsOfTheTenant()).isZero();
        assertThat(f.events).hasSize(events);
    }

    @Test
    void aCustomerSetsSubjectTextAttachmentsLanguageAndCustomerEditableFields() {
        f.desk.defineField(f.admin, CustomFieldDefinition.of("order_no", "注文番号", FieldType.TEXT).asCustomerEditable()
            .asRequired());
        // a required field the customer may not set is filled in by staff later, not asked of the customer
        f.desk.defineField(f.admin, CustomFieldDefinition.of("vip_rank", "VIPランク", FieldType.TEXT).asRequired());
        Ticket t = f.desk.createTicket(f.tanakaP, CreateTicket.builder(f.tanaka.id(), Channel.WEB, "返品したい", "箱が潰れていました")
            .attachments(List.of(new Attachment("写真.jpg", "image/jpeg", 2048, "s3://bucket/box")))
            .customField("order_no", "A-100").language("en").build());

        Ticket staffView = f.desk.ticket(f.sato, t.id());
        assertThat(staffView.customFields()).containsExactly(Map.entry("order_no", "A-100"));
        assertThat(staffView.priority()).isEqualTo(Priority.NORMAL);
        assertThat(staffView.tags()).isEmpty();
        assertThat(staffView.language()).isEqualTo("en");
        assertThat(f.desk.messages(f.sato, t.id()).get(0).attachments()).hasSize(1);
        // staff may still set everything when they open a ticket for the customer
        Ticket byStaff = f.desk.createTicket(f.sato,
            CreateTicket.builder(f.tanaka.id(), Channel.PHONE, "電話での苦情", "折り返し希望")
            .tags("要注意").complaint(true).priority(Priority.URGENT).customField("vip_rank", "S")
            .customField("order_no", "A-101").build());
        assertThat(byStaff.tags()).containsExactly("要注意");
        assertThat(byStaff.priority()).isEqualTo(Priority.URGENT);
    }

    @Test
    void aCustomerCannotAssignTheirNewTicketEither() {
        f.desk.saveGroup(f.admin, new Group(GroupId.of("billing"), f.tenant, "請求"));
        CreateTicket assigned = CreateTicket.builder(f.tanaka.id(), Channel.WEB, "請求書", "再発行してください")
            .assignee(AgentId.of("sato")).group(GroupId.of("billing")).build();
        assertThatThrownBy(() -> f.desk.createTicket(f.tanakaP, assigned))
            .isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.violations()).extracting(Violation::field).containsExactly("assignee", "group"));
        assertThat(ticketsOfTheTenant()).isZero();
    }

    // ------------------------------------------------------------------ per-tenant ids

    @Test
    void twoTenantsMayBothHaveAgentGroupAndOrganizationOfTheSameId() {
        f.desk.saveGroup(otherAdmin, new Group(GroupId.of("g1"), otherTenant, "別会社の窓口"));
        f.desk.saveAgent(otherAdmin, Agent.of(otherTenant, AgentId.of("sato"), "別会社の佐藤").withGroups(GroupId.of("g1")));
        f.desk.saveOrganization(otherAdmin,
            new Organization(OrganizationId.of("o1"), otherTenant, "別会社の取引先", Set.of()));
        // the ids the other tenant took are still free here, and saving here leaves the other tenant's alone
        f.desk.saveGroup(f.admin, new Group(GroupId.of("g1"), f.tenant, "一次対応"));
        f.desk.saveAgent(f.admin, Agent.of(f.tenant, AgentId.of("sato"), "佐藤").withGroups(GroupId.of("g1")));
        f.desk.saveOrganization(f.admin, new Organization(OrganizationId.of("o1"), f.tenant, "株式会社例", Set.of()));

        assertThat(f.desk.agent(f.sato, AgentId.of("sato")).name()).isEqualTo("佐藤");
        assertThat(f.desk.agent(otherAgent, AgentId.of("sato")).name()).isEqualTo("別会社の佐藤");
        assertThat(f.desk.agents(otherAgent)).extracting(Agent::name).containsExactly("別会社の佐藤");
        Ticket t = f.desk.createTicket(f.sato, CreateTicket.builder(f.tanaka.id(), Channel.EMAIL, "請求", "本文")
            .group(GroupId.of("g1")).assignee(AgentId.of("sato")).build());
        assertThat(t.assignee()).isEqualTo(AgentId.of("sato"));
        Customer c = f.desk.updateCustomer(f.sato,
            UpdateCustomer.of(f.tanaka.id()).withOrganization(OrganizationId.of("o1")));
        assertThat(c.organization()).isEqualTo(OrganizationId.of("o1"));
    }

    @Test
    void anotherTenantsAgentGroupOrOrganizationIsUnknownHere() {
        f.desk.saveGroup(otherAdmin, new Group(GroupId.of("vip"), otherTenant, "別会社のVIP"));
        f.desk.saveAgent(otherAdmin, Agent.of(otherTenant, AgentId.of("kato"), "別会社の加藤"));
        f.desk.saveOrganization(otherAdmin, new Organization(OrganizationId.of("acme"), otherTenant, "別会社", Set.of()));

        assertThatThrownBy(() -> f.desk.agent(f.sato, AgentId.of("kato"))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> f.desk.saveAgent(f.admin,
            Agent.of(f.tenant, AgentId.of("ito"), "伊藤").withGroups(GroupId.of("vip"))))
            .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                .extracting(Violation::field).containsExactly("groups"));
        Ticket t = f.open("配送", "届きません");
        assertThatThrownBy(() -> f.desk.assign(f.sato, t.id(), AgentId.of("kato")))
            .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                .extracting(Violation::field).containsExactly("assignee"));
        assertThatThrownBy(() -> f.desk.createCustomer(f.system,
            new NewCustomer("木村", List.of(ChannelIdentity.email("k@acme.jp")), OrganizationId.of("acme"), "ja")))
            .isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.violations()).extracting(Violation::field).containsExactly("organization"));
        assertThatThrownBy(() -> f.desk.updateCustomer(f.sato,
            UpdateCustomer.of(f.tanaka.id()).withOrganization(OrganizationId.of("acme"))))
            .isInstanceOf(ValidationException.class);
    }

    @Test
    void agentNameInAMacroIsNeverAnotherTenantsAgent() {
        f.desk.saveAgent(otherAdmin, Agent.of(otherTenant, AgentId.of("kato"), "別会社の加藤"));
        f.desk.saveMacro(f.admin, Macro.reply(f.tenant, "sign", "署名", Map.of("ja", "担当: {agent.name}")));
        Ticket t = f.open("問い合わせ", "本文");
        // an agent "kato" of this tenant the host has not registered with the desk: the name is unknown, not the
        // other tenant's agent of that id
        Principal kato = Principal.agent(f.tenant, AgentId.of("kato"));
        assertThat(f.desk.applyMacro(kato, t.id(), "sign").body()).isEqualTo("担当: ");
        assertThat(f.desk.applyMacro(f.sato, t.id(), "sign").body()).isEqualTo("担当: 佐藤");
    }

    @Test
    void routingChoosesOnlyAgentsOfTheTicketsTenant() {
        DeskFixture rr = new DeskFixture(SupportDesk.builder().assignmentStrategy(AssignmentStrategy.roundRobin()));
        rr.desk.saveAgent(otherAdmin, Agent.of(otherTenant, AgentId.of("sato"), "別会社の佐藤").withCapacity(1));
        rr.desk.saveAgent(otherAdmin, Agent.of(otherTenant, AgentId.of("yamada"), "別会社の山田"));
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            chosen.add(rr.openSeenByStaff("問い合わせ " + i, "本文").assignee().value());
        }
        assertThat(chosen).containsOnly("sato", "suzuki");
        assertThat(rr.desk.agent(rr.sato, AgentId.of("sato")).name()).isEqualTo("佐藤");
    }

    // ------------------------------------------------------------------ foreign ids answer NotFound

    /** A foreign id must fail exactly as a missing one: the same exception type and message but for the id. */
    private static void sameAsMissing(String foreignId, String missingId, Consumer<String> call) {
        Throwable foreign = catchThrowable(() -> call.accept(foreignId));
        Throwable missing = catchThrowable(() -> call.accept(missingId));
        assertThat(missing).isNotNull();
        assertThat(foreign).isInstanceOf(MadoguchiException.class).isNotInstanceOf(AccessDeniedException.class);
        assertThat(foreign.getClass()).isEqualTo(missing.getClass());
        assertThat(foreign.getMessage().replace(foreignId, "#"))
            .isEqualTo(missing.getMessage().replace(missingId, "#"));
    }

    @Test
    void anotherTenantsTicketAnswersNotFoundForEveryReadAndWrite() {
        SupportDesk desk = f.desk;
        Customer theirs = desk.createCustomer(Principal.system(otherTenant, "mail"),
            NewCustomer.of("他社の顧客", ChannelIdentity.email("other@example.com")));
        Ticket foreign = desk.createTicket(otherAgent, CreateTicket.builder(theirs.id(), Channel.EMAIL, "他社", "秘密")
            .build());
        Ticket mine = f.open("自社", "本文");
        f.desk.saveMacro(f.admin, Macro.reply(f.tenant, "thanks", "お礼", Map.of("ja", "ありがとうございます")));
        String missing = "T999999";
        List<Consumer<String>> calls = List.of(
            id -> desk.ticket(f.sato, TicketId.of(id)),
            id -> desk.messages(f.sato, TicketId.of(id)),
            id -> desk.history(f.sato, TicketId.of(id)),
            id -> desk.reply(f.sato, TicketId.of(id), "返信"),
            id -> desk.addNote(f.sato, TicketId.of(id), "メモ"),
            id -> desk.changeStatus(f.sato, TicketId.of(id), TicketStatus.SOLVED),
            id -> desk.changePriority(f.sato, TicketId.of(id), Priority.HIGH),
            id -> desk.assign(f.sato, TicketId.of(id), AgentId.of("sato")),
            id -> desk.addTags(f.sato, TicketId.of(id), "タグ"),
            id -> desk.flagComplaint(f.sato, TicketId.of(id)),
            id -> desk.merge(f.sato, TicketId.of(id), mine.id()),
            id -> desk.merge(f.sato, mine.id(), TicketId.of(id)),
            id -> desk.link(f.sato, mine.id(), LinkType.PARENT, TicketId.of(id)),
            id -> desk.applyMacro(f.sato, TicketId.of(id), "thanks"),
            id -> desk.ticket(f.tanakaP, TicketId.of(id)),
            id -> desk.reply(f.tanakaP, TicketId.of(id), "返信"));
        for (Consumer<String> call : calls) {
            sameAsMissing(foreign.id().value(), missing, call);
        }
        assertThat(desk.ticket(otherAgent, foreign.id()).version()).isEqualTo(1);
        assertThat(desk.messages(otherAgent, foreign.id())).hasSize(1);
    }

    @Test
    void anotherTenantsOrAnotherCustomersCustomerAnswersNotFound() {
        Customer theirs = f.desk.createCustomer(Principal.system(otherTenant, "mail"),
            NewCustomer.of("他社の顧客", ChannelIdentity.email("other@example.com")));
        Customer suzuki = f.desk.resolveCustomer(f.system, ChannelIdentity.line("U-suzuki"), "鈴木");
        String missing = "C999999";
        List<Consumer<String>> calls = List.of(
            id -> f.desk.customer(f.sato, CustomerId.of(id)),
            id -> f.desk.addIdentity(f.sato, CustomerId.of(id), ChannelIdentity.line("U-new")),
            id -> f.desk.updateCustomer(f.sato, UpdateCustomer.of(CustomerId.of(id)).withName("改名")),
            id -> f.desk.mergeCustomers(f.sato, f.tanaka.id(), CustomerId.of(id)),
            id -> f.desk.createTicket(f.sato, CreateTicket.builder(CustomerId.of(id), Channel.EMAIL, "件名", "本文")
                .build()));
        for (Consumer<String> call : calls) {
            sameAsMissing(theirs.id().value(), missing, call);
        }
        // for a customer, another customer of the tenant is as unknown as one that does not exist
        sameAsMissing(suzuki.id().value(), missing, id -> f.desk.customer(f.tanakaP, CustomerId.of(id)));
        Ticket hers = f.desk.createTicket(f.sato, CreateTicket.builder(suzuki.id(), Channel.LINE, "返金", "返金して")
            .build());
        sameAsMissing(hers.id().value(), "T999999", id -> f.desk.messages(f.tanakaP, TicketId.of(id)));
        sameAsMissing(hers.id().value(), "T999999", id -> f.desk.history(f.tanakaP, TicketId.of(id)));
        assertThat(f.desk.customer(Principal.system(otherTenant, "mail"), theirs.id()).name()).isEqualTo("他社の顧客");
    }

    // ------------------------------------------------------------------ the customer's view

    @Test
    void theCustomersViewHasNoAssigneeAndCountsOnlyPublicMessages() {
        List<DeskEvent> seen = new ArrayList<>();
        f.desk.addListener(DeskListener.visibleTo(f.tanakaP, seen::add));
        Ticket t = f.open("ログインできない", "パスワードを忘れました");
        f.desk.assign(f.sato, t.id(), AgentId.of("suzuki"));
        f.desk.addNote(f.sato, t.id(), "社内: 本人確認が必要");
        f.desk.addNote(f.sato, t.id(), "社内: 二段階認証の設定あり");
        f.desk.reply(f.sato, t.id(), "再設定のリンクをお送りしました");

        Ticket staff = f.desk.ticket(f.sato, t.id());
        assertThat(staff.messageCount()).isEqualTo(4);
        assertThat(staff.publicMessageCount()).isEqualTo(2);
        assertThat(staff.assignee()).isEqualTo(AgentId.of("suzuki"));
        Ticket mine = f.desk.ticket(f.tanakaP, t.id());
        assertThat(mine.assignee()).isNull();
        assertThat(mine.messageCount()).isEqualTo(2).isEqualTo(f.desk.messages(f.tanakaP, t.id()).size());
        assertThat(f.desk.query(f.tanakaP, TicketQuery.builder().build()).tickets()).singleElement()
            .satisfies(q -> assertThat(q.assignee()).isNull())
            .satisfies(q -> assertThat(q.messageCount()).isEqualTo(2));
        Ticket afterReply = f.desk.apply(f.tanakaP, io.madoguchi.core.ticket.AddMessage.reply(t.id(), "届きました"));
        assertThat(afterReply.messageCount()).isEqualTo(3);
        assertThat(afterReply.assignee()).isNull();
        // the snapshot inside an event, shown to the customer, counts as the customer's view does
        assertThat(seen.get(seen.size() - 1)).isInstanceOfSatisfying(io.madoguchi.core.event.TicketEvent.class,
            e -> assertThat(e.ticket().forCustomer().messageCount()).isEqualTo(3));
        // the history's message counts skip the internal notes as well
        List<FieldChange> counts = f.desk.history(f.tanakaP, t.id()).stream().flatMap(e -> e.changes().stream())
            .filter(c -> c.field().equals("messages")).toList();
        assertThat(counts).extracting(c -> c.oldValue() + ">" + c.newValue()).containsExactly("1>2", "2>3");
        assertThat(f.desk.history(f.sato, t.id())).extracting(AuditEntry::action).contains("internal_note");
    }

    @Test
    void aCustomerMayNotFilterByAssignee() {
        f.open("配送", "いつ届きますか");
        assertThatThrownBy(() -> f.desk.query(f.tanakaP, TicketQuery.builder().assignee(AgentId.of("sato")).build()))
            .isInstanceOf(AccessDeniedException.class).hasMessageContaining("assignee");
        assertThatThrownBy(() -> f.desk.count(f.tanakaP, TicketQuery.builder().assignee(AgentId.of("sato")).build()))
            .isInstanceOf(AccessDeniedException.class).hasMessageContaining("assignee");
    }
}
