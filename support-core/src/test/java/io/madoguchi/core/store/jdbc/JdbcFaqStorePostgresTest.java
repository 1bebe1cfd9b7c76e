package io.madoguchi.core.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.madoguchi.core.faq.FaqRetention;
import io.madoguchi.core.faq.FaqStore;
import io.madoguchi.core.faq.FaqStoreContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

class JdbcFaqStorePostgresTest extends FaqStoreContract {

    private final List<HikariDataSource> opened = new ArrayList<>();

    @Override
    protected FaqStore newStore(FaqRetention retention) {
        HikariDataSource ds = TestDatabases.postgres();
        opened.add(ds);
        JdbcSchema.migrate(ds);
        return new JdbcFaqStore(ds, retention);
    }

    @AfterEach
    void closePools() {
        opened.forEach(HikariDataSource::close);
    }
}
