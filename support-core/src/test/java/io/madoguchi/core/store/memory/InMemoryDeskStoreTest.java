package io.madoguchi.core.store.memory;

import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.store.DeskStoreContract;

class InMemoryDeskStoreTest extends DeskStoreContract {

    @Override
    protected DeskStore newStore() {
        return new InMemoryDeskStore();
    }
}
