package io.madoguchi.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.Priority;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketPage;
import io.madoguchi.core.ticket.TicketQuery;
import io.madoguchi.core.ticket.TicketSort;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.ticket.TicketType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryTest {

    private final DeskFixture f = new DeskFixture();

    @Test
    void textSearchIgnoresWidthAndCase() {
        Ticket pw = f.open("パスワードを忘れました", "ログインできません");
        Ticket wifi = f.open("Ｗｉ－Ｆｉ設定", "ルーターが ONLINE になりません");
        f.open("その他", "質問です");
        assertThat(ids(TicketQuery.builder().text("ﾊﾟｽﾜｰﾄﾞ").build())).containsExactly(pw.id());
        assertThat(ids(TicketQuery.builder().text("wi-fi").build())).containsExactly(wifi.id());
        assertThat(ids(TicketQuery.builder().text("ｏｎｌｉｎｅ").build())).containsExactly(wifi.id());
    }

    @Test
    void filtersCombineAndSortByPriority() {
        Ticket low = f.desk.createTicket(f.sato, CreateTicket.builder(f.tanaka.id(), Channel.EMAIL, "低", "x")
            .priority(Priority.LOW).build());
        f.clock.advance(Duration.ofMinutes(1));
        Ticket urgent = f.desk.createTicket(f.sato, CreateTicket.builder(f.tanaka.id(), Channel.PHONE, "緊急", "x")
            .priority(Priority.URGENT).type(TicketType.INCIDENT).tags("障害").build());
        f.clock.advance(Duration.ofMinutes(1));
        Ticket high = f.desk.createTicket(f.sato, CreateTicket.builder(f.tanaka.id(), Channel.EMAIL, "高", "x")
            .priority(Priority.HIGH).build());
        f.desk.assign(f.sato, high.id(), AgentId.of("suzuki"));
        assertThat(ids(TicketQuery.builder().sort(TicketSort.PRIORITY, true).build()))
            .containsExactly(urgent.id(), high.id(), low.id());
        assertThat(ids(TicketQuery.builder().sort(TicketSort.CREATED, false).build()))
            .containsExactly(low.id(), urgent.id(), high.id());
        assertThat(ids(TicketQuery.builder().sort(TicketSort.UPDATED, true).build()).get(0)).isEqualTo(high.id());
        assertThat(ids(TicketQuery.builder().type(TicketType.INCIDENT).tag("障害").channel(Channel.PHONE).build()))
            .containsExactly(urgent.id());
        assertThat(ids(TicketQuery.builder().assignee(AgentId.of("suzuki")).build())).containsExactly(high.id());
        assertThat(ids(TicketQuery.builder().requester(f.tanaka.id()).status(TicketStatus.NEW).build())).hasSize(3);
    }

    @Test
    void pagesStayStableWhileTicketsChange() {
        List<TicketId> created = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            created.add(f.open("問い合わせ " + i, "本文").id());
            f.clock.advance(Duration.ofSeconds(1));
        }
        TicketQuery q = TicketQuery.builder().sort(TicketSort.CREATED, true).limit(10).build();
        List<TicketId> seen = new ArrayList<>();
        TicketPage page = f.desk.query(f.sato, q);
        while (true) {
            page.tickets().forEach(t -> seen.add(t.id()));
            // meanwhile: replies and new tickets arrive
            f.desk.reply(f.sato, page.tickets().get(0).id(), "対応中です");
            f.open("新着", "ページングの途中で作成");
            if (page.next().isEmpty()) {
                break;
            }
            page = f.desk.query(f.sato, q.after(page.nextCursor()));
        }
        List<TicketId> expected = new ArrayList<>(created);
        java.util.Collections.reverse(expected);
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    private List<TicketId> ids(TicketQuery q) {
        return f.desk.query(f.sato, q).tickets().stream().map(Ticket::id).toList();
    }
}
