package io.madoguchi.core.store.jdbc;

import javax.sql.DataSource;

class SlaEnginesOnLeasesH2Test extends SlaEnginesOnLeasesContract {

    @Override
    protected DataSource newDatabase() {
        return TestDatabases.migratedH2();
    }

    /** H2 in memory: one more data source on the same named database. */
    @Override
    protected DataSource sameDatabase(DataSource first) {
        org.h2.jdbcx.JdbcDataSource ds = new org.h2.jdbcx.JdbcDataSource();
        ds.setURL(((org.h2.jdbcx.JdbcDataSource) first).getURL());
        return ds;
    }
}
