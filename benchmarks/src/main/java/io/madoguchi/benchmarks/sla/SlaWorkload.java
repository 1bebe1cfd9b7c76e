package io.madoguchi.benchmarks.sla;

import io.madoguchi.core.time.Scheduler;
import io.madoguchi.core.Channel;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.sla.SlaEngine;
import io.madoguchi.core.sla.SlaInput;
import io.madoguchi.core.sla.SlaMetric;
import io.madoguchi.core.sla.SlaPolicy;
import io.madoguchi.core.ticket.Priority;
import io.madoguchi.core.sla.SlaTicket;
import io.madoguchi.core.sla.TicketCondition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** A realistic policy and open-ticket population for the SLA benchmarks. */
final class SlaWorkload {

    static final TenantId TENANT = TenantId.of("bench");
    static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");

    private SlaWorkload() {
    }

    /** First reply, next reply, agent work and total resolution; urgent targets are short, low ones a year. */
    static SlaPolicy policy() {
        SlaPolicy.Builder b = SlaPolicy.builder("標準");
        for (SlaMetric m : List.of(SlaMetric.FIRST_REPLY_TIME, SlaMetric.NEXT_REPLY_TIME, SlaMetric.AGENT_WORK_TIME,
            SlaMetric.TOTAL_RESOLUTION_TIME)) {
            b.target(m, Priority.URGENT, Duration.ofHours(1), SlaPolicy.Hours.CALENDAR);
            b.target(m, Priority.HIGH, Duration.ofHours(4), SlaPolicy.Hours.CALENDAR);
            b.target(m, Priority.NORMAL, Duration.ofDays(30), SlaPolicy.Hours.CALENDAR);
            b.target(m, Priority.LOW, Duration.ofDays(365), SlaPolicy.Hours.CALENDAR);
        }
        return b.build();
    }

    /** Tickets tagged {@code hot} get one clock: a one-hour first reply. */
    static SlaPolicy hotPolicy() {
        return SlaPolicy.builder("至急")
            .when(TicketCondition.hasTag("hot"))
            .target(SlaMetric.FIRST_REPLY_TIME, Duration.ofHours(1), SlaPolicy.Hours.CALENDAR)
            .build();
    }

    static SlaEngine engine(Duration... leads) {
        return SlaEngine.builder()
            .clock(Clock.fixed(T0, ZoneOffset.UTC))
            .scheduler(Scheduler.none())
            .policies(List.of(hotPolicy(), policy()))
            .warningLeads(leads)
            .build();
    }

    /**
     * Opens a ticket the way a desk would: created, and for two in three an agent reply, for one in
     * three of those a customer follow-up (a next-reply cycle).
     */
    static void open(SlaEngine engine, String id, Priority priority, Instant at, int variant) {
        open(engine, SlaTicket.of(TENANT, TicketId.of(id), Channel.EMAIL).withPriority(priority), at, variant);
    }

    static void open(SlaEngine engine, SlaTicket t, Instant at, int variant) {
        engine.apply(new SlaInput.Created(t, at));
        if (variant % 3 != 0) {
            engine.apply(new SlaInput.AgentReply(TENANT, t.id(), at.plusSeconds(60)));
            if (variant % 3 == 2) {
                engine.apply(new SlaInput.CustomerMessage(TENANT, t.id(), at.plusSeconds(120)));
            }
        }
    }
}
