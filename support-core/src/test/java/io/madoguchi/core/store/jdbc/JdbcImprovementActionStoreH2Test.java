package io.madoguchi.core.store.jdbc;

import io.madoguchi.core.feedback.action.ImprovementActionStore;
import io.madoguchi.core.feedback.action.ImprovementActionStoreContract;
import java.time.Duration;
import javax.sql.DataSource;

class JdbcImprovementActionStoreH2Test extends ImprovementActionStoreContract {

    private DataSource dataSource;

    @Override
    protected ImprovementActionStore newStore() {
        dataSource = TestDatabases.migratedH2();
        return new JdbcImprovementActionStore(dataSource);
    }

    @Override
    protected ImprovementActionStore newStore(int maxKeys, Duration keyRetention) {
        dataSource = TestDatabases.migratedH2();
        return new JdbcImprovementActionStore(dataSource, maxKeys, keyRetention);
    }

    @Override
    protected ImprovementActionStore sameData(ImprovementActionStore store) {
        return new JdbcImprovementActionStore(dataSource);
    }
}
