package io.madoguchi.examples.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.madoguchi.core.store.StoreException;
import io.madoguchi.core.store.jdbc.JdbcAutomationStore;
import io.madoguchi.core.store.jdbc.JdbcBotAttemptStore;
import io.madoguchi.core.store.jdbc.JdbcDeskStore;
import io.madoguchi.core.store.jdbc.JdbcFaqStore;
import io.madoguchi.core.store.jdbc.JdbcSchema;
import io.madoguchi.core.store.jdbc.JdbcSlaStore;
import io.madoguchi.core.store.jdbc.JdbcSurveyStore;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketPage;
import io.madoguchi.core.ticket.TicketQuery;
import io.madoguchi.examples.demo.ChannelsDemo;
import io.madoguchi.examples.demo.DemoDay;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.LocalDate;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code madoguchi demo}: a simulated day at the support desk, printed as a timestamped account and a summary. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Simulates a day at a support desk (in memory by default; with --store the desk is kept in a "
        + "database and each run continues it on the next business day) and prints what happens.")
public final class DemoCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    /** Without {@code --store} the demo runs in memory. */
    @Mixin
    private StoreOptions options;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String store = options.store;
        if (store == null) {
            new DemoDay(out).run();
            new ChannelsDemo(out, DemoDay.DAY).run();
            out.flush();
            return 0;
        }
        PrintWriter err = spec.commandLine().getErr();
        try (HikariDataSource ds = StoreOption.open(store, options.dbUser, System.getenv())) {
            JdbcSchema.migrate(ds);
            TreeSet<LocalDate> earlier = daysRun(new JdbcDeskStore(ds, Clock.systemUTC()));
            LocalDate day = earlier.isEmpty() ? DemoDay.DAY : DemoDay.nextDayAfter(earlier.last());
            new DemoDay(out, day, earlier.size() + 1, clock -> new DemoDay.Stores(new JdbcDeskStore(ds, clock),
                new JdbcSlaStore(ds), new JdbcSurveyStore(ds, clock), new JdbcBotAttemptStore(ds, clock),
                new JdbcAutomationStore(ds, clock), new JdbcFaqStore(ds))).run();
            out.flush();
            return 0;
        } catch (StoreOption.BadStore e) {
            err.println(e.getMessage());
            err.flush();
            return 2;
        } catch (StoreException e) {
            err.println("--store: " + StoreOption.redacted(store) + ": " + e.getMessage());
            err.flush();
            return 2;
        }
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
