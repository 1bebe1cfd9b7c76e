package io.madoguchi.core.store.jdbc;

import javax.sql.DataSource;

class JdbcReviewStoreH2Test extends JdbcReviewStoreContract {

    @Override
    DataSource database() {
        return TestDatabases.migratedH2();
    }
}
