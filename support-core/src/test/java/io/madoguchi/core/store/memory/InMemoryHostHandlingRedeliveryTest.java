package io.madoguchi.core.store.memory;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.feedback.InMemorySurveyStore;
import io.madoguchi.core.feedback.action.InMemoryImprovementActionStore;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.store.HostHandlingRedeliveryContract;
import io.madoguchi.core.store.IdempotencyKey;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The host-handling redelivery contract on the in-memory stores. */
class InMemoryHostHandlingRedeliveryTest extends HostHandlingRedeliveryContract {

    @Override
    protected Stores newStores(Clock clock) {
        return new Stores(new InMemoryDeskStore(clock), new InMemorySurveyStore(clock),
            new InMemoryImprovementActionStore());
    }

    /** The in-memory log drops claims past their retention on every commit: commit one. */
    @Override
    protected void prune(DeskStore store) {
        store.eventLog().append(List.of(),
            Map.of(new IdempotencyKey(TenantId.of("prune"), "test", UUID.randomUUID().toString()), "x"));
    }
}
