package io.madoguchi.core.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestDatabases.ClosePools.class)
class SlaEnginesOnLeasesPostgresTest extends SlaEnginesOnLeasesContract {

    @Override
    protected DataSource newDatabase() {
        return TestDatabases.migratedPostgres();
    }

    @Override
    protected DataSource sameDatabase(DataSource first) {
        return TestDatabases.samePostgres((HikariDataSource) first);
    }
}
