package io.madoguchi.core.bot;

import io.madoguchi.core.store.jdbc.H2FileDatabase;
import io.madoguchi.core.store.jdbc.JdbcAutomationStore;
import io.madoguchi.core.store.jdbc.JdbcBotAttemptStore;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link BotAndAutomationsRestartTest} with the bot's attempts and the automations' tickets in an H2 file: at each
 * restart the pool (and with it the database file) is closed and new stores are built on a new pool. The desk store
 * and the FAQ catalog stay in memory across the restarts (their JDBC stores are restarted in their own tests).
 */
class BotAndAutomationsRestartOnH2FileTest extends BotAndAutomationsRestartTest {

    @RegisterExtension
    final H2FileDatabase database = new H2FileDatabase();

    @BeforeEach
    @Override
    void openStores() {
        build(database.open());
    }

    @Override
    void restartStores() {
        build(database.reopen());
    }

    private void build(DataSource ds) {
        botStore = new JdbcBotAttemptStore(ds, clock);
        automationStore = new JdbcAutomationStore(ds, clock);
    }
}
