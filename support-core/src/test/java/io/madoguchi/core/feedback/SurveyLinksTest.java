package io.madoguchi.core.feedback;

import static io.madoguchi.core.feedback.SurveyTokenTest.TENANT;
import static io.madoguchi.core.feedback.SurveyTokenTest.YAMADA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.CustomerId;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.Violation;
import io.madoguchi.core.feedback.InvalidSurveyTokenException.Reason;
import io.madoguchi.core.time.MutableClock;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Survey links as a host serves them: from configured keys, answered with the token alone. */
class SurveyLinksTest {

    private static final String CONFIG = "k2026a=" + Base64.getEncoder().encodeToString(
        "configured-secret-one-0123456789abcdef".getBytes(StandardCharsets.US_ASCII)) + ",\n k2026b="
        + Base64.getUrlEncoder().withoutPadding().encodeToString(
        "configured-secret-two-0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

    private final MutableClock clock = MutableClock.startingAt(Instant.parse("2026-04-01T09:00:00Z"));

    private Surveys surveys(SurveyKeyRing keys, SurveyStore store) {
        return Surveys.builder().clock(clock).keys(keys).store(store)
            .policy(SurveyPolicy.builder().defaultDelay(Duration.ZERO).throttle(Duration.ZERO).build()).build();
    }

    private static SolvedTicket solved(TenantId tenant, String ticket, CustomerId customer, Instant at) {
        return new SolvedTicket(tenant, TicketId.of(ticket), customer, AgentId.of("sato"), null, Channel.LINE, at,
            Locale.JAPANESE, Set.of());
    }

    @Test
    void anEmailLinkIsShownAndAnsweredWithTheTokenAloneExactlyOnce() {
        Surveys s = surveys(SurveyKeyRing.fromConfiguration(CONFIG), SurveyStore.inMemory(clock));
        Invitation inv = s.onTicketSolved(solved(TENANT, "T-1", YAMADA, clock.instant())).scheduled().orElseThrow();

        Invitation shown = s.invitationForLink(TENANT, inv.token());
        assertThat(shown.id()).isEqualTo(inv.id());
        assertThat(shown.survey().questions().get(0).prompt().in(shown.locale()))
            .isEqualTo("今回のサポートにはどの程度満足されましたか？");

        SurveyResponse r = s.submit(TENANT, inv.token(), SurveySubmission.of("csat", 5).withComment("とても助かりました"));
        assertThat(r.customer()).isEqualTo(YAMADA);
        assertThat(r.ticket()).isEqualTo(TicketId.of("T-1"));
        assertThatThrownBy(() -> s.submit(TENANT, inv.token(), SurveySubmission.of("csat", 1)))
            .isInstanceOfSatisfying(InvalidSurveyTokenException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.USED));
        assertThatThrownBy(() -> s.invitationForLink(TENANT, inv.token()))
            .isInstanceOfSatisfying(InvalidSurveyTokenException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.USED));
        assertThatThrownBy(() -> s.invitationForLink(TenantId.of("other-shop"), inv.token()))
            .isInstanceOfSatisfying(InvalidSurveyTokenException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_TENANT));
        assertThat(s.responses(TENANT)).containsExactly(r);
    }

    @Test
    void tokensGoIntoAQueryStringAsTheyAreAndStayFarBelowTheVerifierLimit() {
        Surveys s = surveys(SurveyKeyRing.fromConfiguration(CONFIG), SurveyStore.inMemory(clock));
        Invitation shortIds = s.onTicketSolved(solved(TENANT, "T-1", YAMADA, clock.instant())).scheduled()
            .orElseThrow();
        String longId = "x".repeat(128);
        Invitation longIds = s.onTicketSolved(solved(TenantId.of(longId), longId, CustomerId.of(longId),
            clock.instant())).scheduled().orElseThrow();

        for (Invitation inv : java.util.List.of(shortIds, longIds)) {
            assertThat(inv.token()).matches("[A-Za-z0-9._-]+");
            assertThat(URLEncoder.encode(inv.token(), StandardCharsets.UTF_8)).isEqualTo(inv.token());
        }
        assertThat(shortIds.token().length()).isBetween(120, 200);
        assertThat(longIds.token().length()).isLessThan(700);
    }

    @Test
    void aRestartWithTheSameConfiguredKeysAcceptsTheLinksSentBefore() {
        SurveyStore store = SurveyStore.inMemory(clock);
        Invitation sent = surveys(SurveyKeyRing.fromConfiguration(CONFIG), store)
            .onTicketSolved(solved(TENANT, "T-1", YAMADA, clock.instant())).scheduled().orElseThrow();

        Surveys restarted = surveys(SurveyKeyRing.fromConfiguration(CONFIG), store);
        assertThat(restarted.submit(TENANT, sent.token(), SurveySubmission.of("csat", 4)).invitationId())
            .isEqualTo(sent.id());

        Invitation other = restarted.onTicketSolved(solved(TENANT, "T-2", YAMADA, clock.instant())).scheduled()
            .orElseThrow();
        Surveys withGeneratedKeys = surveys(new SurveyKeyRing().generate("k2026b"), store);
        assertThatThrownBy(() -> withGeneratedKeys.submit(TENANT, other.token(), SurveySubmission.of("csat", 4)))
            .isInstanceOfSatisfying(InvalidSurveyTokenException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.FORGED));
    }

    @Test
    void configuredKeysAreCheckedEntryByEntryWithoutRepeatingASecret() {
        SurveyKeyRing ring = SurveyKeyRing.fromConfiguration(CONFIG);
        assertThat(ring.activeKeyIds()).containsExactly("k2026a", "k2026b");
        assertThat(ring.signingKeyId()).contains("k2026b");
        assertThat(ring.generatedOnly()).isFalse();
        assertThat(new SurveyKeyRing().generate("tmp").generatedOnly()).isTrue();

        String shortSecret = Base64.getEncoder().encodeToString("短すぎる秘密".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> SurveyKeyRing.fromConfiguration("ok=" + Base64.getEncoder().encodeToString(
            new byte[32]) + ",bad=" + shortSecret + ",noequals,bad id=%%%"))
            .isInstanceOfSatisfying(ValidationException.class, e -> {
                assertThat(e.violations()).extracting(Violation::field)
                    .containsExactly("surveyKeys[1].secret", "surveyKeys[2]", "surveyKeys[3]");
                assertThat(e.getMessage()).doesNotContain(shortSecret);
            });
        assertThatThrownBy(() -> SurveyKeyRing.fromConfiguration(" "))
            .isInstanceOf(ValidationException.class).hasMessageContaining("surveyKeys");
    }
}
