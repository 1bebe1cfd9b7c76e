package io.madoguchi.core.store.jdbc;

import javax.sql.DataSource;

class JdbcSurveyStoreH2Test extends JdbcSurveyStoreContract {

    @Override
    DataSource database() {
        return TestDatabases.migratedH2();
    }
}
