package io.madoguchi.benchmarks.desk;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.TicketQuery;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Fills an in-memory desk with tickets (each with one 100-character Japanese message) and reports heap bytes per
 * ticket after a full GC, plus single-thread throughput of the full life cycle in tickets per CPU-second (CPU time
 * of this thread, so other processes on a shared machine distort it less than wall time).
 *
 * <pre>java -Xmx2g -cp benchmarks/target/benchmarks.jar io.madoguchi.benchmarks.desk.DeskMemoryEval 1000000</pre>
 */
public final class DeskMemoryEval {

    private DeskMemoryEval() {
    }

    /**
     * @param args the number of tickets (default 1,000,000)
     */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        TenantId tenant = TenantId.of("eval");
        MovingClock clock = new MovingClock();
        // two durable subscribers read the log, so it keeps only what they have not passed (plus its retention)
        SupportDesk desk = SupportDesk.builder().clock(clock).subscriber(new CountingSubscriber("metrics"))
            .subscriber(new CountingSubscriber("outbox")).build();
        Principal agent = Principal.agent(tenant, AgentId.of("sato"));
        Customer c = desk.resolveCustomer(desk.system(tenant, "eval"), ChannelIdentity.email("tanaka@example.jp"),
            "田中");
        Principal customer = Principal.customer(tenant, c.id());
        String body = "ご注文いただいた商品がまだ届いておりません。"
            + "お手数ですが配送状況を確認していただけますでしょうか。"
            + "注文番号はA-1024です。よろしくお願いいたします。";
        body = (body + body).substring(0, 100);
        CreateTicket cmd = CreateTicket.builder(c.id(), Channel.EMAIL, "配送状況の確認", body).build();

        long before = usedAfterGc(mem);
        long cpu0 = threads.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            clock.tick();
            desk.createTicket(customer, cmd);
        }
        long cpu1 = threads.getCurrentThreadCpuTime();
        long wall1 = System.nanoTime();
        long after = usedAfterGc(mem);
        long count = desk.query(agent, TicketQuery.builder().limit(1).build()).tickets().size();
        System.out.printf("tickets: %,d (query sees %d on first page)%n", n, count);
        System.out.printf("heap used: %,d -> %,d bytes; %.0f bytes per ticket (one %d-char message)%n",
            before, after, (after - before) / (double) n, body.length());
        System.out.printf("create: %.0f tickets/s wall, %.0f tickets/CPU-s%n", n / ((wall1 - wall0) / 1e9),
            n / ((cpu1 - cpu0) / 1e9));
        lifecycle(desk, customer, agent, cmd, threads, clock);
    }

    private static void lifecycle(SupportDesk desk, Principal customer, Principal agent, CreateTicket cmd,
            ThreadMXBean threads, MovingClock clock) {
        int n = 200_000;
        for (int round = 0; round < 3; round++) {
            long cpu0 = threads.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                clock.tick();
                var t = desk.createTicket(customer, cmd);
                desk.reply(agent, t.id(),
                    "お問い合わせありがとうございます。確認いたします。");
                desk.addNote(agent, t.id(), "倉庫に確認中");
                desk.reply(customer, t.id(), "よろしくお願いします。");
                desk.changeStatus(agent, t.id(), io.madoguchi.core.ticket.TicketStatus.SOLVED);
            }
            long cpu1 = threads.getCurrentThreadCpuTime();
            long wall1 = System.nanoTime();
            System.out.printf(
                "life cycle (create + 3 messages + solve), round %d: %.0f tickets/s wall, %.0f tickets/CPU-s%n",
                round + 1, n / ((wall1 - wall0) / 1e9), n / ((cpu1 - cpu0) / 1e9));
        }
    }

    private static long usedAfterGc(MemoryMXBean mem) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return mem.getHeapMemoryUsage().getUsed();
    }

    /** A clock that moves one millisecond per ticket, so timestamps differ like in real use. */
    private static final class MovingClock extends Clock {
        private volatile Instant now = Instant.parse("2026-11-24T00:00:00Z");

        void tick() {
            now = now.plus(Duration.ofMillis(1));
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
