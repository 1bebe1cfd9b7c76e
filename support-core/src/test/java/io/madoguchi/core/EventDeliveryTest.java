package io.madoguchi.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.core.event.DeskEvent;
import io.madoguchi.core.event.MessageAdded;
import io.madoguchi.core.event.StatusChanged;
import io.madoguchi.core.event.TicketCreated;
import io.madoguchi.core.event.TicketEvent;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventDeliveryTest {

    @Test
    void throwingListenerNeitherUndoesTheChangeNorStopsOthers() {
        List<DeskEvent> seen = new ArrayList<>();
        DeskFixture f = new DeskFixture(SupportDesk.builder().listener(e -> {
            throw new IllegalStateException("壊れたリスナー");
        }));
        f.desk.addListener(seen::add);
        Ticket t = f.open("テスト", "本文");
        f.desk.changeStatus(f.sato, t.id(), TicketStatus.OPEN);
        assertThat(f.desk.ticket(f.sato, t.id()).status()).isEqualTo(TicketStatus.OPEN);
        assertThat(seen).hasSize(3);
        // the fixture's own listener was there when the customer was created
        assertThat(f.events).hasSize(4);
        assertThat(f.events.get(0)).isInstanceOf(io.madoguchi.core.event.CustomerCreated.class);
    }

    @Test
    void listenerSeesTheChangeAlreadyStoredWithTheSnapshotAfterIt() {
        DeskFixture f = new DeskFixture();
        List<String> checks = new ArrayList<>();
        f.desk.addListener(e -> {
            if (e instanceof TicketEvent te) {
                Ticket stored = f.desk.ticket(f.sato, te.ticketId());
                checks.add(stored.version() + "/" + te.ticket().version());
            }
        });
        Ticket t = f.open("保存後に通知", "本文");
        f.desk.reply(f.sato, t.id(), "返信");
        // the agent's public reply is announced twice: the message, and its delivery request
        assertThat(checks).containsExactly("1/1", "1/1", "2/2", "2/2");
        TicketCreated created = f.events(TicketCreated.class).get(0);
        assertThat(created.principal()).isEqualTo(f.tanakaP);
        assertThat(created.occurredAt()).isEqualTo(f.clock.instant());
        assertThat(created.tenantId()).isEqualTo(f.tenant);
        assertThat(created.firstMessage().body()).isEqualTo("本文");
    }

    @Test
    void changesMadeByAListenerAreDeliveredAfterTheCurrentEventInOrder() {
        DeskFixture f = new DeskFixture();
        List<String> order = new ArrayList<>();
        Principal bot = f.desk.bot(f.tenant, "bot");
        f.desk.addListener(e -> {
            if (e instanceof MessageAdded m && m.authorKind() == io.madoguchi.core.ticket.AuthorKind.CUSTOMER
                && m.ticket().messageCount() == 1) {
                f.desk.reply(bot, m.ticketId(), "自動応答: 受け付けました");
            }
        });
        f.desk.addListener(e -> order.add(e.getClass().getSimpleName() + ":" + ((TicketEvent) e).ticket().version()));
        f.open("自動応答", "問い合わせ");
        assertThat(order).containsExactly("TicketCreated:1", "MessageAdded:1", "MessageAdded:2",
            "DeliveryRequested:2");
    }

    @Test
    void removedListenerGetsNothing() {
        DeskFixture f = new DeskFixture();
        List<DeskEvent> seen = new ArrayList<>();
        io.madoguchi.core.event.DeskListener l = seen::add;
        f.desk.addListener(l);
        assertThat(f.desk.removeListener(l)).isTrue();
        Ticket t = f.open("x", "y");
        f.desk.changeStatus(f.sato, t.id(), TicketStatus.PENDING);
        assertThat(seen).isEmpty();
        assertThat(f.events(StatusChanged.class)).hasSize(1);
    }
}
