package io.madoguchi.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.madoguchi.core.faq.FaqRestartContract;
import io.madoguchi.core.faq.FaqRetention;
import io.madoguchi.core.faq.FaqStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The restart of the matcher and bot on an H2 file, closed at the end of the first life and opened again. */
class JdbcFaqRestartH2FileTest extends FaqRestartContract {

    @TempDir
    Path dir;
    private final Map<FaqStore, HikariDataSource> pools = new IdentityHashMap<>();
    private int lives;

    @Override
    protected FaqStore openStore(FaqRetention retention) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(TestDatabases.h2File(dir.resolve("madoguchi")));
        config.setMaximumPoolSize(4);
        HikariDataSource ds = new HikariDataSource(config);
        JdbcSchema.migrate(ds);
        FaqStore store = new JdbcFaqStore(ds, retention);
        pools.put(store, ds);
        lives++;
        return store;
    }

    @Override
    protected void closeStore(FaqStore store) {
        // the pool's last connection closes, and H2 closes the database file with it
        pools.remove(store).close();
        assertThat(dir.resolve("madoguchi.mv.db")).exists();
    }

    @AfterEach
    void bothLivesOpenedTheFile() throws Exception {
        assertThat(lives).isEqualTo(2);
        assertThat(Files.size(dir.resolve("madoguchi.mv.db"))).isPositive();
    }
}
