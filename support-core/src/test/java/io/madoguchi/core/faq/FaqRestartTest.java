package io.madoguchi.core.faq;

/** The restart of the matcher and bot on one {@link InMemoryFaqStore} kept by the host. */
class FaqRestartTest extends FaqRestartContract {

    private InMemoryFaqStore store;

    @Override
    protected FaqStore openStore(FaqRetention retention) {
        if (store == null) {
            store = new InMemoryFaqStore(retention);
        }
        return store;
    }
}
