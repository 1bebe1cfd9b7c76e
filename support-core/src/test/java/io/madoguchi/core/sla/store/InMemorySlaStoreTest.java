package io.madoguchi.core.sla.store;

class InMemorySlaStoreTest extends SlaStoreContract {

    @Override
    protected SlaStore newStore() {
        return new InMemorySlaStore();
    }
}
