package io.madoguchi.core.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An H2 database in file mode, as the embedded default runs it, for restart tests (register it with
 * {@code @RegisterExtension}): {@link #open()} starts a pool on a file in a new temporary folder (applying the schema,
 * as a starting host does), {@link #reopen()} closes that pool, which closes the database file, and opens a new one,
 * as a restarted process would. After the test the pool is closed and the folder deleted.
 */
public final class H2FileDatabase implements AfterEachCallback {

    private Path folder;
    private HikariDataSource pool;

    /** @return a pool on a new database file at the current schema version */
    public DataSource open() {
        try {
            folder = Files.createTempDirectory("madoguchi-h2");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return start();
    }

    /** @return a new pool on the same file, after closing the old one (and with it the database) */
    public DataSource reopen() {
        closePool();
        return start();
    }

    private DataSource start() {
        HikariConfig config = new HikariConfig();
        // DB_CLOSE_DELAY=0: the database file is closed once the pool's last connection is
        config.setJdbcUrl("jdbc:h2:file:" + folder.resolve("madoguchi").toAbsolutePath() + ";DB_CLOSE_DELAY=0");
        config.setMaximumPoolSize(4);
        config.setPoolName("h2-file");
        pool = new HikariDataSource(config);
        JdbcSchema.migrate(pool);
        return pool;
    }

    private void closePool() {
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        closePool();
        if (folder != null) {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
            folder = null;
        }
    }
}
