package io.madoguchi.core.feedback.action;

class InMemoryImprovementActionStoreTest extends ImprovementActionStoreContract {

    @Override
    protected ImprovementActionStore newStore() {
        return new InMemoryImprovementActionStore();
    }
}
