package io.madoguchi.core.store.jdbc;

import io.madoguchi.core.sla.store.SlaStore;
import io.madoguchi.core.sla.store.SlaStoreContract;
import javax.sql.DataSource;

class JdbcSlaStoreH2Test extends SlaStoreContract {

    private DataSource dataSource;

    @Override
    protected SlaStore newStore() {
        dataSource = TestDatabases.migratedH2();
        return new JdbcSlaStore(dataSource);
    }

    @Override
    protected SlaStore sameData(SlaStore store) {
        return new JdbcSlaStore(dataSource);
    }
}
