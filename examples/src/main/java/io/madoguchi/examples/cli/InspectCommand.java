package io.madoguchi.examples.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import io.madoguchi.core.store.jdbc.JdbcSchema;
import io.madoguchi.core.store.StoreException;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code madoguchi inspect --store URL}: what a desk's database holds, as one JSON object of counts, and how far
 * each subscriber is behind the event log. Reads only; changes nothing: the database is opened read-only.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = "Print what a desk's store holds as one JSON object of counts, with each subscriber's lag.")
public final class InspectCommand implements Callable<Integer> {

    /** The JSON keys and the queries that count them, in output order. */
    private static final Map<String, String> COUNTS = new LinkedHashMap<>();

    static {
        COUNTS.put("tickets", "SELECT COUNT(*) FROM madoguchi_ticket");
        COUNTS.put("messages", "SELECT COUNT(*) FROM madoguchi_message");
        COUNTS.put("customers", "SELECT COUNT(*) FROM madoguchi_customer");
        COUNTS.put("events", "SELECT COUNT(*) FROM madoguchi_event");
        COUNTS.put("sla_clocks", "SELECT COUNT(*) FROM madoguchi_sla_state");
        COUNTS.put("sla_firings",
            "SELECT COUNT(*) FROM madoguchi_event WHERE type IN ('sla.Warning', 'sla.Breached')");
        COUNTS.put("survey_invitations", "SELECT COUNT(*) FROM madoguchi_survey_invitation");
        COUNTS.put("survey_responses", "SELECT COUNT(*) FROM madoguchi_survey_response");
        COUNTS.put("faqs", "SELECT COUNT(*) FROM madoguchi_faq_current");
    }

    @Spec
    private CommandSpec spec;

    @Mixin
    private StoreOptions options;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String store = options.store;
        if (store == null) {
            err.println("--store: required, h2:PATH or jdbc:postgresql://HOST[:PORT]/DB");
            err.flush();
            return 2;
        }
        try (HikariDataSource ds = StoreOption.open(store, options.dbUser, System.getenv(), true, true)) {
            int version = JdbcSchema.version(ds);
            if (version == 0) {
                err.println("--store: " + StoreOption.redacted(store) + " holds no Madoguchi desk (no schema)");
                err.flush();
                return 2;
            }
            ObjectNode json = CliJson.MAPPER.createObjectNode();
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                for (Map.Entry<String, String> e : COUNTS.entrySet()) {
                    try (ResultSet rs = s.executeQuery(e.getValue())) {
                        rs.next();
                        json.put(e.getKey(), rs.getLong(1));
                    }
                }
                long head;
                try (ResultSet rs = s.executeQuery("SELECT position FROM madoguchi_log_head WHERE id = 1")) {
                    head = rs.next() ? rs.getLong(1) : 0;
                }
                ObjectNode lag = json.putObject("subscriber_lag");
                try (ResultSet rs = s.executeQuery(
                    "SELECT subscriber, position FROM madoguchi_checkpoint ORDER BY subscriber")) {
                    while (rs.next()) {
                        lag.put(rs.getString(1), Math.max(0, head - rs.getLong(2)));
                    }
                }
                json.put("schema_version", version);
            }
            CliJson.print(out, json);
            return 0;
        } catch (StoreOption.BadStore e) {
            err.println(e.getMessage());
            err.flush();
            return 2;
        } catch (SQLException | StoreException e) {
            err.println("--store: cannot read " + StoreOption.redacted(options.store) + ": "
                + StoreOption.message(e.getMessage()));
            err.flush();
            return 2;
        }
    }
}
