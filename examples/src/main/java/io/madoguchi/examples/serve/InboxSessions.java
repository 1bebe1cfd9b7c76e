package io.madoguchi.examples.serve;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The inbox's agents and sessions. Passwords are kept as salted PBKDF2 digests and compared in constant time; a session
 * id and its CSRF token are 256 random bits each; sessions are bounded in number and expire after 8 idle hours;
 * failed logins per agent id are bounded too (5 a minute). Thread-safe.
 */
final class InboxSessions {

    /** The session cookie. */
    static final String COOKIE = "mdg_inbox";
    private static final int MAX_FAILURES_PER_MINUTE = 5;

    /** A browser's session: its CSRF token, and the agent once logged in. */
    record Session(String id, String csrf, @Nullable String agent) {
        @Override
        public String toString() {
            return "Session[" + (agent == null ? "anonymous" : agent) + "]";
        }
    }

    private static final byte[] UNKNOWN_SALT = new byte[16];
    private final Map<String, byte[][]> passwords;
    private final Cache<String, Session> sessions;
    private final Cache<String, AtomicInteger> failures;
    private final SecureRandom random = new SecureRandom();

    InboxSessions(Map<String, String> agentPasswords, Clock clock) {
        this.passwords = new java.util.HashMap<>();
        agentPasswords.forEach((id, pw) -> {
            byte[] salt = new byte[16];
            random.nextBytes(salt);
            passwords.put(id, new byte[][] {salt, digest(pw, salt)});
        });
        Ticker ticker = () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
        this.sessions = Caffeine.newBuilder().ticker(ticker).maximumSize(10_000)
            .expireAfterAccess(Duration.ofHours(8)).build();
        this.failures = Caffeine.newBuilder().ticker(ticker).maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(1)).build();
    }

    /** @return the session the cookie names, or a new anonymous one */
    Session session(@Nullable String cookieHeader) {
        Optional<Session> s = find(cookieHeader);
        if (s.isPresent()) {
            return s.get();
        }
        Session fresh = new Session(randomToken(), randomToken(), null);
        sessions.put(fresh.id(), fresh);
        return fresh;
    }

    Optional<Session> find(@Nullable String cookieHeader) {
        String id = cookie(cookieHeader);
        return id == null ? Optional.empty() : Optional.ofNullable(sessions.getIfPresent(id));
    }

    /** @return whether the form's token is the session's */
    static boolean csrfMatches(Session s, @Nullable String token) {
        return token != null && MessageDigest.isEqual(s.csrf().getBytes(StandardCharsets.US_ASCII),
            token.getBytes(StandardCharsets.US_ASCII));
    }

    /** Outcome of a login attempt. */
    enum Login { OK, WRONG, THROTTLED }

    /**
     * Checks the password; on success replaces the session by a new one (new id and CSRF token) for the agent.
     *
     * @return the outcome and, on success, the new session
     */
    Map.Entry<Login, @Nullable Session> login(Session current, String agent, String password) {
        AtomicInteger failed = failures.get(agent, k -> new AtomicInteger());
        if (failed.get() >= MAX_FAILURES_PER_MINUTE) {
            return Map.entry(Login.THROTTLED, current);
        }
        byte[][] expected = passwords.get(agent);
        // derive a digest even for an unknown agent, so the time does not tell which agents exist
        byte[] given = digest(password, expected != null ? expected[0] : UNKNOWN_SALT);
        boolean ok = expected != null && MessageDigest.isEqual(expected[1], given);
        if (!ok) {
            failed.incrementAndGet();
            return Map.entry(Login.WRONG, current);
        }
        sessions.invalidate(current.id());
        Session s = new Session(randomToken(), randomToken(), agent);
        sessions.put(s.id(), s);
        return Map.entry(Login.OK, s);
    }

    void logout(Session s) {
        sessions.invalidate(s.id());
    }

    static String setCookie(Session s) {
        return COOKIE + "=" + s.id() + "; Path=/inbox; HttpOnly; SameSite=Strict";
    }

    long size() {
        sessions.cleanUp();
        return sessions.estimatedSize();
    }

    private static @Nullable String cookie(@Nullable String header) {
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            String p = part.strip();
            if (p.startsWith(COOKIE + "=")) {
                return p.substring(COOKIE.length() + 1);
            }
        }
        return null;
    }

    private String randomToken() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static byte[] digest(String password, byte[] salt) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, 60_000, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "InboxSessions[" + passwords.size() + " agents]";
    }
}
