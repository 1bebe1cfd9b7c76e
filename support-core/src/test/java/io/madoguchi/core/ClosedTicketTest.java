package io.madoguchi.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.event.DeskEvent;
import io.madoguchi.core.ticket.Assign;
import io.madoguchi.core.ticket.ChangePriority;
import io.madoguchi.core.ticket.ChangeTags;
import io.madoguchi.core.ticket.ChangeType;
import io.madoguchi.core.ticket.Priority;
import io.madoguchi.core.ticket.SetComplaint;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketCommand;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.ticket.TicketType;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A closed ticket, merged ones included, is final: no command changes it, and the refusal changes nothing. */
class ClosedTicketTest {

    static Stream<Arguments> commands() {
        List<Function<TicketId, TicketCommand>> commands = List.of(
            id -> new ChangePriority(id, Priority.URGENT, TicketCommand.LATEST),
            id -> ChangeTags.add(id, "要確認"),
            id -> new ChangeType(id, TicketType.INCIDENT, TicketCommand.LATEST),
            id -> new SetComplaint(id, true, TicketCommand.LATEST),
            id -> Assign.toAgent(id, AgentId.of("sato")));
        return Stream.of(true, false).flatMap(merged -> commands.stream().map(c -> Arguments.of(merged, c)));
    }

    @ParameterizedTest(name = "merged {0}: {1}")
    @MethodSource("commands")
    void aClosedOrMergedTicketRefusesEveryChange(boolean merged, Function<TicketId, TicketCommand> command) {
        DeskFixture f = new DeskFixture();
        Ticket t = f.open("配送の遅れ", "注文した商品がまだ届きません");
        if (merged) {
            Ticket target = f.open("配送の遅れ（再送）", "まだ届きません");
            f.desk.merge(f.sato, t.id(), target.id());
        } else {
            f.desk.changeStatus(f.sato, t.id(), TicketStatus.SOLVED);
            f.desk.changeStatus(f.sato, t.id(), TicketStatus.CLOSED);
        }
        Ticket before = f.desk.ticket(f.sato, t.id());
        int events = f.events(DeskEvent.class).size();

        assertThatThrownBy(() -> f.desk.apply(f.sato, command.apply(t.id())))
            .isInstanceOf(IllegalTransitionException.class)
            .hasMessageContaining(t.id().value())
            .hasMessageContaining(merged ? "merged" : "closed");
        assertThatThrownBy(() -> f.desk.apply(f.sato, t.id(), before.version(), List.of(command.apply(t.id()))))
            .isInstanceOf(IllegalTransitionException.class);
        assertThat(f.desk.ticket(f.sato, t.id())).isEqualTo(before);
        assertThat(f.events(DeskEvent.class)).hasSize(events);
    }

    @Test
    void oneStepMayStillSolveCloseAndTagAnOpenTicket() {
        DeskFixture f = new DeskFixture();
        Ticket t = f.open("返品", "返品の方法を教えてください");
        Ticket after = f.desk.apply(f.sato, t.id(), t.version(), List.of(
            new io.madoguchi.core.ticket.ChangeStatus(t.id(), TicketStatus.SOLVED, TicketCommand.LATEST),
            new io.madoguchi.core.ticket.ChangeStatus(t.id(), TicketStatus.CLOSED, TicketCommand.LATEST),
            ChangeTags.add(t.id(), "返品済み")));
        assertThat(after.status()).isEqualTo(TicketStatus.CLOSED);
        assertThat(after.tags()).contains("返品済み");
    }
}
