package io.madoguchi.core.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.madoguchi.core.feedback.action.ImprovementActionStore;
import io.madoguchi.core.feedback.action.ImprovementActionStoreContract;
import java.time.Duration;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestDatabases.ClosePools.class)
class JdbcImprovementActionStorePostgresTest extends ImprovementActionStoreContract {

    private HikariDataSource dataSource;

    @Override
    protected ImprovementActionStore newStore() {
        dataSource = TestDatabases.migratedPostgres();
        return new JdbcImprovementActionStore(dataSource);
    }

    @Override
    protected ImprovementActionStore newStore(int maxKeys, Duration keyRetention) {
        dataSource = TestDatabases.migratedPostgres();
        return new JdbcImprovementActionStore(dataSource, maxKeys, keyRetention);
    }

    /** A second pool on the same database, as a second host process has. */
    @Override
    protected ImprovementActionStore sameData(ImprovementActionStore store) {
        return new JdbcImprovementActionStore(TestDatabases.samePostgres(dataSource));
    }
}
