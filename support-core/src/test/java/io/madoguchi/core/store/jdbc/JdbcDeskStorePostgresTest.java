package io.madoguchi.core.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.store.DeskStoreContract;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** The desk store contract on a fresh database of the embedded PostgreSQL per test. */
class JdbcDeskStorePostgresTest extends DeskStoreContract {

    private final List<HikariDataSource> pools = new ArrayList<>();

    @Override
    protected DeskStore newStore() {
        HikariDataSource ds = TestDatabases.postgres();
        pools.add(ds);
        return JdbcDeskStore.migrating(ds, Clock.systemUTC());
    }

    @AfterEach
    void closePools() {
        pools.forEach(HikariDataSource::close);
    }
}
