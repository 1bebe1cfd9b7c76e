package io.madoguchi.core.feedback.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.store.Racers;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ImprovementActionStore} must have. A store implementation proves itself by extending
 * this class in its tests and implementing {@link #newStore()}; it ships in the support-core test-jar.
 */
public abstract class ImprovementActionStoreContract {

    /** The first tenant. */
    protected static final TenantId TENANT = TenantId.of("contract-a");
    /** Another tenant. */
    protected static final TenantId OTHER = TenantId.of("contract-b");
    private static final Instant T0 = Instant.parse("2026-11-24T00:00:00Z");

    /** The store under test. */
    protected ImprovementActionStore store;

    /** @return a new, empty store */
    protected abstract ImprovementActionStore newStore();

    /**
     * @param store the store under test
     * @return another instance over the same data, as a second host process would build it; the store itself for a
     *     store that lives in one process
     */
    protected ImprovementActionStore sameData(ImprovementActionStore store) {
        return store;
    }

    /** Creates the store. */
    @BeforeEach
    public void createStore() {
        store = newStore();
    }

    private static ImprovementAction action(String id, TenantId tenant, Instant at) {
        return new ImprovementAction(id, tenant, "返金手続きの案内を見直す", AgentId.of("suzuki"), LocalDate.of(2026, 12, 24),
            ActionStatus.OPEN, Set.of("refund"), Set.of("fb-1"), T0, at, at);
    }

    @Test
    void anActionIsStoredOnceAndReadBack() {
        ImprovementAction a = action("a-1", TENANT, T0);
        store.insert(a);
        assertThat(store.get("a-1")).contains(a);
        assertThat(store.get("a-2")).isEmpty();
        assertThatThrownBy(() -> store.insert(a)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void replaceIsACompareAndSet() {
        ImprovementAction a = action("a-1", TENANT, T0);
        store.insert(a);
        ImprovementAction started = a.withStatus(ActionStatus.IN_PROGRESS, T0.plusSeconds(1));
        assertThat(store.replace(a, started)).isTrue();
        assertThat(store.replace(a, a.withStatus(ActionStatus.CANCELLED, T0.plusSeconds(2)))).as("stale").isFalse();
        assertThat(store.get("a-1")).contains(started);
    }

    @Test
    void actionsAreListedPerTenantOldestFirst() {
        ImprovementAction late = action("a-1", TENANT, T0.plusSeconds(20));
        ImprovementAction early = action("a-2", TENANT, T0.plusSeconds(10));
        store.insert(late);
        store.insert(early);
        store.insert(action("a-3", OTHER, T0));
        assertThat(store.list(TENANT)).containsExactly(early, late);
    }

    @Test
    void ofTwoInstancesMovingOneActionOnlyOneWins() throws Exception {
        ImprovementAction a = action("a-1", TENANT, T0);
        store.insert(a);
        ImprovementActionStore second = sameData(store);

        int won = Racers.winners(6, i -> (i % 2 == 0 ? store : second).replace(a,
            a.withStatus(i % 3 == 0 ? ActionStatus.CANCELLED : ActionStatus.DONE, T0.plusSeconds(i))));

        assertThat(won).isEqualTo(1);
        assertThat(second.get("a-1").orElseThrow().status()).isNotEqualTo(ActionStatus.OPEN);
    }

    @Test
    void japaneseTextAndMicrosecondsComeBackUnchanged() {
        Instant fine = T0.plusNanos(5_000);
        ImprovementAction a = new ImprovementAction("施策-1", TENANT, "配送遅延のお詫びテンプレートを改訂する",
            AgentId.of("佐々木"), LocalDate.of(2027, 1, 31), ActionStatus.OPEN, Set.of("配送", "梱包"),
            Set.of("fb-1", "fb-2"), fine, fine, fine);
        store.insert(a);

        assertThat(sameData(store).get("施策-1")).contains(a);
        assertThat(store.list(TENANT)).containsExactly(a);
    }
}
