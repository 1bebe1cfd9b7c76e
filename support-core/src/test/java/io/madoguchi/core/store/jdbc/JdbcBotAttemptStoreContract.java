package io.madoguchi.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.bot.BotAttempt;
import io.madoguchi.core.bot.BotAttemptStore;
import io.madoguchi.core.bot.BotAttemptStoreContract;
import io.madoguchi.core.bot.BotRouting;
import io.madoguchi.core.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The bot attempt contract and the bounds of {@link JdbcBotAttemptStore}, on the database a subclass gives. */
abstract class JdbcBotAttemptStoreContract extends BotAttemptStoreContract {

    private static final TenantId CITY = TenantId.of("尼崎市");
    private static final TenantId SHOP = TenantId.of("通販ショップ");

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
    protected BotAttemptStore newStore(MutableClock clock) {
        dataSource = database();
        return new JdbcBotAttemptStore(dataSource, clock);
    }

    @Override
    protected BotAttemptStore newStore(MutableClock clock, int maxPerTenant) {
        dataSource = database();
        return new JdbcBotAttemptStore(dataSource, clock, maxPerTenant, Duration.ofDays(30));
    }

    @Override
    protected BotAttemptStore sameData(BotAttemptStore store) {
        return new JdbcBotAttemptStore(secondConnection(dataSource), clock);
    }

    private static BotAttempt answeredAt(String ticket, Instant at) {
        return new BotAttempt(CITY, TicketId.of(ticket), "住民票が欲しい", Locale.JAPANESE, "juminhyo",
            "住民票の写しを取りたい", 0.9, at, at.plus(Duration.ofDays(3)));
    }

    @Test
    void beyondTheSizeBoundTheAttemptAnsweredFirstIsDeleted() {
        BotAttemptStore small = new JdbcBotAttemptStore(dataSource, clock, 3, Duration.ofDays(30));
        for (int i = 0; i < 5; i++) {
            small.save(answeredAt("T-" + i, T0.plusSeconds(4 - i)));
        }

        assertThat(small.attemptCount()).isEqualTo(3);
        assertThat(small.find(CITY, TicketId.of("T-4"))).as("answered first").isEmpty();
        assertThat(small.find(CITY, TicketId.of("T-3"))).isEmpty();
        assertThat(small.find(CITY, TicketId.of("T-0"))).isPresent();
    }

    @Test
    void aPurgeTrimsEachTenantToTheSizeBoundOnItsOwn() {
        BotAttemptStore roomy = new JdbcBotAttemptStore(dataSource, clock, 10, Duration.ofDays(30));
        for (int i = 1; i <= 4; i++) {
            roomy.save(answeredAt("A-" + i, T0.plusSeconds(i)));
        }
        roomy.save(attempt(SHOP, "B-1", 1));
        JdbcBotAttemptStore smaller = new JdbcBotAttemptStore(dataSource, clock, 2, Duration.ofDays(30));

        assertThat(smaller.purge()).isEqualTo(2);
        assertThat(smaller.find(CITY, TicketId.of("A-2"))).isEmpty();
        assertThat(smaller.find(CITY, TicketId.of("A-3"))).isPresent();
        assertThat(smaller.find(CITY, TicketId.of("A-4"))).isPresent();
        assertThat(smaller.find(SHOP, TicketId.of("B-1"))).isPresent();
        assertThat(smaller.attemptCount()).isEqualTo(3);
    }

    @Test
    void anAttemptOlderThanTheAgeBoundIsLeftOutThenPurged() {
        JdbcBotAttemptStore bounded = new JdbcBotAttemptStore(dataSource, clock, 100, Duration.ofDays(30));
        bounded.save(answeredAt("T-old", T0));
        clock.advance(Duration.ofDays(20));
        bounded.save(answeredAt("T-new", clock.instant()));

        clock.advance(Duration.ofDays(10).plusSeconds(1));

        assertThat(bounded.find(CITY, TicketId.of("T-old"))).isEmpty();
        assertThat(bounded.verdictDue(clock.instant(), 10)).extracting(a -> a.ticket().value())
            .containsExactly("T-new");
        assertThat(bounded.attemptCount()).isEqualTo(1);
        assertThat(bounded.purge()).isEqualTo(1);
        assertThat(bounded.remove(CITY, TicketId.of("T-old"))).isEmpty();
    }

    @Test
    void routingsAreBoundedBySizeAndAgeToo() {
        BotAttemptStore bounded = new JdbcBotAttemptStore(dataSource, clock, 2, Duration.ofDays(1));
        bounded.scheduleRouting(new BotRouting(CITY, TicketId.of("T-1"), T0.plus(Duration.ofHours(8))));
        bounded.scheduleRouting(new BotRouting(CITY, TicketId.of("T-2"), T0.plus(Duration.ofHours(8))));
        bounded.scheduleRouting(new BotRouting(CITY, TicketId.of("T-3"), T0.plus(Duration.ofHours(9))));
        assertThat(bounded.routingCount()).isEqualTo(2);
        assertThat(bounded.removeRouting(CITY, TicketId.of("T-1"))).isFalse();

        clock.advance(Duration.ofHours(8 + 24).plusSeconds(1));

        assertThat(bounded.routingDue(clock.instant(), 10)).extracting(r -> r.ticket().value()).containsExactly("T-3");
        assertThat(bounded.routingCount()).isEqualTo(1);
    }

    @Test
    void boundsThatAreNotPositiveAreRefusedEachByName() {
        assertThatThrownBy(() -> new JdbcBotAttemptStore(dataSource, clock, 0, Duration.ZERO))
            .isInstanceOf(ValidationException.class).hasMessageContaining("maxEntries").hasMessageContaining("maxAge");
    }
}
