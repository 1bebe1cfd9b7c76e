package io.madoguchi.core.feedback.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.store.Racers;
import java.time.Duration;
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

    /** @return a new, empty store with the default bounds of its keys */
    protected abstract ImprovementActionStore newStore();

    /**
     * @param maxKeys idempotency keys kept for each tenant
     * @param keyRetention how long an idempotency key is held
     * @return a new, empty store with these bounds of its keys
     */
    protected abstract ImprovementActionStore newStore(int maxKeys, Duration keyRetention);

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

    private static NewImprovementAction request(String title) {
        return new NewImprovementAction(title, AgentId.of("suzuki"), LocalDate.of(2026, 12, 24), Set.of("refund"),
            Set.of("fb-1"), T0);
    }

    @Test
    void anActionCreatedUnderAKeyIsInsertedOnceAndTheKeyNamesIt() {
        NewImprovementAction req = request("返金手続きの案内を見直す");
        ImprovementAction first = action("a-1", TENANT, T0);
        assertThat(store.insert(first, "k-1", req)).isEmpty();

        ImprovementAction again = action("a-2", TENANT, T0.plusSeconds(5));
        assertThat(store.insert(again, "k-1", request("別の施策")))
            .contains(new ActionCreation(TENANT, "k-1", req, "a-1", T0));

        assertThat(store.get("a-2")).as("nothing written for the repeat").isEmpty();
        assertThat(store.list(TENANT)).containsExactly(first);
        assertThat(store.creation(TENANT, "k-1", T0.plusSeconds(10)))
            .contains(new ActionCreation(TENANT, "k-1", req, "a-1", T0));
        assertThat(store.creation(TENANT, "k-2", T0.plusSeconds(10))).isEmpty();
    }

    @Test
    void keysArePerTenant() {
        assertThat(store.insert(action("a-1", TENANT, T0), "k-1", request("案内を見直す"))).isEmpty();
        assertThat(store.insert(action("b-1", OTHER, T0), "k-1", request("案内を見直す"))).isEmpty();

        assertThat(store.creation(OTHER, "k-1", T0)).map(ActionCreation::actionId).contains("b-1");
        assertThat(store.creation(TENANT, "k-1", T0)).map(ActionCreation::actionId).contains("a-1");
    }

    @Test
    void aKeyIsHeldForTheKeyRetentionAndThenFreeForANewAction() {
        store = newStore(100, Duration.ofDays(1));
        assertThat(store.insert(action("a-1", TENANT, T0), "k-1", request("案内を見直す"))).isEmpty();
        Instant lastHeld = T0.plus(Duration.ofDays(1)).minusNanos(1_000);
        assertThat(store.creation(TENANT, "k-1", lastHeld)).isPresent();
        assertThat(store.insert(action("a-2", TENANT, lastHeld), "k-1", request("案内を見直す"))).isPresent();

        Instant expired = T0.plus(Duration.ofDays(1));
        assertThat(store.creation(TENANT, "k-1", expired)).isEmpty();
        assertThat(store.insert(action("a-3", TENANT, expired), "k-1", request("案内を見直す"))).isEmpty();
        assertThat(store.creation(TENANT, "k-1", expired)).map(ActionCreation::actionId).contains("a-3");
        assertThat(store.get("a-1")).as("actions are not bounded").isPresent();
    }

    @Test
    void eachTenantKeepsItsNewestKeysUpToTheSizeBound() {
        store = newStore(2, Duration.ofDays(90));
        store.insert(action("b-1", OTHER, T0), "k-1", request("案内を見直す"));
        for (int i = 1; i <= 3; i++) {
            store.insert(action("a-" + i, TENANT, T0.plusSeconds(i)), "k-" + i, request("案内を見直す"));
        }
        Instant now = T0.plusSeconds(10);

        assertThat(store.creation(TENANT, "k-1", now)).as("the tenant's oldest key is dropped").isEmpty();
        assertThat(store.creation(TENANT, "k-2", now)).isPresent();
        assertThat(store.creation(TENANT, "k-3", now)).isPresent();
        assertThat(store.creation(OTHER, "k-1", now)).as("another tenant's key is not pushed out").isPresent();
        assertThat(store.list(TENANT)).as("actions are not bounded").hasSize(3);
    }

    @Test
    void anInsertUnderAKeyWhoseActionIdIsTakenWritesNothing() {
        ImprovementAction a = action("a-1", TENANT, T0);
        store.insert(a);

        assertThatThrownBy(() -> store.insert(a, "k-1", request("案内を見直す")))
            .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.creation(TENANT, "k-1", T0)).isEmpty();
    }

    @Test
    void ofTwoInstancesCreatingUnderOneKeyOnlyOneInserts() throws Exception {
        ImprovementActionStore second = sameData(store);

        int won = Racers.winners(6, i -> (i % 2 == 0 ? store : second)
            .insert(action("a-" + i, TENANT, T0), "同じキー", request("案内を見直す")).isEmpty());

        assertThat(won).isEqualTo(1);
        assertThat(second.list(TENANT)).hasSize(1);
        assertThat(store.creation(TENANT, "同じキー", T0)).map(ActionCreation::actionId)
            .contains(second.list(TENANT).get(0).id());
    }

    @Test
    void aKeyAndItsRequestComeBackUnchangedOnAnotherInstance() {
        Instant fine = T0.plusNanos(5_000);
        NewImprovementAction req = new NewImprovementAction("配送遅延のお詫びテンプレートを改訂する", AgentId.of("佐々木"),
            LocalDate.of(2027, 1, 31), Set.of("配送", "梱包"), Set.of("fb-1", "fb-2"), fine);
        ImprovementAction a = new ImprovementAction("施策-1", TENANT, req.title(), req.owner(), req.dueDate(),
            ActionStatus.OPEN, req.themes(), req.feedbackIds(), fine, fine, fine);
        String key = "レビュー対応/4711/1";
        assertThat(store.insert(a, key, req)).isEmpty();

        assertThat(sameData(store).creation(TENANT, key, fine))
            .contains(new ActionCreation(TENANT, key, req, "施策-1", fine));
        assertThat(sameData(store).get("施策-1")).contains(a);
    }
}
