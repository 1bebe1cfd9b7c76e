package io.madoguchi.metrics;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.feedback.Granularity;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The daily KPIs of all tenants, or of one tenant, as CSV (RFC 4180, header row, one row per day that has events,
 * empty cells where a value means nothing). Stateless and thread-safe.
 */
public final class KpiCsv {

    /** The header row's columns. */
    public static final List<String> COLUMNS = List.of("date", "created", "solved", "first_reply_p50_seconds",
        "first_reply_p90_seconds", "resolution_p50_seconds", "resolution_p90_seconds", "sla_met", "sla_breached",
        "sla_percent", "reopen_percent", "first_contact_resolution_percent", "csat_n", "csat_satisfied_percent",
        "nps_n", "nps_score", "ces_n", "ces_mean", "deflection_percent", "complaints", "churn_risk");

    private KpiCsv() {
    }

    /**
     * @param engine the engine holding day slices
     * @param from the first day written, inclusive
     * @param to the last day written, inclusive
     * @param out where to write; not closed
     * @throws IOException if writing fails
     */
    public static void writeDaily(KpiEngine engine, LocalDate from, LocalDate to, Writer out) throws IOException {
        writeDaily(engine, null, from, to, out);
    }

    /**
     * Writes one tenant's days only, for a report a tenant's own staff may see: no other tenant's numbers are in it.
     *
     * @param engine the engine holding day slices
     * @param tenant the tenant, or null for all tenants summed
     * @param from the first day written, inclusive
     * @param to the last day written, inclusive
     * @param out where to write; not closed
     * @throws IOException if writing fails
     */
    public static void writeDaily(KpiEngine engine, @Nullable TenantId tenant, LocalDate from, LocalDate to,
                                  Writer out) throws IOException {
        out.write(String.join(",", COLUMNS));
        out.write("\r\n");
        for (LocalDate day : engine.periods(tenant, Granularity.DAY)) {
            if (day.isBefore(from) || day.isAfter(to)) {
                continue;
            }
            Kpis k = engine.kpis(tenant, Granularity.DAY, day, day, Dimension.ALL, "");
            long met = k.sla().stream().mapToLong(SlaAttainment::met).sum();
            long breached = k.sla().stream().mapToLong(SlaAttainment::breached).sum();
            Double slaPercent = met + breached == 0 ? null : 100.0 * met / (met + breached);
            List<String> row = List.of(day.toString(), Long.toString(k.created()), Long.toString(k.solved()),
                sec(k.firstReply().p50()), sec(k.firstReply().p90()), sec(k.resolution().p50()),
                sec(k.resolution().p90()), Long.toString(met), Long.toString(breached), num(slaPercent),
                num(k.reopen().percent()), num(k.firstContactResolution().percent()), Long.toString(k.csat().n()),
                num(k.csat().satisfiedPercent()), Long.toString(k.nps().n()), num(k.nps().score()),
                Long.toString(k.ces().n()), num(k.ces().mean()), num(k.deflection().percent()),
                Long.toString(k.complaints().count()), Long.toString(k.churnRisk()));
            out.write(String.join(",", row));
            out.write("\r\n");
        }
    }

    private static String sec(@Nullable Duration d) {
        return d == null ? "" : Long.toString(d.getSeconds());
    }

    private static String num(@Nullable Double d) {
        return d == null ? "" : String.format(Locale.ROOT, "%.2f", d);
    }
}
