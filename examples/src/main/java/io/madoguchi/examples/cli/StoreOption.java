package io.madoguchi.examples.cli;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code --store URL} option of the CLI: {@code h2:PATH} for an H2 database file (created when missing), or a
 * PostgreSQL JDBC URL ({@code jdbc:postgresql://HOST[:PORT]/DB}) with {@code --db-user} and the password from the
 * environment variable {@value #PASSWORD_ENV} (never a flag: flags show in the process list and shell history).
 */
final class StoreOption {

    /** The environment variable the database password is read from. */
    static final String PASSWORD_ENV = "MADOGUCHI_DB_PASSWORD";

    /** A store URL that cannot be used; its message is the one line the CLI prints. */
    static final class BadStore extends Exception {
        private static final long serialVersionUID = 1L;

        BadStore(String message) {
            super(message);
        }
    }

    private StoreOption() {}

    /**
     * Opens a small connection pool on the store, connecting once to check it is reachable.
     *
     * @param url {@code h2:PATH} or {@code jdbc:postgresql://…}
     * @param user the database user ({@code --db-user}); PostgreSQL only
     * @param env the environment, for the password
     * @return the pool; the caller closes it
     * @throws BadStore when the URL is malformed or the database cannot be reached, with one line saying which
     */
    static HikariDataSource open(String url, @Nullable String user, Map<String, String> env) throws BadStore {
        return open(url, user, env, false);
    }

    /**
     * @param url {@code h2:PATH} or {@code jdbc:postgresql://…}
     * @param user the database user; PostgreSQL only
     * @param env the environment, for the password
     * @param mustExist whether an H2 file that does not exist is an error rather than created (for reading)
     * @return the pool; the caller closes it
     * @throws BadStore when the URL is malformed or the database cannot be reached, with one line saying which
     */
    static HikariDataSource open(String url, @Nullable String user, Map<String, String> env, boolean mustExist)
        throws BadStore {
        return open(url, user, env, mustExist, false);
    }

    /**
     * @param url {@code h2:PATH} or {@code jdbc:postgresql://…}
     * @param user the database user; PostgreSQL only
     * @param env the environment, for the password
     * @param mustExist whether an H2 file that does not exist is an error rather than created (for reading)
     * @param readOnly whether to open the database read-only: an H2 file is then not written at all (not even its
     *     header, nor a new database in an empty file), and PostgreSQL connections are read-only (for inspect)
     * @return the pool; the caller closes it
     * @throws BadStore when the URL is malformed or the database cannot be reached, with one line saying which
     */
    static HikariDataSource open(String url, @Nullable String user, Map<String, String> env, boolean mustExist,
        boolean readOnly) throws BadStore {
        HikariConfig config = new HikariConfig();
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("h2:")) {
            String path = url.substring(3);
            if (path.isBlank()) {
                throw new BadStore("--store: 'h2:' needs a file path, e.g. h2:./desk");
            }
            // H2 adds ".mv.db"; a path given with it would become desk.mv.db.mv.db
            String file = path.endsWith(".mv.db") ? path.substring(0, path.length() - ".mv.db".length()) : path;
            // WRITE_DELAY=0: each commit is in the file before it returns; with H2's default delay a killed process
            // loses its last accepted commits (KilledJvmTest in support-core)
            Path mvDb = Path.of(file + ".mv.db");
            if (readOnly && Files.isRegularFile(mvDb) && size(mvDb) == 0) {
                // H2 would make a new database in it if it could write, and fails obscurely when it cannot
                throw new BadStore("--store: " + mvDb + " is an empty file, not an H2 database");
            }
            config.setJdbcUrl("jdbc:h2:file:" + Path.of(file).toAbsolutePath().normalize() + ";WRITE_DELAY=0"
                + (mustExist ? ";IFEXISTS=TRUE" : "") + (readOnly ? ";ACCESS_MODE_DATA=r" : ""));
            config.setMaximumPoolSize(4);
        } else if (lower.startsWith("jdbc:postgresql://")) {
            if (user == null || user.isBlank()) {
                throw new BadStore("--db-user: required with a PostgreSQL --store (the password comes from "
                    + PASSWORD_ENV + ")");
            }
            config.setJdbcUrl(url);
            config.setUsername(user);
            String password = env.get(PASSWORD_ENV);
            if (password != null) {
                config.setPassword(password);
            }
            config.setMaximumPoolSize(8);
        } else {
            throw new BadStore("--store: '" + url + "' is neither h2:PATH nor jdbc:postgresql://HOST[:PORT]/DB");
        }
        config.setReadOnly(readOnly);
        config.setPoolName("madoguchi-cli");
        config.setConnectionTimeout(5_000);
        config.setInitializationFailTimeout(1);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            // Hikari reports an unreachable database, refused credentials, a missing H2 file and a URL no driver
            // takes as different unchecked exceptions; the CLI answers each with the same one line
            throw new BadStore("--store: cannot open " + redacted(url) + ": "
                + rootMessage(e, env.get(PASSWORD_ENV)));
        }
    }

    /**
     * Prints the one line for a store that cannot be used.
     *
     * @param err where to print
     * @param url the {@code --store} value
     * @param e a {@link BadStore} (its message is the line) or a {@code StoreException} from the database
     * @return the exit code 2
     */
    static int fail(java.io.PrintWriter err, String url, Exception e) {
        err.println(e instanceof BadStore ? e.getMessage()
            : "--store: " + redacted(url) + ": " + message(e.getMessage()));
        err.flush();
        return 2;
    }

    /** @return the URL without a password a user may have put into it */
    static String redacted(String url) {
        return redacted(url, null);
    }

    /**
     * A URL or a message (a driver's, which may quote the URL in any form) without a password: every
     * {@code user:password@host} (with or without a leading {@code //}), every {@code password=...} parameter, and
     * the given password wherever it appears, become {@code ***}.
     *
     * @param text a URL or message
     * @param password the password the CLI passed to the database ({@value #PASSWORD_ENV}), if any
     * @return the text without them
     */
    static String redacted(String text, @Nullable String password) {
        String out = text;
        if (password != null && !password.isEmpty()) {
            out = out.replace(password, "***");
        }
        return out.replaceAll("(?i)(password=)[^&;\\s]*", "$1***")
            .replaceAll("([^\\s/@:?&;=]+):[^\\s/@]*@", "$1:***@");
    }

    /**
     * @param message an error message from the database or its driver, possibly null
     * @return its first line, without a password ({@link #redacted(String, String)} with {@value #PASSWORD_ENV})
     */
    static String message(@Nullable String message) {
        return message == null ? "" : firstLine(message, System.getenv(PASSWORD_ENV));
    }

    /** @return the first line of {@code message}, {@link #redacted(String, String) without} the password */
    private static String firstLine(String message, @Nullable String password) {
        int nl = message.indexOf('\n');
        return redacted(nl < 0 ? message : message.substring(0, nl), password);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private static String rootMessage(Throwable e, @Nullable String password) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return firstLine(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage(), password);
    }
}
