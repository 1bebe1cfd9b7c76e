package io.madoguchi.channels.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.store.StoreException;
import org.junit.jupiter.api.Test;

class InMemoryEndpointStateStoreTest extends EndpointStateStoreContract {

    @Override
    protected EndpointStateStore newStore() {
        return new InMemoryEndpointStateStore();
    }

    @Test
    void theStoreRefusesMoreDisabledEndpointsThanItsBound() {
        InMemoryEndpointStateStore store = new InMemoryEndpointStateStore(2);
        store.disable(A, "a", T0);
        store.disable(B, "b", T0);

        assertThatThrownBy(() -> store.disable(A, "c", T0)).isInstanceOf(StoreException.class)
            .hasMessageContaining("limit");
        assertThat(store.disabled(A)).containsExactly("a");
        assertThat(store.disabled(B)).containsExactly("b");
        assertThat(store.disable(A, "a", T0)).as("an endpoint already held is no new entry").isFalse();
    }
}
