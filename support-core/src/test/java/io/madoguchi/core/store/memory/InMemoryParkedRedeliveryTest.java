package io.madoguchi.core.store.memory;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.store.IdempotencyKey;
import io.madoguchi.core.store.ParkedRedeliveryContract;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The parked-redelivery contract on the in-memory store. */
class InMemoryParkedRedeliveryTest extends ParkedRedeliveryContract {

    @Override
    protected DeskStore newStore(Clock clock) {
        return new InMemoryDeskStore(clock);
    }

    /** The in-memory log drops claims past their retention on every commit: commit one. */
    @Override
    protected DeskStore newStore(Clock clock, Duration maxParkedAge) {
        return new InMemoryDeskStore(clock, maxParkedAge);
    }

    @Override
    protected void prune(DeskStore store) {
        store.eventLog().append(List.of(),
            Map.of(new IdempotencyKey(TenantId.of("prune"), "test", UUID.randomUUID().toString()), "x"));
    }
}
