package io.madoguchi.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.TicketId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.automation.AutomationStore;
import io.madoguchi.core.automation.AutomationStoreContract;
import io.madoguchi.core.time.MutableClock;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The automation contract and the bounds of {@link JdbcAutomationStore}, on the database a subclass gives. */
abstract class JdbcAutomationStoreContract extends AutomationStoreContract {

    /** @return a fresh database at the current schema version */
    abstract DataSource database();

    /**
     * @param first the database of the store under test
     * @return the data source a second host process would have on it: another pool where there are pools
     */
    DataSource secondConnection(DataSource first) {
        return first;
    }

    private DataSource dataSource;

    @Override
    protected AutomationStore newStore(MutableClock clock) {
        dataSource = database();
        return new JdbcAutomationStore(dataSource, clock);
    }

    @Override
    protected AutomationStore sameData(AutomationStore store) {
        return new JdbcAutomationStore(secondConnection(dataSource), clock);
    }

    @Test
    void beyondTheSizeBoundTheLeastRecentlyUpdatedTicketIsDeleted() {
        AutomationStore small = new JdbcAutomationStore(dataSource, clock, 3, Duration.ofDays(90));
        for (int i = 0; i < 5; i++) {
            small.save(pending(SHOP, "T-" + i, T0.plusSeconds(i)));
        }
        small.markFired(SHOP, TicketId.of("T-4"), "催促", T0);

        assertThat(small.count()).isEqualTo(3);
        assertThat(small.find(SHOP, TicketId.of("T-0"))).isEmpty();
        assertThat(small.find(SHOP, TicketId.of("T-1"))).isEmpty();
        assertThat(small.find(SHOP, TicketId.of("T-4"))).get().satisfies(t ->
            assertThat(t.fired()).containsOnlyKeys("催促"));
    }

    @Test
    void aTicketNotUpdatedForTheAgeBoundIsLeftOutThenPurged() {
        JdbcAutomationStore bounded = new JdbcAutomationStore(dataSource, clock, 100, Duration.ofDays(90));
        bounded.save(pending(SHOP, "T-old", T0));
        clock.advance(Duration.ofDays(60));
        bounded.save(pending(SHOP, "T-new", clock.instant()));

        clock.advance(Duration.ofDays(30).plusSeconds(1));

        assertThat(bounded.find(SHOP, TicketId.of("T-old"))).isEmpty();
        assertThat(bounded.markFired(SHOP, TicketId.of("T-old"), "催促", T0)).isFalse();
        assertThat(bounded.page(null, 10)).extracting(t -> t.ticket().value()).containsExactly("T-new");
        assertThat(bounded.count()).isEqualTo(1);
        assertThat(bounded.purge()).isEqualTo(1);
    }

    @Test
    void boundsThatAreNotPositiveAreRefusedEachByName() {
        assertThatThrownBy(() -> new JdbcAutomationStore(dataSource, clock, -1, Duration.ofDays(-1)))
            .isInstanceOf(ValidationException.class).hasMessageContaining("maxTickets").hasMessageContaining("maxAge");
    }
}
