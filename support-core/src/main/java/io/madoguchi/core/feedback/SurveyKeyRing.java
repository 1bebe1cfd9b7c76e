package io.madoguchi.core.feedback;

import io.madoguchi.core.ValidationException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The HMAC-SHA256 keys that sign survey tokens. The most recently added active key signs; every active key
 * still verifies, so tokens issued before a rotation stay valid until their key is {@linkplain #retire retired}.
 *
 * <p>Thread-safe. Secrets are copied in and never appear in {@link #toString()}, logs or exception messages.
 */
public final class SurveyKeyRing {

    /** The shortest secret accepted, in bytes. */
    public static final int MIN_SECRET_BYTES = 32;

    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    private record Key(String id, byte[] secret) {
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
     * Adds a key; it becomes the signing key.
     *
     * @param keyId the key's id, carried in tokens: 1-32 of {@code A-Z a-z 0-9 _ -}
     * @param secret at least {@value #MIN_SECRET_BYTES} bytes; copied
     * @return this ring
     * @throws ValidationException if the id is malformed or already used, or the secret is too short
     */
    public synchronized SurveyKeyRing add(String keyId, byte[] secret) {
        if (keyId == null || !KEY_ID.matcher(keyId).matches()) {
            throw ValidationException.of("keyId", "must be 1-32 of A-Z, a-z, 0-9, '_', '-'");
        }
        if (retired.contains(keyId) || active.stream().anyMatch(k -> k.id().equals(keyId))) {
            throw ValidationException.of("keyId", "key id '" + keyId + "' was already used");
        }
        if (secret == null || secret.length < MIN_SECRET_BYTES) {
            throw ValidationException.of("secret", "must be at least " + MIN_SECRET_BYTES + " bytes");
        }
        active.add(new Key(keyId, secret.clone()));
        return this;
    }

    /**
     * Adds a key with a fresh random 32-byte secret; it becomes the signing key.
     *
     * @param keyId the key's id
     * @return this ring
     * @throws ValidationException if the id is malformed or already used
     */
    public SurveyKeyRing generate(String keyId) {
        byte[] secret = new byte[MIN_SECRET_BYTES];
        new SecureRandom().nextBytes(secret);
        try {
            return add(keyId, secret);
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
