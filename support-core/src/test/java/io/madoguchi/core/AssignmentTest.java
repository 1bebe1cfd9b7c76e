package io.madoguchi.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.agent.Agent;
import io.madoguchi.core.agent.AssignmentStrategy;
import io.madoguchi.core.agent.Skills;
import io.madoguchi.core.event.Assigned;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AssignmentTest {

    private static DeskFixture desk(AssignmentStrategy s) {
        return new DeskFixture(SupportDesk.builder().assignmentStrategy(s));
    }

    private static AgentId assignee(Ticket t) {
        return t.assigneeId().orElseThrow();
    }

    @Test
    void roundRobinTakesAgentsInTurn() {
        DeskFixture f = desk(AssignmentStrategy.roundRobin());
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            order.add(assignee(f.openSeenByStaff("問い合わせ " + i, "本文")).value());
        }
        assertThat(order).containsExactly("sato", "suzuki", "sato", "suzuki");
        assertThat(f.events(Assigned.class)).allSatisfy(e -> {
            assertThat(e.automatic()).isTrue();
            assertThat(e.strategy()).isEqualTo("round_robin");
        });
    }

    @Test
    void leastLoadedRespectsCapacity() {
        DeskFixture f = desk(AssignmentStrategy.leastLoaded());
        f.desk.saveAgent(f.admin, Agent.of(f.tenant, AgentId.of("sato"), "佐藤").withCapacity(1));
        f.desk.saveAgent(f.admin, Agent.of(f.tenant, AgentId.of("suzuki"), "鈴木").withCapacity(2));
        Ticket a = f.openSeenByStaff("一件目", "本文");
        Ticket b = f.openSeenByStaff("二件目", "本文");
        Ticket c = f.openSeenByStaff("三件目", "本文");
        Ticket d = f.openSeenByStaff("四件目", "本文");
        assertThat(List.of(assignee(a), assignee(b), assignee(c))).extracting(AgentId::value)
            .containsExactly("sato", "suzuki", "suzuki");
        assertThat(d.assignee()).as("everyone is at capacity").isNull();
        f.desk.changeStatus(f.sato, a.id(), TicketStatus.SOLVED);
        assertThat(assignee(f.desk.autoAssign(f.sato, d.id())).value()).isEqualTo("sato");
    }

    @Test
    void skillsBasedRoutesByLanguageProductAndChannel() {
        DeskFixture f = desk(AssignmentStrategy.skillsBased());
        f.desk.saveAgent(f.admin, Agent.of(f.tenant, AgentId.of("sato"), "佐藤")
            .withSkills(Skills.language("ja"), Skills.product("pos"), Skills.channel(Channel.EMAIL),
                Skills.channel(Channel.LINE)));
        f.desk.saveAgent(f.admin, Agent.of(f.tenant, AgentId.of("smith"), "Smith")
            .withSkills(Skills.language("en"), Skills.product("pos"), Skills.channel(Channel.EMAIL)));
        f.desk.saveAgent(f.admin, Agent.of(f.tenant, AgentId.of("suzuki"), "鈴木")
            .withSkills(Skills.language("ja"), Skills.product("ec"), Skills.channel(Channel.EMAIL)));
        Ticket en = f.desk.createTicket(f.sato,
            CreateTicket.builder(f.tanaka.id(), Channel.EMAIL, "POS down", "The register won't start")
            .language("en").tags("product:pos").build());
        Ticket jaEc = f.desk.createTicket(f.sato,
            CreateTicket.builder(f.tanaka.id(), Channel.EMAIL, "ネットショップ", "決済できない")
            .language("ja").tags("product:ec").build());
        Ticket jaLine = f.desk.createTicket(f.sato, CreateTicket.builder(f.tanaka.id(), Channel.LINE, "レジ", "起動しない")
            .language("ja").build());
        Ticket nobody = f.desk.createTicket(f.sato, CreateTicket.builder(f.tanaka.id(), Channel.PHONE, "電話", "折り返し希望")
            .language("fr").build());
        assertThat(assignee(en).value()).isEqualTo("smith");
        assertThat(assignee(jaEc).value()).isEqualTo("suzuki");
        assertThat(assignee(jaLine).value()).isEqualTo("sato");
        assertThat(nobody.assignee()).isNull();
    }

    @Test
    void aBareLanguageIsNotASkillAndSaysWhatRoutingWants() {
        DeskFixture f = desk(AssignmentStrategy.skillsBased());
        assertThatThrownBy(() -> Agent.of(f.tenant, AgentId.of("sato"), "佐藤").withSkills("ja"))
            .isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.violations()).singleElement().satisfies(v -> {
                    assertThat(v.field()).isEqualTo("skills");
                    assertThat(v.message()).contains("Skills.language(\"ja\")", "language:ja");
                }));
        assertThatThrownBy(() -> Skills.language("Japanese")).isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.violations()).extracting(Violation::field).containsExactly("language"));
        assertThatThrownBy(() -> Agent.of(f.tenant, AgentId.of("sato"), "佐藤").withSkills("language:Japanese"))
            .isInstanceOf(ValidationException.class).hasMessageContaining("skills");
        assertThatThrownBy(() -> Agent.of(f.tenant, AgentId.of("sato"), "佐藤").withSkills("channel:伝書鳩"))
            .isInstanceOf(ValidationException.class).hasMessageContaining("skills");
    }

    @Test
    void languageSkillsMatchTicketsByPrimaryLanguage() {
        DeskFixture f = desk(AssignmentStrategy.skillsBased());
        f.desk.saveAgent(f.admin, Agent.of(f.tenant, AgentId.of("sato"), "佐藤").withSkills(Skills.language("ja-JP")));
        f.desk.saveAgent(f.admin, Agent.of(f.tenant, AgentId.of("suzuki"), "鈴木").withSkills("language:EN"));
        Ticket ja = f.desk.createTicket(f.sato, CreateTicket.builder(f.tanaka.id(), Channel.EMAIL, "返品", "返品したい")
            .language("ja").build());
        Ticket enGb = f.desk.createTicket(f.sato,
            CreateTicket.builder(f.tanaka.id(), Channel.EMAIL, "Refund", "I want a refund")
            .language("en-GB").build());
        assertThat(assignee(ja).value()).isEqualTo("sato");
        assertThat(assignee(enGb).value()).isEqualTo("suzuki");
        assertThat(f.desk.agents(f.admin)).extracting(Agent::skills).containsExactlyInAnyOrder(
            java.util.Set.of("language:ja"), java.util.Set.of("language:en"));
    }

    @Test
    void manualAssignmentAlwaysWins() {
        DeskFixture f = desk(AssignmentStrategy.roundRobin());
        Ticket t = f.desk.createTicket(f.sato, CreateTicket.builder(f.tanaka.id(), Channel.EMAIL, "指名", "鈴木さんにお願いします")
            .assignee(AgentId.of("suzuki")).build());
        assertThat(assignee(t).value()).isEqualTo("suzuki");
        assertThat(f.events(Assigned.class)).singleElement().satisfies(e -> assertThat(e.automatic()).isFalse());
        Ticket again = f.desk.autoAssign(f.sato, t.id());
        assertThat(again.version()).isEqualTo(t.version());
        assertThat(assignee(f.desk.assign(f.sato, t.id(), AgentId.of("sato"))).value()).isEqualTo("sato");
    }

    @Test
    void inactiveAgentsAreNotChosen() {
        DeskFixture f = desk(AssignmentStrategy.roundRobin());
        f.desk.saveAgent(f.admin, Agent.of(f.tenant, AgentId.of("sato"), "佐藤").withActive(false));
        assertThat(assignee(f.openSeenByStaff("a", "b")).value()).isEqualTo("suzuki");
        assertThat(assignee(f.openSeenByStaff("c", "d")).value()).isEqualTo("suzuki");
    }

    @Test
    void aFollowUpOfAClosedTicketStartsAsANewTicketAndIsAssignedByTheStrategy() {
        DeskFixture f = desk(AssignmentStrategy.leastLoaded());
        Ticket t = f.open("ポイントが反映されていません", "先週の購入分のポイントがまだ付いていません。");
        // how the closed ticket was handled: a bot's hand-over, an SLA breach, a raised priority, a complaint
        f.desk.addTags(f.system, t.id(), "bot-handover", "sla-breached");
        f.desk.apply(f.sato, io.madoguchi.core.ticket.ChangePriority.of(t.id(),
            io.madoguchi.core.ticket.Priority.HIGH));
        f.desk.flagComplaint(f.sato, t.id());
        f.desk.assign(f.sato, t.id(), AgentId.of("suzuki"));
        f.desk.changeStatus(f.sato, t.id(), TicketStatus.SOLVED);
        f.desk.changeStatus(f.sato, t.id(), TicketStatus.CLOSED);
        f.events.clear();

        Ticket followUp = f.desk.ticket(f.sato,
            f.desk.reply(f.tanakaP, t.id(), "ありがとうございます。別の注文のポイントも確認できますか？").ticketId());

        assertThat(followUp.id()).isNotEqualTo(t.id());
        assertThat(followUp.tags()).isEmpty();
        assertThat(followUp.priority()).isEqualTo(io.madoguchi.core.ticket.Priority.NORMAL);
        assertThat(followUp.complaint()).isFalse();
        assertThat(followUp.subject()).isEqualTo("ポイントが反映されていません");
        assertThat(f.events(Assigned.class)).singleElement().satisfies(e -> {
            assertThat(e.ticketId()).isEqualTo(followUp.id());
            assertThat(e.to()).isEqualTo(followUp.assignee()).isNotNull();
            assertThat(e.automatic()).isTrue();
            assertThat(e.strategy()).isEqualTo("least_loaded");
        });
    }
}
