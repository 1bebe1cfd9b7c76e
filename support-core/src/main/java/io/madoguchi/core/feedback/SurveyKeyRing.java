package io.madoguchi.core.feedback;

import io.madoguchi.core.ValidationException;
import io.madoguchi.core.Violation;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The HMAC-SHA256 keys that sign survey tokens. The most recently added active key signs; every active key
 * still verifies, so tokens issued before a rotation stay valid until their key is {@linkplain #retire retired}.
 *
 * <p><b>Keys come from host configuration</b>, shared by every instance of the host: build the ring with
 * {@link #fromConfiguration(String)} (or {@link #add}) from a secret the host keeps (an environment variable, a
 * secret manager). An emailed survey link stays valid across a restart, and is accepted by every instance, only if
 * they all verify with the same keys. {@link #generate(String)} makes a key that lives only in this process: every
 * link it signed is refused as {@code UNKNOWN_KEY} after a restart; use it for tests and throwaway demos.
 *
 * <p>To rotate: add the new key last (it signs from then on), keep the old one until the longest token lifetime has
 * passed, then drop it from the configuration (or {@linkplain #retire retire} it).
 *
 * <p>Thread-safe. Secrets are copied in and never appear in {@link #toString()}, logs or exception messages.
 */
public final class SurveyKeyRing {

    /** The shortest secret accepted, in bytes. */
    public static final int MIN_SECRET_BYTES = 32;

    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    private record Key(String id, byte[] secret, boolean generated) {
        @Override
        public String toString() {
            return "Key[" + id + "]";
        }
    }

    private final List<Key> active = new ArrayList<>();
    private final List<String> retired = new ArrayList<>();

    /** Creates an empty ring; add at least one key before signing. */
    public SurveyKeyRing() {
    }

    /**
     * Builds a ring from host configuration: {@code keyId=secret} entries separated by commas, semicolons or line
     * breaks, oldest first; the last one signs, all verify. Each secret is base64 (standard or URL-safe alphabet,
     * padding optional) of at least {@value #MIN_SECRET_BYTES} bytes, for example from {@code openssl rand -base64 32}.
     * Example: {@code k2026a=8kq…=,k2026b=Zr1…=}.
     *
     * @param configuration the configured keys
     * @return a new ring holding them
     * @throws ValidationException listing each malformed entry by its index ({@code surveyKeys[1]}); never repeating a
     *     secret
     */
    public static SurveyKeyRing fromConfiguration(String configuration) {
        if (configuration == null || configuration.isBlank()) {
            throw ValidationException.of("surveyKeys", "at least one keyId=base64secret entry is required");
        }
        SurveyKeyRing ring = new SurveyKeyRing();
        List<Violation> problems = new ArrayList<>();
        String[] entries = configuration.strip().split("[,;\\r\\n]+");
        for (int i = 0; i < entries.length; i++) {
            String field = "surveyKeys[" + i + "]";
            String entry = entries[i].strip();
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                problems.add(new Violation(field, "must be keyId=base64secret"));
                continue;
            }
            String id = entry.substring(0, eq).strip();
            byte[] secret = decode(entry.substring(eq + 1).strip());
            try {
                if (secret == null) {
                    problems.add(new Violation(field, "the secret of key '" + (KEY_ID.matcher(id)
                        .matches() ? id : "?") + "' is not base64"));
                    continue;
                }
                ring.add(id, secret);
            } catch (ValidationException e) {
                for (Violation v : e.violations()) {
                    problems.add(new Violation(field + "." + v.field(), v.message()));
                }
            } finally {
                if (secret != null) {
                    Arrays.fill(secret, (byte) 0);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        return ring;
    }

    private static byte @Nullable [] decode(String text) {
        try {
            return text.indexOf('-') >= 0 || text.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(text)
                : Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * @return whether every active key was generated in this process ({@link #generate}), so no other instance and
     *     no restarted process can verify the links it signs
     */
    public synchronized boolean generatedOnly() {
        return !active.isEmpty() && active.stream().allMatch(Key::generated);
    }

    /**
     * Adds a key; it becomes the signing key.
     *
     * @param keyId the key's id, carried in tokens: 1-32 of {@code A-Z a-z 0-9 _ -}
     * @param secret at least {@value #MIN_SECRET_BYTES} bytes; copied
     * @return this ring
     * @throws ValidationException if the id is malformed or already used, or the secret is too short
     */
    public synchronized SurveyKeyRing add(String keyId, byte[] secret) {
        addKey(keyId, secret, false);
        return this;
    }

    private synchronized void addKey(String keyId, byte[] secret, boolean generated) {
        if (keyId == null || !KEY_ID.matcher(keyId).matches()) {
            throw ValidationException.of("keyId", "must be 1-32 of A-Z, a-z, 0-9, '_', '-'");
        }
        if (retired.contains(keyId) || active.stream().anyMatch(k -> k.id().equals(keyId))) {
            throw ValidationException.of("keyId", "key id '" + keyId + "' was already used");
        }
        if (secret == null || secret.length < MIN_SECRET_BYTES) {
            throw ValidationException.of("secret", "must be at least " + MIN_SECRET_BYTES + " bytes");
        }
        active.add(new Key(keyId, secret.clone(), generated));
    }

    /**
     * Adds a key with a fresh random 32-byte secret; it becomes the signing key. The secret exists only in this
     * object: links it signs die with the process (see the class comment).
     *
     * @param keyId the key's id
     * @return this ring
     * @throws ValidationException if the id is malformed or already used
     */
    public SurveyKeyRing generate(String keyId) {
        byte[] secret = new byte[MIN_SECRET_BYTES];
        new SecureRandom().nextBytes(secret);
        try {
            addKey(keyId, secret, true);
            return this;
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /**
     * Retires a key: tokens signed with it are refused with {@link InvalidSurveyTokenException.Reason#UNKNOWN_KEY}.
     *
     * @param keyId the key's id
     * @return this ring
     * @throws ValidationException if no active key has that id
     */
    public synchronized SurveyKeyRing retire(String keyId) {
        Key key = active.stream().filter(k -> k.id().equals(keyId)).findFirst()
            .orElseThrow(() -> ValidationException.of("keyId", "no active key '" + keyId + "'"));
        active.remove(key);
        Arrays.fill(key.secret(), (byte) 0);
        retired.add(keyId);
        return this;
    }

    /** @return the id of the key that signs new tokens, if any key is active */
    public synchronized Optional<String> signingKeyId() {
        return active.isEmpty() ? Optional.empty() : Optional.of(active.get(active.size() - 1).id());
    }

    /** @return ids of the keys that still verify, oldest first */
    public synchronized List<String> activeKeyIds() {
        return active.stream().map(Key::id).toList();
    }

    /**
     * @return the signing key's id and a copy of its secret
     * @throws IllegalStateException if no key is active
     */
    synchronized SigningMaterial signing() {
        if (active.isEmpty()) {
            throw new IllegalStateException("the survey key ring has no active key");
        }
        Key k = active.get(active.size() - 1);
        return new SigningMaterial(k.id(), k.secret().clone());
    }

    /**
     * @param keyId a key id from a token
     * @return a copy of the active key's secret, if the key is active
     */
    synchronized Optional<byte[]> secret(String keyId) {
        return active.stream().filter(k -> k.id().equals(keyId)).findFirst().map(k -> k.secret().clone());
    }

    @Override
    public synchronized String toString() {
        return "SurveyKeyRing[active=" + activeKeyIds() + ", retired=" + retired + "]";
    }

    /** A key id and its secret. */
    record SigningMaterial(String keyId, byte[] secret) {
        @Override
        public String toString() {
            return "SigningMaterial[" + keyId + "]";
        }
    }
}
