package io.madoguchi.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.EventJson;
import io.madoguchi.core.event.EventJsonException;
import io.madoguchi.core.feedback.Granularity;
import io.madoguchi.core.store.EventLog;
import io.madoguchi.core.store.StoreException;
import io.madoguchi.core.store.jdbc.JdbcDeskStore;
import io.madoguchi.core.store.jdbc.JdbcSchema;
import io.madoguchi.metrics.Dimension;
import io.madoguchi.metrics.KpiCsv;
import io.madoguchi.metrics.KpiDashboard;
import io.madoguchi.metrics.KpiEngine;
import io.madoguchi.metrics.KpiJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code madoguchi report --input EVENTS.jsonl [--from DATE] [--to DATE] [--zone ZONE] [--tenant ID]
 * [--html OUT.html] [--csv OUT.csv]}: the support KPIs of an exported event log (the format of {@code EventJson}) as
 * one JSON object. With {@code --store URL} instead of {@code --input} it reads the committed event log of a desk's
 * database (what the log still retains), and prints the same report. With {@code --tenant} the report, the CSV and
 * the dashboard are that tenant's alone, as if the log held its events only: no number, dimension value, agent or
 * tenant id of another tenant is in them. A well-formed tenant id without events gets an empty report and a note on
 * standard error (the log cannot tell a quiet tenant from a mistyped one); one that cannot be a tenant id is bad
 * input.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Prints the support KPIs of an exported event log (JSON lines, see support-metrics/EVENTS.md)"
            + " as one JSON object on one line; with --store, of the event log of a desk's database instead.",
        "Keys: tickets, first_reply, next_reply, resolution, requester_wait, sla, reopen, first_contact_resolution,"
            + " csat, nps, ces, survey_response, deflection, containment, handover, channel_mix, complaints,"
            + " churn_risk, agent_workload, and the same by_channel, by_priority and by_group.",
        "With --tenant, that tenant's report alone (its events, numbers, dimension values and agents; no other"
            + " tenant's); a tenant without events gets an empty report and a note on standard error.",
        "Exit codes: 0 report printed, 2 bad input (FILE: line N, field 'F': problem; a file with no events; a"
            + " --tenant that cannot be a tenant id) or a store that cannot be read."})
