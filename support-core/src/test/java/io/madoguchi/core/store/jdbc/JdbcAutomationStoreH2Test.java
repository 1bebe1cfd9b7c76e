package io.madoguchi.core.store.jdbc;

import javax.sql.DataSource;

class JdbcAutomationStoreH2Test extends JdbcAutomationStoreContract {

    @Override
    DataSource database() {
        return TestDatabases.migratedH2();
    }
}
