package io.madoguchi.core.store.memory;

import io.madoguchi.core.event.SupportEvent;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.store.FollowerPruningContract;
import java.time.Clock;
import java.util.Collections;
import java.util.Map;

/** The follower-pruning contract on the in-memory store. */
class InMemoryFollowerPruningTest extends FollowerPruningContract {

    @Override
    protected DeskStore newStore(Clock clock) {
        return new InMemoryDeskStore(clock);
    }

    /** The in-memory log keeps the newest 10,000 consumed events and trims past 1,024 more: append beyond that. */
    @Override
    protected void dropThrough(DeskStore store, long position, SupportEvent filler) {
        int more = InMemoryEventLog.DEFAULT_RETAINED_EVENTS + 2_000;
        store.eventLog().append(Collections.nCopies(more, filler), Map.of());
    }
}
