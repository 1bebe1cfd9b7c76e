package io.madoguchi.core.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.AccessDeniedException;
import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.CustomerId;
import io.madoguchi.core.GroupId;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.time.MutableClock;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.feedback.InvalidSurveyTokenException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SurveyTokenTest {

    static final TenantId TENANT = TenantId.of("acme");
    static final CustomerId YAMADA = CustomerId.of("yamada");
    static final byte[] SECRET_1 = "k1-secret-0123456789abcdefghijklmnopqrstuv".getBytes(StandardCharsets.US_ASCII);
    static final byte[] SECRET_2 = "k2-secret-ABCDEFGHIJKLMNOPQRSTUVWXYZ012345".getBytes(StandardCharsets.US_ASCII);

    private final MutableClock clock = MutableClock.startingAt(Instant.parse("2026-04-01T00:00:00Z"));
    private final SurveyKeyRing keys = new SurveyKeyRing().add("k1", SECRET_1);
    private final Surveys surveys = Surveys.builder().clock(clock).keys(keys)
        .policy(SurveyPolicy.builder().defaultDelay(Duration.ZERO).throttle(Duration.ZERO).build()).build();
    private int tickets;

    static SolvedTicket solved(String ticket, CustomerId customer, Instant at) {
        return new SolvedTicket(TENANT, TicketId.of(ticket), customer, AgentId.of("sato"), GroupId.of("billing"),
            Channel.EMAIL, at, Locale.JAPANESE, Set.of());
    }

    private Invitation invite() {
        return surveys.onTicketSolved(solved("T-" + (++tickets), YAMADA, clock.instant())).scheduled().orElseThrow();
    }

    private static String flip(String token, int part) {
        String[] p = token.split("\\.");
        char[] c = p[part].toCharArray();
        c[c.length / 2] = c[c.length / 2] == 'A' ? 'B' : 'A';
        p[part] = new String(c);
        return String.join(".", p);
    }

    private Reason refusal(String token, CustomerId who) {
        try {
            surveys.submit(TENANT, token, who, SurveySubmission.of("csat", 5));
        } catch (InvalidSurveyTokenException e) {
            assertThat(e).isInstanceOf(AccessDeniedException.class);
            assertThat(e.getMessage()).doesNotContain(token);
            return e.reason();
        }
        throw new AssertionError("token was accepted");
    }

    @Test
    void theTicketsCustomerAnswersOnceWithAValidToken() {
        Invitation inv = invite();
        SurveyResponse r = surveys.submit(TENANT, inv.token(), YAMADA, SurveySubmission.of("csat", 4));
        assertThat(r.ticket()).isEqualTo(inv.ticket());
        assertThat(r.agent()).isEqualTo(AgentId.of("sato"));
        assertThat(r.group()).isEqualTo(GroupId.of("billing"));
        assertThat(r.channel()).isEqualTo(Channel.EMAIL);
        assertThat(r.answeredAt()).isEqualTo(clock.instant());
        assertThat(refusal(inv.token(), YAMADA)).isEqualTo(Reason.USED);
        assertThat(surveys.responses(TENANT)).hasSize(1);
        assertThat(surveys.dueInvitations(clock.instant())).as("answered before it was sent").isEmpty();
    }

    @Test
    void forgedAndAlteredTokensAreRefusedAndChangeNothing() {
        Invitation inv = invite();
        String t = inv.token();
        assertThat(refusal(flip(t, 2), YAMADA)).isEqualTo(Reason.FORGED);
        assertThat(refusal(flip(t, 3), YAMADA)).isEqualTo(Reason.FORGED);
        assertThat(refusal("garbage", YAMADA)).isEqualTo(Reason.FORGED);
        assertThat(refusal("st1.k1.!!!.???", YAMADA)).isEqualTo(Reason.FORGED);
        assertThat(refusal(t + "x", YAMADA)).isEqualTo(Reason.FORGED);
        // a payload naming another customer, re-encoded but signed with a guessed key
        String[] p = t.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(p[2]), StandardCharsets.UTF_8)
            .replace("yamada", "tanaka");
        String forged = p[0] + "." + p[1] + "." + Base64.getUrlEncoder().withoutPadding()
            .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + p[3];
        assertThat(refusal(forged, CustomerId.of("tanaka"))).isEqualTo(Reason.FORGED);
        assertThat(surveys.responses(TENANT)).isEmpty();
        // the genuine token still works
        surveys.submit(TENANT, t, YAMADA, SurveySubmission.of("csat", 5));
        assertThat(surveys.responses(TENANT)).hasSize(1);
    }

    @Test
    void onlyTheCanonicalSpellingOfATokenIsAccepted() {
        SurveyTokens tokens = new SurveyTokens(keys);
        Instant now = clock.instant();
        String t = tokens.sign(
            new SurveyTokens.Claims("inv-1", TENANT, YAMADA, TicketId.of("T-1"), now.plusSeconds(60)));
        assertThat(tokens.verify(t, now).customer()).isEqualTo(YAMADA);
        String[] p = t.split("\\.");
        // a 32-byte MAC is 43 base64url characters: the last one carries 2 unused bits
        String mac = p[3];
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int last = alphabet.indexOf(mac.charAt(mac.length() - 1));
        String sameBytes = mac.substring(0, mac.length() - 1) + alphabet.charAt(last ^ 1);
        assertThat(Base64.getUrlDecoder().decode(sameBytes)).as("decodes to the same MAC")
            .isEqualTo(Base64.getUrlDecoder().decode(mac));
        List<String> respellings = List.of(
            p[0] + "." + p[1] + "." + p[2] + "." + sameBytes,
            p[0] + "." + p[1] + "." + p[2] + "." + mac + "=",
            p[0] + "." + p[1] + "." + p[2] + "=." + mac);
        for (String other : respellings) {
            assertThatThrownBy(() -> tokens.verify(other, now)).as(other)
                .isInstanceOfSatisfying(InvalidSurveyTokenException.class,
                    e -> assertThat(e.reason()).isEqualTo(Reason.FORGED));
        }
    }

    @Test
    void expiredTokensAreRefused() {
        Invitation inv = invite();
        assertThat(inv.expiresAt()).isEqualTo(inv.dueAt().plus(Duration.ofDays(14)));
        clock.advance(Duration.ofDays(14).minusSeconds(1));
        assertThat(surveys.invitation(inv.tenant(), inv.id())).isPresent();
        Invitation second = invite();
        clock.advance(Duration.ofSeconds(1));
        assertThat(refusal(inv.token(), YAMADA)).isEqualTo(Reason.EXPIRED);
        surveys.submit(TENANT, second.token(), YAMADA, SurveySubmission.of("csat", 3));
        assertThat(surveys.responses(TENANT)).hasSize(1);
    }

    @Test
    void anotherCustomerOrTenantCannotAnswer() {
        Invitation inv = invite();
        assertThat(refusal(inv.token(), CustomerId.of("tanaka"))).isEqualTo(Reason.WRONG_CUSTOMER);
        assertThatThrownBy(
            () -> surveys.submit(TenantId.of("other"), inv.token(), YAMADA, SurveySubmission.of("csat", 5)))
            .isInstanceOfSatisfying(InvalidSurveyTokenException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_TENANT));
        assertThat(surveys.responses(TENANT)).isEmpty();
        surveys.submit(TENANT, inv.token(), YAMADA, SurveySubmission.of("csat", 5));
    }

    @Test
    void rotatedKeysStillVerifyUntilRetired() {
        Invitation old = invite();
        Invitation oldUnanswered = invite();
        assertThat(old.token()).startsWith("st1.k1.");
        keys.add("k2", SECRET_2);
        assertThat(keys.signingKeyId()).contains("k2");
        Invitation fresh = invite();
        assertThat(fresh.token()).startsWith("st1.k2.");
        surveys.submit(TENANT, old.token(), YAMADA, SurveySubmission.of("csat", 5));

        keys.retire("k1");
        assertThat(keys.activeKeyIds()).containsExactly("k2");
        assertThat(refusal(oldUnanswered.token(), YAMADA)).isEqualTo(Reason.UNKNOWN_KEY);
        surveys.submit(TENANT, fresh.token(), YAMADA, SurveySubmission.of("csat", 4));
        assertThat(surveys.responses(TENANT)).hasSize(2);
        // a k2 token relabelled as k1 (retired) or as an unknown key is refused
        assertThat(refusal(fresh.token().replace("st1.k2.", "st1.k9."), YAMADA)).isEqualTo(Reason.UNKNOWN_KEY);
    }

    @Test
    void wrongSizedOrReusedKeysAreRejected() {
        assertThatThrownBy(() -> new SurveyKeyRing().add("short", new byte[16]))
            .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> keys.add("k1", SECRET_2)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> keys.add("bad id!", SECRET_2)).isInstanceOf(ValidationException.class);
    }

    @Test
    void secretsNeverAppearInTextOrErrors() {
        String hex1 = HexFormat.of().formatHex(SECRET_1);
        String ascii1 = new String(SECRET_1, StandardCharsets.US_ASCII);
        Invitation inv = invite();
        for (String s : List.of(keys.toString(), inv.toString(), surveys.toString(),
            new SurveyTokens(keys).toString())) {
            assertThat(s).doesNotContain(ascii1).doesNotContain(hex1).doesNotContain(inv.token());
        }
        assertThatThrownBy(() -> surveys.submit(TENANT, flip(inv.token(), 3), YAMADA, SurveySubmission.of("csat", 5)))
            .hasMessageNotContaining(ascii1).hasMessageNotContaining(inv.token());
    }

    @Test
    void eightConcurrentSubmissionsOfOneTokenAcceptExactlyOne() throws Exception {
        Invitation inv = invite();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int score = 1 + i % 5;
            results.add(pool.submit(() -> {
                start.await();
                try {
                    surveys.submit(TENANT, inv.token(), YAMADA, SurveySubmission.of("csat", score));
                    return "ok";
                } catch (InvalidSurveyTokenException e) {
                    return e.reason().name();
                }
            }));
        }
        start.countDown();
        List<String> outcomes = new ArrayList<>();
        for (Future<String> f : results) {
            outcomes.add(f.get(30, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertThat(outcomes).containsOnly("ok", "USED");
        assertThat(outcomes).filteredOn("ok"::equals).hasSize(1);
        assertThat(surveys.responses(TENANT)).hasSize(1);
    }
}
