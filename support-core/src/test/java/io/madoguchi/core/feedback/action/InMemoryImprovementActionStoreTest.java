package io.madoguchi.core.feedback.action;

import java.time.Duration;

class InMemoryImprovementActionStoreTest extends ImprovementActionStoreContract {

    @Override
    protected ImprovementActionStore newStore() {
        return new InMemoryImprovementActionStore();
    }

    @Override
    protected ImprovementActionStore newStore(int maxKeys, Duration keyRetention) {
        return new InMemoryImprovementActionStore(maxKeys, keyRetention);
    }
}
