package io.madoguchi.benchmarks.metrics;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.CustomerId;
import io.madoguchi.core.GroupId;
import io.madoguchi.core.Principal;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.MessageAdded;
import io.madoguchi.core.event.StatusChanged;
import io.madoguchi.core.event.SupportEvent;
import io.madoguchi.core.event.TicketCreated;
import io.madoguchi.core.feedback.SurveyInvitationSent;
import io.madoguchi.core.sla.SlaCycle;
import io.madoguchi.core.sla.SlaEvent;
import io.madoguchi.core.sla.SlaMetric;
import io.madoguchi.core.ticket.AuthorKind;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Priority;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.ticket.Visibility;
import io.madoguchi.metrics.KpiEngine;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Events ingested per second on one thread by {@link KpiEngine} (issue 13; target ≥ 1,000,000/s), beside a plain
 * alternative in the same run: one {@code HashMap} count per tenant and Tokyo day, with no per-ticket state,
 * histograms or dimensions. The events are a year of ticket life cycles over 100 tenants (created, customer message,
 * reply, customer message, reply, SLA cycle stopped, solved, survey sent: 8 events a ticket), built once; each
 * invocation feeds {@value #EVENTS} of them to a fresh engine (day, week and month slices by channel, priority and
 * group).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class KpiIngestBenchmark {

    static final int EVENTS = 400_000;
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    private EventEnvelope[] events;

    /** Builds the events, the same each run (seeded). */
    @Setup(Level.Trial)
    public void build() {
        events = yearOfEvents(EVENTS, 100, new Random(13));
    }

    static EventEnvelope[] yearOfEvents(int count, int tenants, Random rnd) {
        return yearOfEvents(0, count, count, tenants, rnd);
    }

    /**
     * @param first the number of events before these (their positions start after it)
     * @param count how many events to make
     * @param total how many events the whole year has (spreads the tickets over 365 days)
     * @param tenants how many tenants
     * @param rnd the random source
     * @return the events
     */
    static EventEnvelope[] yearOfEvents(long first, int count, long total, int tenants, Random rnd) {
        List<EventEnvelope> out = new ArrayList<>(count);
        Channel[] channels = {Channel.EMAIL, Channel.LINE, Channel.WEB_CHAT, Channel.PHONE};
        Priority[] priorities = Priority.values();
        TenantId[] ids = new TenantId[tenants];
        for (int i = 0; i < tenants; i++) {
            ids[i] = TenantId.of("tenant-" + i);
        }
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        long span = Duration.ofDays(365).toSeconds();
        long position = first;
        for (long n = first / 8; out.size() < count; n++) {
            TenantId tenant = ids[(int) (n % tenants)];
            Instant at = start.plusSeconds(span * n / (total / 8));
            TicketId id = TicketId.of("T" + n);
            CustomerId customer = CustomerId.of("c" + n);
            Principal cp = Principal.customer(tenant, customer);
            Principal agent = Principal.agent(tenant, AgentId.of("a" + rnd.nextInt(100)));
            Ticket t = Ticket.builder(id, tenant, customer, channels[rnd.nextInt(channels.length)], at)
                .priority(priorities[rnd.nextInt(priorities.length)]).group(GroupId.of("g" + rnd.nextInt(5)))
                .status(TicketStatus.NEW).build();
            Instant reply = at.plusSeconds(60 + rnd.nextInt(7200));
            Instant again = reply.plusSeconds(600 + rnd.nextInt(3600));
            Instant reply2 = again.plusSeconds(60 + rnd.nextInt(3600));
            Instant solved = reply2.plusSeconds(60 + rnd.nextInt(86_400));
            Ticket open = t.toBuilder().status(TicketStatus.OPEN).build();
            Ticket done = t.toBuilder().status(TicketStatus.SOLVED).solvedAt(solved).build();
            List<SupportEvent> life = List.of(
                new TicketCreated(t, cp, at, msg(id, 1, AuthorKind.CUSTOMER, at), null),
                new MessageAdded(t, cp, at, msg(id, 1, AuthorKind.CUSTOMER, at)),
                new MessageAdded(open, agent, reply, msg(id, 2, AuthorKind.AGENT, reply)),
                new MessageAdded(open, cp, again, msg(id, 3, AuthorKind.CUSTOMER, again)),
                new MessageAdded(open, agent, reply2, msg(id, 4, AuthorKind.AGENT, reply2)),
                new SlaEvent.CycleStopped(tenant, id, SlaMetric.FIRST_REPLY_TIME, SlaCycle.StopReason.FULFILLED,
                    Duration.between(at, reply), rnd.nextInt(10) == 0, reply),
                new StatusChanged(done, agent, solved, TicketStatus.OPEN, TicketStatus.SOLVED),
                new SurveyInvitationSent(tenant, "inv" + n, id, customer, "csat", t.channel(), solved));
            for (SupportEvent e : life) {
                if (out.size() < count) {
                    out.add(new EventEnvelope(++position, e));
                }
            }
        }
        return out.toArray(EventEnvelope[]::new);
    }

    private static Message msg(TicketId id, int seq, AuthorKind kind, Instant at) {
        return new Message(id, seq, Visibility.PUBLIC, kind, "x", "", List.of(), at);
    }

    /**
     * @return the engine after ingesting the events
     */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public KpiEngine engine() {
        KpiEngine engine = KpiEngine.builder().zone(TOKYO).build();
        for (EventEnvelope e : events) {
            engine.handle(e);
        }
        return engine;
    }

    /**
     * The plain alternative: count events per tenant and Tokyo day in a {@code HashMap}.
     *
     * @param bh sink
     */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void plainCountPerTenantDay(Blackhole bh) {
        Map<String, long[]> counts = new HashMap<>();
        for (EventEnvelope e : events) {
            LocalDate day = e.occurredAt().atZone(TOKYO).toLocalDate();
            counts.computeIfAbsent(e.tenantId().value() + '|' + day, k -> new long[1])[0]++;
        }
        bh.consume(counts);
    }
}
