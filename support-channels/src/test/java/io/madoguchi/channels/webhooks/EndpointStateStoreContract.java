package io.madoguchi.channels.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What every {@link EndpointStateStore} does; a store's test extends it. */
public abstract class EndpointStateStoreContract {

    /** An instant with microseconds. */
    protected static final Instant T0 = Instant.parse("2026-11-30T09:00:00.123456Z");

    /** @return an empty store */
    protected abstract EndpointStateStore newStore();

    @Test
    void anEndpointIsEnabledUntilDisabled() {
        EndpointStateStore store = newStore();

        assertThat(store.isDisabled("crm")).isFalse();
        assertThat(store.disabled()).isEmpty();
    }

    @Test
    void onlyTheFirstDisableReportsThatItDisabledTheEndpoint() {
        EndpointStateStore store = newStore();

        assertThat(store.disable("crm", T0)).isTrue();
        assertThat(store.disable("crm", T0.plusSeconds(5))).isFalse();

        assertThat(store.isDisabled("crm")).isTrue();
        assertThat(store.isDisabled("会計-hook")).isFalse();
        assertThat(store.disabled()).containsExactly("crm");
    }

    @Test
    void enablingEndsTheDisabledStateAndAllowsTheNextDisable() {
        EndpointStateStore store = newStore();
        store.disable("crm", T0);
        store.disable("erp", T0);

        assertThat(store.enable("crm")).isTrue();
        assertThat(store.enable("crm")).isFalse();

        assertThat(store.disabled()).containsExactly("erp");
        assertThat(store.disable("crm", T0.plusSeconds(60))).isTrue();
    }
}
