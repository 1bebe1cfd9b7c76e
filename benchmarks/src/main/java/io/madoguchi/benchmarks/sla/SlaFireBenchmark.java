package io.madoguchi.benchmarks.sla;

import io.madoguchi.core.Channel;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.sla.SlaTicket;
import java.util.Set;
import io.madoguchi.core.sla.SlaEngine;
import io.madoguchi.core.ticket.Priority;
import java.time.Duration;
import java.time.Instant;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * Finding and firing the breaches due now among a million open tickets: each invocation gets a
 * fresh batch of {@code breaches} hot tickets (one first-reply clock each, all one hour old) among
 * open tickets whose clocks (about 2.7 each) run far into the future.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar SlaFireBenchmark -f 1 -wi 2 -i 3 -w 2s -r 2s</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "-Xms4g"})
public class SlaFireBenchmark {

    @Param("1000000")
    int tickets;

    @Param("10000")
    int breaches;

    private SlaEngine engine;
    private TicketId[] hot;
    private long round;
    private Instant due;

    @Setup(Level.Trial)
    public void open() {
        engine = SlaWorkload.engine();
        for (int i = 0; i < tickets - breaches; i++) {
            Priority p = i % 2 == 0 ? Priority.NORMAL : Priority.LOW;
            SlaWorkload.open(engine, "bg-" + i, p, SlaWorkload.T0, i);
        }
        hot = new TicketId[breaches];
    }

    @Setup(Level.Invocation)
    public void newBatch() {
        for (TicketId id : hot) {
            if (id != null) {
                engine.forget(SlaWorkload.TENANT, id);
            }
        }
        round++;
        // stay well before the background clocks' due times (30 days and more), however many rounds run
        Instant created = SlaWorkload.T0.plusSeconds(round % 3600);
        for (int i = 0; i < breaches; i++) {
            hot[i] = TicketId.of("hot-" + round + "-" + i);
            SlaWorkload.open(engine, SlaTicket.of(SlaWorkload.TENANT, hot[i], Channel.LINE).withTags(Set.of("hot")),
                created, 0);
        }
        due = created.plus(Duration.ofHours(1));
    }

    /** Fires the batch: exactly {@code breaches} first-reply breaches. */
    @Benchmark
    public int fireDue() {
        return engine.fireDue(due);
    }

    /** Answers "what breaches in the next hour?" without firing. */
    @Benchmark
    public int dueInTheNextHour() {
        return engine.dueBefore(due).size();
    }

    @TearDown(Level.Trial)
    public void close() {
        engine.close();
    }
}
