package io.madoguchi.core.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.madoguchi.core.sla.store.SlaStore;
import io.madoguchi.core.sla.store.SlaStoreContract;
import org.junit.jupiter.api.AfterEach;

class JdbcSlaStorePostgresTest extends SlaStoreContract {

    private HikariDataSource dataSource;
    private HikariDataSource second;

    @Override
    protected SlaStore newStore() {
        dataSource = TestDatabases.postgres();
        JdbcSchema.migrate(dataSource);
        return new JdbcSlaStore(dataSource);
    }

    /** A second pool on the same database, as a second host process has. */
    @Override
    protected SlaStore sameData(SlaStore store) {
        second = TestDatabases.samePostgres(dataSource);
        return new JdbcSlaStore(second);
    }

    @AfterEach
    void closePools() {
        if (second != null) {
            second.close();
        }
        dataSource.close();
    }
}
