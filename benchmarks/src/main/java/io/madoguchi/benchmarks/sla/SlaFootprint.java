package io.madoguchi.benchmarks.sla;

import io.madoguchi.core.sla.SlaEngine;
import io.madoguchi.core.ticket.Priority;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Heap per open ticket's SLA state: opens N tickets (default 1,000,000) the way a desk would and
 * divides the heap growth after full GCs by N. Run with a fixed heap, for example
 * {@code java -Xmx4g -Xms4g -cp benchmarks/target/benchmarks.jar io.madoguchi.benchmarks.sla.SlaFootprint 1000000}.
 * The figure includes the ticket's facts, ids, the tenant map entry and its due-index entries.
 */
public final class SlaFootprint {

    private SlaFootprint() {
    }

    /**
     * @param args the number of tickets (optional)
     */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        SlaEngine engine = SlaWorkload.engine();
        long before = usedAfterGc(memory);
        Priority[] priorities = Priority.values();
        for (int i = 0; i < n; i++) {
            SlaWorkload.open(engine, "T-" + i, priorities[i % priorities.length], SlaWorkload.T0, i);
        }
        long after = usedAfterGc(memory);
        System.out.printf("tickets=%d activeCycles~%d heapGrowth=%.1f MB bytesPerTicket=%.1f%n", engine.size(),
            engine.dueBefore(SlaWorkload.T0.plusSeconds(400L * 24 * 3600)).size(), (after - before) / 1e6,
            (after - before) / (double) n);
        engine.close();
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
