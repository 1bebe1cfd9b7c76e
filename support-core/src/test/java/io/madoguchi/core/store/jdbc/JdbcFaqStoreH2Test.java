package io.madoguchi.core.store.jdbc;

import io.madoguchi.core.faq.FaqRetention;
import io.madoguchi.core.faq.FaqStore;
import io.madoguchi.core.faq.FaqStoreContract;
import javax.sql.DataSource;

class JdbcFaqStoreH2Test extends FaqStoreContract {

    @Override
    protected FaqStore newStore(FaqRetention retention) {
        DataSource ds = TestDatabases.h2();
        JdbcSchema.migrate(ds);
        return new JdbcFaqStore(ds, retention);
    }
}
