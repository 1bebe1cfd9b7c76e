package io.madoguchi.core.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestDatabases.ClosePools.class)
class JdbcSurveyStorePostgresTest extends JdbcSurveyStoreContract {

    @Override
    DataSource database() {
        return TestDatabases.migratedPostgres();
    }

    @Override
    DataSource secondConnection(DataSource first) {
        return TestDatabases.samePostgres((HikariDataSource) first);
    }
}
