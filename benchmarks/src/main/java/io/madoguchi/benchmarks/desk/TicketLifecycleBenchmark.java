package io.madoguchi.benchmarks.desk;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.agent.Agent;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.event.DeskEvent;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One ticket's life on the in-memory desk, on one thread: create (with the first message), add three messages
 * (customer reply, agent reply, internal note), solve; every step commits its change set with its events to the
 * log, and {@code subscribers} durable subscribers read it. Score = tickets per second. A fresh desk per iteration
 * keeps the heap bounded.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar TicketLifecycleBenchmark -f 1 -wi 2 -i 3 -w 2s -r 2s</pre>
 *
 * <p>The forked JVM gets a fixed, pre-touched 2 GB heap: with a growing heap the iterations in which G1 enlarges the
 * young generation pay the page faults of first touching that memory on the measured thread (iterations ranged
 * 2.4 times within one run); {@code -jvmArgsAppend} can replace the flags to see it.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TicketLifecycleBenchmark {

    /** Whether a listener is registered. */
    @Param({"true"})
    public boolean withListener;

    /** How many durable subscribers read the event log (each with its own checkpoint, delivered synchronously). */
    @Param({"0", "2"})
    public int subscribers;

    private SupportDesk desk;
    private Principal customer;
    private Principal agent;
    private CreateTicket create;

    /** A fresh desk with one customer and one agent. */
    @Setup(Level.Iteration)
    public void setUp() {
        TenantId tenant = TenantId.of("bench");
        SupportDesk.Builder b = SupportDesk.builder()
            .clock(Clock.fixed(Instant.parse("2026-11-24T00:00:00Z"), ZoneOffset.UTC));
        if (withListener) {
            long[] count = new long[1];
            b.listener((DeskEvent e) -> count[0]++);
        }
        for (int i = 0; i < subscribers; i++) {
            b.subscriber(new CountingSubscriber("bench-" + i));
        }
        desk = b.build();
        Principal admin = Principal.admin(tenant, AgentId.of("admin"));
        desk.saveAgent(admin, Agent.of(tenant, AgentId.of("sato"), "佐藤"));
        agent = Principal.agent(tenant, AgentId.of("sato"));
        Customer c = desk.resolveCustomer(desk.system(tenant, "bench"), ChannelIdentity.email("tanaka@example.jp"),
            "田中");
        customer = Principal.customer(tenant, c.id());
        create = CreateTicket.builder(c.id(), Channel.EMAIL, "注文した商品が届きません",
            "注文番号 A-100 の商品がまだ届いていません。確認をお願いします。").build();
    }

    /**
     * @param bh sink
     */
    @Benchmark
    public void createReplyThreeTimesAndSolve(Blackhole bh) {
        Ticket t = desk.createTicket(customer, create);
        desk.reply(agent, t.id(), "お問い合わせありがとうございます。確認いたします。");
        desk.addNote(agent, t.id(), "倉庫に確認中");
        desk.reply(customer, t.id(), "よろしくお願いします。");
        bh.consume(desk.changeStatus(agent, t.id(), TicketStatus.SOLVED));
    }
}
