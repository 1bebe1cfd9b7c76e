package io.madoguchi.core.store.jdbc;

import io.madoguchi.core.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Runs work in one database transaction. A serialization failure or deadlock, after which the database has rolled
 * the whole transaction back, is run again from the start (up to {@link #MAX_ATTEMPTS} times); any other failure is
 * thrown as a {@link StoreException} that says whether it is transient. A failure while committing is never run
 * again here: its outcome is unknown, and only the caller's idempotency claim can make a retry safe.
 */
public final class Transactions {

    /** How many times work that hit a serialization failure or deadlock is run in all. */
    public static final int MAX_ATTEMPTS = 5;

    /**
     * Work against one connection inside a transaction.
     *
     * @param <T> what the work returns
     */
    @FunctionalInterface
    public interface Work<T> {
        /**
         * @param connection the transaction's connection, with auto-commit off
         * @return the result
         * @throws SQLException on a database failure; the transaction is rolled back
         */
        T run(Connection connection) throws SQLException;
    }

    /** Work against one connection inside a transaction that returns nothing. */
    @FunctionalInterface
    public interface Action {
        /**
         * @param connection the transaction's connection, with auto-commit off
         * @throws SQLException on a database failure; the transaction is rolled back
         */
        void run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;

    /** @param dataSource the host's data source */
    public Transactions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** @return the data source the transactions run on */
    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * Runs work in a transaction and commits it.
     *
     * @param <T> the result type
     * @param what what the work does, for the error message ("commit a change set"); no personal data
     * @param work the work
     * @return what the work returned
     * @throws StoreException when the database fails; {@link StoreException#isTransient()} says whether to retry
     * @throws RuntimeException whatever the work throws, after rolling back
     */
    public <T> T inTransaction(String what, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                boolean autoCommit = c.getAutoCommit();
                c.setAutoCommit(false);
                T result;
                try {
                    result = work.run(c);
                } catch (SQLException | RuntimeException | Error e) {
                    rollbackQuietly(c, e);
                    // on a lost connection this fails too: keep the work's failure, which says what happened
                    restoreQuietly(c, autoCommit, e);
                    throw e;
                }
                try {
                    c.commit();
                } catch (SQLException e) {
                    rollbackQuietly(c, e);
                    if (isRolledBackConflict(e) && attempt < MAX_ATTEMPTS) {
                        // the database refused the commit and rolled it back: nothing was written
                        continue;
                    }
                    throw SqlErrors.translate(what, e);
                }
                c.setAutoCommit(autoCommit);
                return result;
            } catch (SQLException e) {
                if (SqlErrors.isRolledBackConflict(e) && attempt < MAX_ATTEMPTS) {
                    continue;
                }
                throw SqlErrors.translate(what, e);
            }
        }
    }

    /**
     * Runs work that returns nothing in a transaction and commits it, as {@link #inTransaction(String, Work)} does.
     *
     * @param what what the work does, for the error message; no personal data
     * @param action the work
     * @throws StoreException when the database fails; {@link StoreException#isTransient()} says whether to retry
     * @throws RuntimeException whatever the work throws, after rolling back
     */
    public void execute(String what, Action action) {
        inTransaction(what, c -> {
            action.run(c);
            return Boolean.TRUE;
        });
    }

    /**
     * Runs read-only work on one connection with auto-commit on.
     *
     * @param <T> the result type
     * @param what what the work reads, for the error message
     * @param work the work
     * @return what the work returned
     * @throws StoreException when the database fails
     */
    public <T> T read(String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw SqlErrors.translate(what, e);
        }
    }

    private static boolean isRolledBackConflict(SQLException e) {
        return SqlErrors.isRolledBackConflict(e);
    }

    private static void restoreQuietly(Connection c, boolean autoCommit, Throwable cause) {
        try {
            c.setAutoCommit(autoCommit);
        } catch (SQLException suppressed) {
            cause.addSuppressed(suppressed);
        }
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException suppressed) {
            cause.addSuppressed(suppressed);
        }
    }
}
