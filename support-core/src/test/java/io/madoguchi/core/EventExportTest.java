package io.madoguchi.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.EventJson;
import io.madoguchi.core.event.MessageAdded;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketStatus;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventExportTest {

    @Test
    void aDesksLogExportsAndReadsBackInOrderWithoutTheMessageText() {
        DeskFixture f = new DeskFixture();
        Ticket t = f.open("ログインできません", "パスワードを忘れました。田中");
        f.desk.reply(f.sato, t.id(), "再設定のリンクをお送りしました。");
        f.desk.changeStatus(f.sato, t.id(), TicketStatus.SOLVED);

        StringWriter out = new StringWriter();
        EventJson.ExportResult result = EventJson.export(f.store.eventLog(), 0, out);
        List<EventEnvelope> logged = f.store.eventLog().read(0, 1000);

        assertThat(result.written()).isEqualTo(logged.size());
        assertThat(result.skipped()).isZero();
        assertThat(result.lastPosition()).isEqualTo(f.store.eventLog().head());
        assertThat(out.toString()).doesNotContain("パスワード", "再設定", "ログイン");
        List<EventEnvelope> back = EventJson.readAll(new StringReader(out.toString()));
        assertThat(back).extracting(EventEnvelope::position)
            .containsExactlyElementsOf(logged.stream().map(EventEnvelope::position).toList());
        assertThat(back).extracting(EventEnvelope::type)
            .containsExactlyElementsOf(logged.stream().map(EventEnvelope::type).toList())
            .contains("desk.CustomerCreated", "desk.TicketCreated", "desk.MessageAdded", "desk.StatusChanged");
        for (int i = 0; i < back.size(); i++) {
            assertThat(back.get(i).event()).isEqualTo(EventJson.redact(logged.get(i).event()));
        }
        MessageAdded reply = back.stream().map(EventEnvelope::event).filter(MessageAdded.class::isInstance)
            .map(MessageAdded.class::cast)
            .filter(m -> m.authorKind() == io.madoguchi.core.ticket.AuthorKind.AGENT).findFirst().orElseThrow();
        assertThat(reply.message().body()).isEmpty();
        assertThat(reply.principal()).isEqualTo(f.sato);
    }
}
