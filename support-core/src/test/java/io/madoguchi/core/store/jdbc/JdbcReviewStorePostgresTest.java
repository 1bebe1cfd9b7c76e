package io.madoguchi.core.store.jdbc;

import javax.sql.DataSource;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestDatabases.ClosePools.class)
class JdbcReviewStorePostgresTest extends JdbcReviewStoreContract {

    @Override
    DataSource database() {
        return TestDatabases.migratedPostgres();
    }
}
