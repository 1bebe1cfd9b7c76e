package io.madoguchi.core.store.jdbc;

import javax.sql.DataSource;

class JdbcSurveyStoreH2Test extends JdbcSurveyStoreContract {

    @Override
    DataSource database() {
        DataSource ds = TestDatabases.h2();
        JdbcSchema.migrate(ds);
        return ds;
    }
}
