package io.madoguchi.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.event.StatusChanged;
import io.madoguchi.core.ticket.TicketStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoDayTest {

    @Test
    void subclassAddsStepsAtTheirTime() {
        StringWriter buf = new StringWriter();
        DemoDay day = new DemoDay(new PrintWriter(buf)) {
            @Override
            protected List<Step> steps() {
                List<Step> s = new java.util.ArrayList<>(super.steps());
                s.add(new Step(LocalTime.of(18, 0), "終業 / desk closes", d -> d.say("本日の受付は終了しました")));
                return s;
            }
        };
        SupportDesk desk = day.run();
        assertThat(buf.toString()).contains("18:00  本日の受付は終了しました");
        assertThat(day.now()).isEqualTo(DemoDay.DAY.atTime(18, 0).atZone(DemoDay.ZONE).toInstant());
        assertThat(day.events()).filteredOn(StatusChanged.class::isInstance).map(e -> ((StatusChanged) e).to())
            .contains(TicketStatus.SOLVED, TicketStatus.CLOSED, TicketStatus.ON_HOLD,
            TicketStatus.PENDING, TicketStatus.OPEN);
        assertThat(desk.clock().instant()).isEqualTo(day.now());
    }
}
