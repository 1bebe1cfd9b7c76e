package io.madoguchi.core.feedback.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.CustomerId;
import io.madoguchi.core.IllegalTransitionException;
import io.madoguchi.core.NotFoundException;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.feedback.text.TextAnalyzer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReviewBoardTest {

    private static final TenantId TENANT = TenantId.of("acme");
    private final ReviewBoard board = new ReviewBoard(Clock.fixed(Instant.parse("2026-05-01T00:00:00Z"),
        ZoneOffset.UTC), TextAnalyzer.defaults());

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({
        "PENDING,APPROVED,true", "PENDING,REJECTED,true", "PENDING,HIDDEN,false", "PENDING,PENDING,false",
        "APPROVED,HIDDEN,true", "APPROVED,REJECTED,false", "APPROVED,PENDING,false", "APPROVED,APPROVED,false",
        "HIDDEN,APPROVED,true", "HIDDEN,PENDING,false", "HIDDEN,REJECTED,false", "HIDDEN,HIDDEN,false",
        "REJECTED,PENDING,true", "REJECTED,APPROVED,false", "REJECTED,HIDDEN,false", "REJECTED,REJECTED,false"})
    void moderationTransitions(ModerationState from, ModerationState to, boolean allowed) {
        assertThat(from.canMoveTo(to)).isEqualTo(allowed);
        Review r = board.submit(TENANT, CustomerId.of("yamada"), "plan-basic", 4, "使いやすいです");
        switch (from) {
            case PENDING -> { }
            case APPROVED -> board.moderate(TENANT, r.id(), ModerationState.APPROVED);
            case REJECTED -> board.moderate(TENANT, r.id(), ModerationState.REJECTED);
            case HIDDEN -> {
                board.moderate(TENANT, r.id(), ModerationState.APPROVED);
                board.moderate(TENANT, r.id(), ModerationState.HIDDEN);
            }
        }
        if (allowed) {
            assertThat(board.moderate(TENANT, r.id(), to).state()).isEqualTo(to);
        } else {
            assertThatThrownBy(() -> board.moderate(TENANT, r.id(), to)).isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining(from.name()).hasMessageContaining(to.name());
            assertThat(board.get(TENANT, r.id()).state()).isEqualTo(from);
        }
    }

    @Test
    void onlyApprovedStarsCountInTheAverage() {
        Review a = board.submit(TENANT, CustomerId.of("a"), "plan-basic", 5, "最高です");
        Review b = board.submit(TENANT, CustomerId.of("b"), "plan-basic", 2, "料金が高い");
        board.submit(TENANT, CustomerId.of("c"), "plan-basic", 1, "ひどい");
        Review comment = board.submit(TENANT, CustomerId.of("d"), "plan-basic", null, "質問があります");
        board.moderate(TENANT, a.id(), ModerationState.APPROVED);
        board.moderate(TENANT, b.id(), ModerationState.APPROVED);
        board.moderate(TENANT, comment.id(), ModerationState.APPROVED);
        assertThat(board.averageStars(TENANT, "plan-basic")).contains(3.5);
        assertThat(board.averageStars(TENANT, "plan-pro")).isEmpty();
        assertThat(board.inState(TENANT, ModerationState.PENDING)).hasSize(1);
        assertThat(b.analysis().themes()).contains("price");
    }

    @Test
    void badReviewsAndOtherTenantsAreRefused() {
        assertThatThrownBy(() -> board.submit(TENANT, CustomerId.of("a"), " ", 6, ""))
            .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations()).hasSize(3));
        Review r = board.submit(TENANT, CustomerId.of("a"), "plan-basic", 3, "普通");
        assertThatThrownBy(() -> board.moderate(TenantId.of("other"), r.id(), ModerationState.APPROVED))
            .isInstanceOf(NotFoundException.class);
        assertThat(board.get(TENANT, r.id()).state()).isEqualTo(ModerationState.PENDING);
    }
}
