package io.madoguchi.core;

import static io.madoguchi.core.ticket.TicketStatus.CLOSED;
import static io.madoguchi.core.ticket.TicketStatus.NEW;
import static io.madoguchi.core.ticket.TicketStatus.ON_HOLD;
import static io.madoguchi.core.ticket.TicketStatus.OPEN;
import static io.madoguchi.core.ticket.TicketStatus.PENDING;
import static io.madoguchi.core.ticket.TicketStatus.SOLVED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.event.StatusChanged;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketStatus;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The status transition table, cell by cell, both on the enum and through the desk. */
class TicketStatusTransitionTest {

    /** The expected table, written out independently of the implementation. */
    private static final Map<TicketStatus, Set<TicketStatus>> ALLOWED = Map.of(
        NEW, Set.of(OPEN, PENDING, ON_HOLD, SOLVED),
        OPEN, Set.of(PENDING, ON_HOLD, SOLVED),
        PENDING, Set.of(OPEN, ON_HOLD, SOLVED),
        ON_HOLD, Set.of(OPEN, PENDING, SOLVED),
        SOLVED, Set.of(OPEN, CLOSED),
        CLOSED, Set.of());

    static Stream<Arguments> cells() {
        return Stream.of(TicketStatus.values()).flatMap(from -> Stream.of(TicketStatus.values())
            .map(to -> Arguments.of(from, to, ALLOWED.get(from).contains(to))));
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @MethodSource("cells")
    void tableCell(TicketStatus from, TicketStatus to, boolean allowed) {
        assertThat(from.canTransitionTo(to)).isEqualTo(allowed);

        DeskFixture f = new DeskFixture();
        Ticket t = f.open("状態遷移の確認", "ステータスを変えてください");
        for (TicketStatus step : pathTo(from)) {
            f.desk.changeStatus(f.sato, t.id(), step);
        }
        Ticket before = f.desk.ticket(f.sato, t.id());
        assertThat(before.status()).isEqualTo(from);
        int eventsBefore = f.events(StatusChanged.class).size();
        if (allowed) {
            Ticket after = f.desk.changeStatus(f.sato, t.id(), to);
            assertThat(after.status()).isEqualTo(to);
            assertThat(after.version()).isEqualTo(before.version() + 1);
            assertThat(f.events(StatusChanged.class)).last()
                .satisfies(e -> assertThat(List.of(e.from(), e.to())).containsExactly(from, to));
            assertThat(f.desk.history(f.sato, t.id())).last()
                .satisfies(e -> assertThat(e.changes()).anySatisfy(c -> {
                    assertThat(c.field()).isEqualTo("status");
                    assertThat(c.oldValue()).isEqualTo(from.label());
                    assertThat(c.newValue()).isEqualTo(to.label());
                }));
        } else {
            assertThatThrownBy(() -> f.desk.changeStatus(f.sato, t.id(), to))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining(t.id().value());
            assertThat(f.desk.ticket(f.sato, t.id())).isEqualTo(before);
            assertThat(f.events(StatusChanged.class)).hasSize(eventsBefore);
        }
    }

    private static List<TicketStatus> pathTo(TicketStatus s) {
        return switch (s) {
            case NEW -> List.of();
            case OPEN -> List.of(OPEN);
            case PENDING -> List.of(PENDING);
            case ON_HOLD -> List.of(ON_HOLD);
            case SOLVED -> List.of(SOLVED);
            case CLOSED -> List.of(SOLVED, CLOSED);
        };
    }
}