public final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--input", paramLabel = "EVENTS.jsonl", description = "an exported event log")
    Path input;

    @Mixin
    StoreOptions store;

    @Option(names = "--from", paramLabel = "DATE", description = "first local date counted (yyyy-mm-dd), inclusive")
    LocalDate from;

    @Option(names = "--to", paramLabel = "DATE", description = "last local date counted (yyyy-mm-dd), inclusive")
    LocalDate to;

    @Option(names = "--zone", paramLabel = "ZONE", defaultValue = "UTC",
        description = "the tenants' time zone, a region id such as Asia/Tokyo (default: ${DEFAULT-VALUE})")
    String zoneName;

    @Option(names = "--tenant", paramLabel = "ID",
        description = "report this tenant only, as if the log held its events alone (default: every tenant summed)")
    String tenantName;

    @Option(names = "--html", paramLabel = "OUT.html", description = "also write a self-contained HTML dashboard")
    Path html;

    @Option(names = "--csv", paramLabel = "OUT.csv", description = "also write the daily KPIs as CSV")
    Path csv;

    @Override
    public Integer call() {
        ZoneId zone;
        try {
            zone = FeedbackReportCommand.zone(zoneName);
        } catch (IllegalArgumentException e) {
            return fail("error: " + e.getMessage());
        }
        if (from != null && to != null && from.isAfter(to)) {
            return fail("error: --from " + from + " is after --to " + to);
        }
        if ((input == null) == (store.store == null)) {
            return fail("error: give either --input EVENTS.jsonl or --store URL");
        }
        TenantId tenant = null;
        if (tenantName != null) {
            try {
                tenant = TenantId.of(tenantName);
            } catch (ValidationException e) {
                // the problem only: the value may hold control characters that would break the one line
                return fail("error: --tenant " + e.violations().get(0).message());
            }
        }
        KpiEngine engine = KpiEngine.builder().zone(zone).byAgent(true).granularities(List.of(Granularity.DAY))
            .maxSlices(2_000_000).sliceRetention(Duration.ofDays(36_500)).window(from, to).build();
        long lines;
        if (input != null) {
            try {
                lines = read(engine, tenant);
            } catch (NoSuchFileException e) {
                return fail("error: no such file: " + input);
            } catch (BadInput e) {
                return fail(input + ": " + e.getMessage());
            } catch (IOException | UncheckedIOException e) {
                return fail("error: cannot read " + input + ": " + e.getMessage());
            }
        } else {
            String url = storeUrl(store.store);
            try (HikariDataSource ds = StoreOption.open(url, store.dbUser, System.getenv(), true)) {
                if (JdbcSchema.version(ds) == 0) {
                    return fail("--store: " + StoreOption.redacted(url) + " holds no Madoguchi desk (no schema)");
                }
                EventLog log = new JdbcDeskStore(ds, Clock.systemUTC()).eventLog();
                lines = tenant == null ? engine.backfill(log) : engine.backfill(log, tenant);
            } catch (StoreOption.BadStore e) {
                return fail(e.getMessage());
            } catch (StoreException e) {
                // the database failed, or a stored row is not an event this version reads
                return fail("--store: cannot read " + StoreOption.redacted(url) + ": "
                    + StoreOption.message(e.getMessage()));
            }
        }
        LocalDate first = from != null ? from : LocalDate.MIN;
        LocalDate last = to != null ? to : LocalDate.MAX;
        ObjectMapper json = CliJson.MAPPER;
        ObjectNode out = json.createObjectNode();
        if (input != null) {
            out.put("input", input.toString());
        } else {
            out.put("store", StoreOption.redacted(store.store));
        }
        out.put("zone", zone.getId());
        out.put("from", from == null ? null : from.toString());
        out.put("to", to == null ? null : to.toString());
        if (tenant != null) {
            out.put("tenant", tenant.value());
        }
        out.put("events", lines);
        out.putArray("tenants").addAll(engine.tenants().stream().map(TenantId::value)
            .map(json.getNodeFactory()::textNode).toList());
        out.setAll(KpiJson.toJson(engine.kpis(tenant, Granularity.DAY, first, last, Dimension.ALL, "")));
        for (Dimension d : List.of(Dimension.CHANNEL, Dimension.PRIORITY, Dimension.GROUP)) {
            ObjectNode by = out.putObject("by_" + d.name().toLowerCase(java.util.Locale.ROOT));
            for (String v : engine.values(Granularity.DAY, d)) {
                by.set(v, KpiJson.toJson(engine.kpis(tenant, Granularity.DAY, first, last, d, v)));
            }
        }
        try {
            if (csv != null) {
                try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
                    KpiCsv.writeDaily(engine, tenant, first, last, w); // every tenant summed when null
                }
            }
            if (html != null) {
                try (Writer w = Files.newBufferedWriter(html, StandardCharsets.UTF_8)) {
                    KpiDashboard.write(engine, tenant, first, last, null, w); // every tenant summed when null
                }
            }
        } catch (IOException e) {
            return fail("error: cannot write: " + e.getMessage());
        }
        CliJson.print(spec.commandLine().getOut(), out);
        if (tenant != null && lines == 0) {
            spec.commandLine().getErr().println("note: tenant '" + tenant.value() + "' has no events in "
                + (input != null ? input.toString() : StoreOption.redacted(store.store)) + "; the report is empty");
            spec.commandLine().getErr().flush();
        }
        return 0;
    }

    /**
     * The store URL as {@link StoreOption} takes it: a JDBC H2 file URL ({@code jdbc:h2:file:PATH} or
     * {@code jdbc:h2:PATH}) becomes {@code h2:PATH}; anything else is passed on as given.
     */
    static String storeUrl(String url) {
        String lower = url.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("jdbc:h2:file:")) {
            return "h2:" + url.substring("jdbc:h2:file:".length());
        }
        if (lower.startsWith("jdbc:h2:") && !lower.startsWith("jdbc:h2:mem:") && !lower.startsWith("jdbc:h2:tcp:")) {
            return "h2:" + url.substring("jdbc:h2:".length());
        }
        return url;
    }

    private int fail(String line) {
        spec.commandLine().getErr().println(line);
        spec.commandLine().getErr().flush();
        return 2;
    }

    /**
     * Input that cannot be used; the message is {@code line N, field 'F': problem}, or the problem alone for the
     * whole file.
     */
    static final class BadInput extends Exception {
        private static final long serialVersionUID = 1L;

        BadInput(String message) {
            super(message);
        }
    }

    /**
     * Reads the whole file, refusing it at its first bad line; counts every event, or only {@code tenant}'s (the
     * others are checked as well, so a bad line of another tenant still refuses the file).
     *
     * @return how many events were counted
     */
    private long read(KpiEngine engine, @Nullable TenantId tenant) throws IOException, BadInput {
        long count = 0;
        long counted = 0;
        long previous = 0;
        try (Utf8Lines in = Utf8Lines.open(input)) {
            while (true) {
                String line;
                try {
                    line = in.next();
                } catch (Utf8Lines.NotUtf8Exception ex) {
                    throw new BadInput(ex.getMessage());
                }
                if (line == null) {
                    if (count == 0) {
                        // a report of nothing reads as a quiet period, not as the wrong file
                        throw new BadInput("contains no events");
                    }
                    return tenant == null ? count : counted;
                }
                if (line.isBlank()) {
                    continue;
                }
                EventEnvelope e;
                try {
                    e = EventJson.parse(line, in.lineNumber());
                } catch (EventJsonException ex) {
                    throw new BadInput(ex.describe());
                }
                if (e.position() <= previous) {
                    throw new BadInput("line " + in.lineNumber() + ", field 'position': must be greater than the"
                        + " previous event's (" + previous + "); was " + e.position());
                }
                previous = e.position();
                if (tenant == null || e.event().tenantId().equals(tenant)) {
                    engine.handle(e);
                    counted++;
                }
                count++;
            }
        }
    }
}
