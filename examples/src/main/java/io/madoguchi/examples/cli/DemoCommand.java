package io.madoguchi.examples.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.madoguchi.core.store.StoreException;
import io.madoguchi.core.store.jdbc.JdbcDeskStore;
import io.madoguchi.core.store.jdbc.JdbcSchema;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketPage;
import io.madoguchi.core.ticket.TicketQuery;
import io.madoguchi.examples.demo.ChannelsDemo;
import io.madoguchi.examples.demo.DemoDay;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code madoguchi demo [--out DIR]}: a simulated day at the support desk, printed as a timestamped account and a
 * summary; then the desk's event log and its KPI dashboard are written to {@code DIR} and both paths printed.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Simulates a day at a support desk (in memory by default; with --store the desk is kept in a "
        + "database and each run continues it on the next business day), prints what happens, writes the desk's"
        + " event log and its KPI dashboard and prints both paths.")
public final class DemoCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    /** Without {@code --store} the demo runs in memory. */
    @Mixin
    private StoreOptions options;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "madoguchi-demo",
        description = "where the desk's event log (events.jsonl) and its KPI dashboard (dashboard.html) are written"
            + " (default: ${DEFAULT-VALUE})")
    private Path outDir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String store = options.store;
        PrintWriter err = spec.commandLine().getErr();
        if (store == null) {
            DemoDay demo = new DemoDay(out);
            demo.run();
            new ChannelsDemo(out, DemoDay.DAY).run();
            return reports(demo, out, err);
        }
        try (HikariDataSource ds = StoreOption.open(store, options.dbUser, System.getenv())) {
            JdbcSchema.migrate(ds);
            TreeSet<LocalDate> earlier = daysRun(new JdbcDeskStore(ds, Clock.systemUTC()));
            LocalDate day = earlier.isEmpty() ? DemoDay.DAY : DemoDay.nextDayAfter(earlier.last());
            DemoDay demo = new DemoDay(out, day, earlier.size() + 1, clock -> DemoDay.Stores.jdbc(ds, clock));
            demo.run();
            return reports(demo, out, err);
        } catch (StoreOption.BadStore | StoreException e) {
            return StoreOption.fail(err, store, e);
        }
    }

    /** Writes the event log and the dashboard and prints both paths, or one line saying why it could not. */
    private int reports(DemoDay demo, PrintWriter out, PrintWriter err) {
        DemoDay.Reports r;
        try {
            r = demo.writeReports(outDir);
        } catch (IOException | UncheckedIOException e) {
            out.flush();
            err.println("--out: " + outDir + ": cannot write: " + e.getMessage());
            err.flush();
            return 2;
        }
        out.println("=== ファイル / files ===");
        out.println("イベントログ / event log: " + r.eventLog() + " (" + r.events() + " 件 / events)");
        out.println("ダッシュボード / dashboard: " + r.dashboard());
        out.flush();
        return 0;
    }

    /** @return the local days on which the stored desk's tickets were opened: the days the demo ran */
    private static TreeSet<LocalDate> daysRun(JdbcDeskStore desk) {
        TreeSet<LocalDate> days = new TreeSet<>();
        TicketQuery q = TicketQuery.builder().limit(TicketQuery.MAX_LIMIT).build();
        while (true) {
            TicketPage page = desk.query(DemoDay.SHOP, q, true);
            for (Ticket t : page.tickets()) {
                days.add(t.createdAt().atZone(DemoDay.ZONE).toLocalDate());
            }
            if (page.nextCursor().isEmpty()) {
                return days;
            }
            q = q.after(page.nextCursor());
        }
    }
}
