package io.madoguchi.channels.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.core.TenantId;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What every {@link EndpointStateStore} does; a store's test extends it. */
public abstract class EndpointStateStoreContract {

    /** An instant with microseconds. */
    protected static final Instant T0 = Instant.parse("2026-11-30T09:00:00.123456Z");
    /** A tenant. */
    protected static final TenantId A = TenantId.of("shop-a");
    /** Another tenant. */
    protected static final TenantId B = TenantId.of("市役所-b");

    /** @return an empty store */
    protected abstract EndpointStateStore newStore();

    @Test
    void anEndpointIsEnabledUntilDisabled() {
        EndpointStateStore store = newStore();

        assertThat(store.isDisabled(A, "crm")).isFalse();
        assertThat(store.disabled(A)).isEmpty();
    }

    @Test
    void onlyTheFirstDisableReportsThatItDisabledTheEndpoint() {
        EndpointStateStore store = newStore();

        assertThat(store.disable(A, "crm", T0)).isTrue();
        assertThat(store.disable(A, "crm", T0.plusSeconds(5))).isFalse();

        assertThat(store.isDisabled(A, "crm")).isTrue();
        assertThat(store.isDisabled(A, "会計-hook")).isFalse();
        assertThat(store.disabled(A)).containsExactly("crm");
    }

    @Test
    void enablingEndsTheDisabledStateAndAllowsTheNextDisable() {
        EndpointStateStore store = newStore();
        store.disable(A, "crm", T0);
        store.disable(A, "erp", T0);

        assertThat(store.enable(A, "crm")).isTrue();
        assertThat(store.enable(A, "crm")).isFalse();

        assertThat(store.disabled(A)).containsExactly("erp");
        assertThat(store.disable(A, "crm", T0.plusSeconds(60))).isTrue();
    }

    @Test
    void twoTenantsEndpointsWithOneIdAreApart() {
        EndpointStateStore store = newStore();

        assertThat(store.disable(A, "crm", T0)).isTrue();

        assertThat(store.isDisabled(B, "crm")).as("B's crm is not A's").isFalse();
        assertThat(store.disabled(B)).as("B sees none of A's endpoints").isEmpty();
        assertThat(store.enable(B, "crm")).as("B cannot enable A's crm").isFalse();
        assertThat(store.isDisabled(A, "crm")).isTrue();

        assertThat(store.disable(B, "crm", T0.plusSeconds(1))).as("B's own crm is disabled on its own").isTrue();
        assertThat(store.enable(B, "crm")).isTrue();
        assertThat(store.isDisabled(A, "crm")).as("enabling B's crm leaves A's disabled").isTrue();
        assertThat(store.disabled(A)).containsExactly("crm");
    }
}
