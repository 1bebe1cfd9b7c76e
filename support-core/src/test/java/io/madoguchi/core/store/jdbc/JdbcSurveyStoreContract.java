package io.madoguchi.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.Channel;
import io.madoguchi.core.CustomerId;
import io.madoguchi.core.feedback.Invitation;
import io.madoguchi.core.feedback.RelationshipEnrolment;
import io.madoguchi.core.feedback.StoredInvitation;
import io.madoguchi.core.feedback.SurveyStore;
import io.madoguchi.core.feedback.SurveyStoreContract;
import io.madoguchi.core.store.EventLog;
import io.madoguchi.core.store.StoreException;
import io.madoguchi.core.time.MutableClock;
import java.time.Duration;
import java.util.Locale;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The survey contract and the bounds of {@link JdbcSurveyStore}, on the database a subclass gives. */
abstract class JdbcSurveyStoreContract extends SurveyStoreContract {

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
    protected SurveyStore newStore(MutableClock clock) {
        dataSource = database();
        return new JdbcSurveyStore(dataSource, clock);
    }

    @Override
    protected SurveyStore newStore(MutableClock clock, int maxPerTenant) {
        dataSource = database();
        return new JdbcSurveyStore(dataSource, clock, maxPerTenant, Duration.ofDays(400), 10);
    }

    @Override
    protected EventLog eventLog() {
        return new JdbcDeskStore(dataSource, clock).eventLog();
    }

    @Override
    protected SurveyStore sameData(SurveyStore store) {
        return new JdbcSurveyStore(secondConnection(dataSource), clock);
    }

    @Test
    void theOldestInvitationsGoFirstBeyondTheSizeBoundAndTheirKeysWithThem() {
        SurveyStore small = new JdbcSurveyStore(dataSource, clock, 3, Duration.ofDays(400), 10);
        for (int i = 1; i <= 4; i++) {
            small.schedule(invitation("i-" + i, TENANT, CustomerId.of("c" + i), "T-" + i, T0), "k" + i, null);
        }
        assertThat(small.invitation(TENANT, "i-1")).isEmpty();
        assertThat(small.scheduledDue(T0, 10)).extracting(StoredInvitation::id).containsExactly("i-2", "i-3", "i-4");
        assertThat(small.throttleMark(TENANT, CustomerId.of("c1"))).isEmpty();
        assertThat(small.schedule(invitation("i-5", TENANT, CustomerId.of("c5"), "T-1", T0), "k1", null).admission())
            .as("the dropped invitation's key is free again").isEqualTo(SurveyStore.Admission.SCHEDULED);
    }

    @Test
    void aPurgeTrimsEachTenantToTheSizeBoundOnItsOwn() {
        SurveyStore roomy = new JdbcSurveyStore(dataSource, clock, 10, Duration.ofDays(400), 10);
        for (int i = 1; i <= 4; i++) {
            roomy.schedule(invitation("a-" + i, TENANT, CustomerId.of("a" + i), "A-" + i, T0.plusSeconds(i)),
                "k" + i, null);
        }
        roomy.schedule(invitation("b-1", OTHER, SATO, "B-1", T0.plusSeconds(5)), "k1", null);
        JdbcSurveyStore smaller = new JdbcSurveyStore(dataSource, clock, 2, Duration.ofDays(400), 10);

        assertThat(smaller.purge()).isEqualTo(2);
        assertThat(smaller.scheduledDue(T0.plusSeconds(60), 100)).extracting(StoredInvitation::id)
            .containsExactly("a-3", "a-4", "b-1");
    }

    @Test
    void anInvitationIsDeletedWithItsResponseOnceItsLinkExpiredLongerAgoThanTheRetention() {
        JdbcSurveyStore bounded = new JdbcSurveyStore(dataSource, clock, 100, Duration.ofDays(30), 10);
        Invitation old = invitation("i-old", TENANT, SATO, "T-1", T0);
        bounded.schedule(old, "k-old", null);
        bounded.recordResponse(response("r-old", old, T0.plusSeconds(1)));
        clock.advance(Duration.ofDays(14 + 30));
        assertThat(bounded.purge()).as("expired 30 days ago: kept").isZero();

        clock.advance(Duration.ofSeconds(1));
        assertThat(bounded.purge()).isEqualTo(1);
        assertThat(bounded.invitation(TENANT, "i-old")).isEmpty();
        assertThat(bounded.response(TENANT, "r-old")).isEmpty();
    }

    @Test
    void enrolmentsBeyondTheBoundAreRefusedWithAPermanentError() {
        SurveyStore small = new JdbcSurveyStore(dataSource, clock, 10, Duration.ofDays(1), 1);
        small.enrol(new RelationshipEnrolment(TENANT, SATO, Channel.LINE, Locale.JAPANESE, T0));

        assertThatThrownBy(() -> small.enrol(new RelationshipEnrolment(TENANT, CustomerId.of("加藤"), Channel.LINE,
            Locale.JAPANESE, T0))).isInstanceOfSatisfying(StoreException.class, e ->
            assertThat(e.isTransient()).isFalse());
    }
}
