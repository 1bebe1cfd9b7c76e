package io.madoguchi.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.EventSubscriber;
import io.madoguchi.core.event.TicketCreated;
import io.madoguchi.core.ticket.Ticket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** {@link SupportDesk#follow}: a reader of the whole log per instance, with its position in memory. */
class FollowTest {

    /** Records the positions and subjects of the tickets created, as it reads them. */
    private static class Reader implements EventSubscriber {
        final List<Long> positions = new CopyOnWriteArrayList<>();
        final List<String> subjects = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "reader";
        }

        @Override
        public void handle(EventEnvelope envelope) {
            positions.add(envelope.position());
            if (envelope.event() instanceof TicketCreated c) {
                subjects.add(c.ticket().subject());
            }
        }
    }

    @Test
    void aFollowerOfEachInstanceReadsTheEventsOfEveryInstanceWhileASubscriberSharesOneCheckpoint() {
        DeskFixture f = new DeskFixture();
        SupportDesk other = SupportDesk.builder().clock(f.clock).store(f.store).build();
        Reader here = new Reader();
        Reader there = new Reader();
        f.desk.follow(here, f.store.eventLog().head());
        other.follow(there, f.store.eventLog().head());

        f.open("配送について", "荷物がまだ届きません");
        Ticket second = other.createTicket(f.tanakaP, io.madoguchi.core.ticket.CreateTicket.builder(f.tanaka.id(),
            Channel.LINE, "返品したい", "サイズが合いませんでした").build());
        f.open("請求書", "領収書をください");
        f.desk.processEvents();
        other.processEvents();

        assertThat(here.subjects).containsExactly("配送について", "返品したい", "請求書");
        assertThat(there.subjects).containsExactly("配送について", "返品したい", "請求書");
        assertThat(here.positions).isSorted().doesNotHaveDuplicates().isEqualTo(there.positions);
        assertThat(second.subject()).isEqualTo("返品したい");
    }

    @Test
    void aFollowerStartsAfterTheGivenPositionAndStopsWhenUnfollowed() {
        DeskFixture f = new DeskFixture();
        f.open("一件目", "本文");
        long after = f.store.eventLog().head();
        f.open("二件目", "本文");
        Reader reader = new Reader();

        f.desk.follow(reader, after);
        assertThat(reader.subjects).containsExactly("二件目");
        assertThat(reader.positions.get(0)).isEqualTo(after + 1);

        assertThat(f.desk.unfollow(reader)).isTrue();
        f.open("三件目", "本文");
        assertThat(reader.subjects).containsExactly("二件目");
        assertThat(f.desk.unfollow(reader)).isFalse();
    }

    @Test
    void aFollowerThatFailsIsSkippedAndTheChangeStands() {
        DeskFixture f = new DeskFixture();
        Reader reader = new Reader();
        f.desk.follow(new Reader() {
            @Override
            public void handle(EventEnvelope envelope) {
                throw new IllegalStateException("壊れた読み手");
            }
        }, f.store.eventLog().head());
        f.desk.follow(reader, f.store.eventLog().head());
        Ticket t = f.open("失敗しても", "本文");
        assertThat(f.desk.ticket(f.sato, t.id()).subject()).isEqualTo("失敗しても");
        assertThat(reader.subjects).containsExactly("失敗しても");
    }

    @Test
    void aPositionOutsideTheLogIsRefusedNamingIt() {
        DeskFixture f = new DeskFixture();
        long head = f.store.eventLog().head();
        Reader reader = new Reader();
        assertThatThrownBy(() -> f.desk.follow(reader, -1)).isInstanceOf(ValidationException.class)
            .hasMessageContaining("afterPosition");
        assertThatThrownBy(() -> f.desk.follow(reader, head + 1)).isInstanceOf(ValidationException.class)
            .hasMessageContaining("afterPosition").hasMessageContaining(String.valueOf(head));
        f.open("拒否の後", "本文");
        assertThat(reader.positions).isEmpty();
    }

    @Test
    void followersAndListenersTakeNoSubscriberName() {
        DeskFixture f = new DeskFixture();
        f.desk.follow(new Reader(), f.store.eventLog().head());
        f.desk.addListener(e -> { });
        Reader follower = new Reader() {
            @Override
            public String name() {
                return "follower";
            }
        };
        Reader listener = new Reader() {
            @Override
            public String name() {
                return "listener";
            }
        };

        f.desk.subscribe(follower);
        f.desk.subscribe(listener);
        f.open("名前の衝突なし", "本文");

        assertThat(follower.subjects).containsExactly("名前の衝突なし");
        assertThat(listener.subjects).containsExactly("名前の衝突なし");
    }
}
