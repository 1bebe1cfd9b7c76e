package io.madoguchi.core.store.jdbc;

import javax.sql.DataSource;

class JdbcBotAttemptStoreH2Test extends JdbcBotAttemptStoreContract {

    @Override
    DataSource database() {
        return TestDatabases.migratedH2();
    }
}
