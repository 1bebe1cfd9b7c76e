package io.madoguchi.core.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;

class JdbcSurveyStorePostgresTest extends JdbcSurveyStoreContract {

    private HikariDataSource dataSource;

    @Override
    DataSource database() {
        dataSource = TestDatabases.postgres();
        JdbcSchema.migrate(dataSource);
        return dataSource;
    }

    @AfterEach
    void closePool() {
        dataSource.close();
    }
}
