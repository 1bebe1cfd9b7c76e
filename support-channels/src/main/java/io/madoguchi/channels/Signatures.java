package io.madoguchi.channels;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC helpers for adapters: compute over raw bytes, compare in constant time. Thread-safe. */
public final class Signatures {

    private Signatures() {
    }

    /**
     * @param algorithm for example {@code HmacSHA256}
     * @param key the key bytes
     * @param parts the message, concatenated in order
     * @return the MAC
     */
    public static byte[] hmac(String algorithm, byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            for (byte[] p : parts) {
                mac.update(p);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }

    /**
     * @param expected the computed signature text
     * @param given the signature the request carried
     * @return whether they are equal, compared as UTF-8 bytes in constant time
     */
    public static boolean matches(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param s a secret or text
     * @return its UTF-8 bytes
     */
    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
