package io.madoguchi.core.sla;

import io.madoguchi.core.store.jdbc.H2FileDatabase;
import io.madoguchi.core.store.jdbc.JdbcSlaStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link SlaRestartTest} with the SLA state in an H2 file: at the restart the pool (and with it the database file) is
 * closed and a new store is built on a new pool. The desk store stays in memory across the restart (the JDBC desk
 * store is not there yet).
 */
class SlaRestartOnH2FileTest extends SlaRestartTest {

    @RegisterExtension
    final H2FileDatabase database = new H2FileDatabase();

    @BeforeEach
    @Override
    void openStores() {
        slaStore = new JdbcSlaStore(database.open());
    }

    @Override
    void restartStores() {
        slaStore = new JdbcSlaStore(database.reopen());
    }
}
