package io.madoguchi.core.faq;

class InMemoryFaqStoreTest extends FaqStoreContract {

    @Override
    protected FaqStore newStore(FaqRetention retention) {
        return new InMemoryFaqStore(retention);
    }
}
