package io.madoguchi.core.store.jdbc;

import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.store.DeskStoreContract;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The desk store contract on H2, in memory and in file mode (the embedded default). */
class JdbcDeskStoreH2Test extends DeskStoreContract {

    @Override
    protected DeskStore newStore() {
        return JdbcDeskStore.migrating(TestDatabases.h2(), Clock.systemUTC());
    }

    @Nested
    class InFileMode extends DeskStoreContract {

        @TempDir
        Path dir;

        @Override
        protected DeskStore newStore() {
            return JdbcDeskStore.migrating(TestDatabases.h2File(dir.resolve("desk")), Clock.systemUTC());
        }
    }
}
