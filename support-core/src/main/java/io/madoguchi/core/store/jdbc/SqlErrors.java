package io.madoguchi.core.store.jdbc;

import io.madoguchi.core.store.StoreException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import org.jspecify.annotations.Nullable;

/** Turns a driver's {@link SQLException} into a {@link StoreException} that says whether a retry may help. */
final class SqlErrors {

    private SqlErrors() {}

    /**
     * @param what what the store was doing, in a few words ("commit a change set"); no personal data
     * @param e the driver's exception
     * @return the typed exception to throw
     */
    static StoreException translate(String what, SQLException e) {
        boolean transientFailure = isTransient(e);
        String state = e.getSQLState() == null ? "" : " (SQLState " + e.getSQLState() + ")";
        return new StoreException("could not " + what + state + ": " + firstLine(e.getMessage()), transientFailure, e);
    }

    /**
     * @param e the driver's exception
     * @return whether the statement's transaction was certainly rolled back by the database and may be run again:
     *     a serialization failure or a deadlock
     */
    static boolean isRolledBackConflict(SQLException e) {
        String s = e.getSQLState();
        return "40001".equals(s) || "40P01".equals(s) || "HYT00".equals(s);
    }

    /**
     * @param e the driver's exception
     * @return whether the statement is a unique-key violation
     */
    static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    /**
     * @param e the failure of a statement or batch sent with auto-commit on
     * @return whether the database refused it (a cardinality, data, integrity or access error, a serialization
     *     failure or deadlock), so nothing was written and it may be written again another way; false for anything
     *     else, a lost connection or a terminated backend above all, after which the
     *     outcome is unknown (the backend may have committed before it went)
     */
    static boolean isRefused(SQLException e) {
        SQLException first = e instanceof BatchUpdateException && e.getNextException() != null
            ? e.getNextException() : e;
        String state = first.getSQLState();
        if (state == null || state.length() != 5) {
            return false;
        }
        return switch (state.substring(0, 2)) {
            case "21", "22", "23", "40", "42" -> true;
            default -> false;
        };
    }

    static boolean isTransient(SQLException e) {
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException || isRolledBackConflict(e)) {
            return true;
        }
        String s = e.getSQLState();
        if (s == null) {
            return false;
        }
        // 08: connection exception; 53: insufficient resources; 57P01..57P03: server shutting down or starting
        return s.startsWith("08") || s.startsWith("53") || s.startsWith("57P");
    }

    private static String firstLine(@Nullable String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
