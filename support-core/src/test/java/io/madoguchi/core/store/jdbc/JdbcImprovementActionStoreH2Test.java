package io.madoguchi.core.store.jdbc;

import io.madoguchi.core.feedback.action.ImprovementActionStore;
import io.madoguchi.core.feedback.action.ImprovementActionStoreContract;

class JdbcImprovementActionStoreH2Test extends ImprovementActionStoreContract {

    @Override
    protected ImprovementActionStore newStore() {
        return new JdbcImprovementActionStore(TestDatabases.migratedH2());
    }
}
