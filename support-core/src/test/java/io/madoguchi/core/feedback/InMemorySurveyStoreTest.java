package io.madoguchi.core.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.Channel;
import io.madoguchi.core.CustomerId;
import io.madoguchi.core.store.StoreException;
import io.madoguchi.core.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class InMemorySurveyStoreTest extends SurveyStoreContract {

    @Override
    protected SurveyStore newStore(MutableClock clock) {
        return new InMemorySurveyStore(clock);
    }

    @Override
    protected SurveyStore newStore(MutableClock clock, int maxPerTenant) {
        return new InMemorySurveyStore(clock, maxPerTenant, Duration.ofDays(400), 10);
    }

    @Test
    void theOldestInvitationsGoFirstBeyondTheSizeBoundAndTheirKeysWithThem() {
        SurveyStore small = new InMemorySurveyStore(clock, 3, Duration.ofDays(400), 10);
        for (int i = 1; i <= 4; i++) {
            small.schedule(invitation("i-" + i, TENANT, CustomerId.of("c" + i), "T-" + i, T0), "k" + i, null);
        }
        assertThat(small.invitation(TENANT, "i-1")).isEmpty();
        assertThat(small.invitation(TENANT, "i-2")).isPresent();
        assertThat(small.invitation(TENANT, "i-4")).isPresent();
        assertThat(small.scheduledDue(T0, 10)).extracting(StoredInvitation::id).containsExactly("i-2", "i-3", "i-4");
        assertThat(small.throttleMark(TENANT, CustomerId.of("c1"))).isEmpty();
    }

    @Test
    void anInvitationIsDroppedWithItsResponseOnceItsLinkExpiredLongerAgoThanTheRetention() {
        SurveyStore store = new InMemorySurveyStore(clock, 100, Duration.ofDays(30), 10);
        Invitation old = invitation("i-old", TENANT, SATO, "T-1", T0);
        store.schedule(old, "k-old", null);
        store.recordResponse(response("r-old", old, T0.plusSeconds(1)));

        clock.set(old.expiresAt().plus(Duration.ofDays(30)));
        store.schedule(invitation("i-new", TENANT, CustomerId.of("kato"), "T-2", clock.instant()), "k-new", null);
        assertThat(store.invitation(TENANT, "i-old")).isPresent();

        clock.advance(Duration.ofSeconds(1));
        store.schedule(invitation("i-newer", TENANT, CustomerId.of("ito"), "T-3", clock.instant()), "k-newer", null);
        assertThat(store.invitation(TENANT, "i-old")).isEmpty();
        assertThat(store.response(TENANT, "r-old")).isEmpty();
        assertThat(store.responses(TENANT, Instant.MIN, Instant.MAX)).isEmpty();
        assertThat(store.schedule(invitation("i-again", TENANT, SATO, "T-1", clock.instant()), "k-old", null)
            .admission()).isEqualTo(SurveyStore.Admission.SCHEDULED);
    }

    @Test
    void enrolmentsBeyondTheBoundAreRefusedWithAPermanentStoreError() {
        SurveyStore store = new InMemorySurveyStore(clock, 100, Duration.ofDays(30), 2);
        store.enrol(new RelationshipEnrolment(TENANT, CustomerId.of("c1"), Channel.EMAIL, Locale.JAPANESE, T0));
        store.enrol(new RelationshipEnrolment(TENANT, CustomerId.of("c2"), Channel.EMAIL, Locale.JAPANESE, T0));
        assertThatThrownBy(() -> store.enrol(new RelationshipEnrolment(TENANT, CustomerId.of("c3"), Channel.EMAIL,
            Locale.JAPANESE, T0)))
            .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.isTransient()).isFalse());
        assertThat(store.enrolmentsDue(T0, 10)).hasSize(2);
    }
}
