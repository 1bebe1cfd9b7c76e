package io.madoguchi.core.store.jdbc;

import io.madoguchi.core.feedback.action.ImprovementActionStore;
import io.madoguchi.core.feedback.action.ImprovementActionStoreContract;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestDatabases.ClosePools.class)
class JdbcImprovementActionStorePostgresTest extends ImprovementActionStoreContract {

    @Override
    protected ImprovementActionStore newStore() {
        return new JdbcImprovementActionStore(TestDatabases.migratedPostgres());
    }
}
