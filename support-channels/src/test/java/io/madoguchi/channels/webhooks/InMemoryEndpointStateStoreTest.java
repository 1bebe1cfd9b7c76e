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
        store.disable("a", T0);
        store.disable("b", T0);

        assertThatThrownBy(() -> store.disable("c", T0)).isInstanceOf(StoreException.class)
            .hasMessageContaining("limit");
        assertThat(store.disabled()).containsExactlyInAnyOrder("a", "b");
        assertThat(store.disable("a", T0)).as("an endpoint already held is no new entry").isFalse();
    }
}
