package io.madoguchi.core.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.madoguchi.core.sla.store.SlaStore;
import io.madoguchi.core.sla.store.SlaStoreContract;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestDatabases.ClosePools.class)
class JdbcSlaStorePostgresTest extends SlaStoreContract {

    private HikariDataSource dataSource;

    @Override
    protected SlaStore newStore() {
        dataSource = TestDatabases.migratedPostgres();
        return new JdbcSlaStore(dataSource);
    }

    /** A second pool on the same database, as a second host process has. */
    @Override
    protected SlaStore sameData(SlaStore store) {
        return new JdbcSlaStore(TestDatabases.samePostgres(dataSource));
    }
}
