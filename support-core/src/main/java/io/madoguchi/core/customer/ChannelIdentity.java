package io.madoguchi.core.customer;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.ValidationException;
import io.madoguchi.core.internal.Text;
import java.text.Normalizer;
import java.util.Locale;

/**
 * One way to reach a customer on a channel. The value is normalized on construction (NFKC, trimmed; emails
 * lower-cased; phone numbers reduced to digits and a leading {@code +}), so equal identities compare equal. Immutable
 * and thread-safe.
 *
 * @param kind the kind
 * @param value the normalized value
 */
public record ChannelIdentity(IdentityKind kind, String value) {

    /**
     * @param kind the kind
     * @param value the normalized value
     * @throws NullPointerException if an argument is null
     * @throws ValidationException if the value is blank or invisible, has control characters, lone surrogates or
     *     bidirectional controls, is longer than 256 characters, or is not an email / phone number for those kinds
     */
    public ChannelIdentity {
        requireNonNull(kind, "kind");
        requireNonNull(value, "value");
        value = normalize(kind, value);
    }

    /**
     * @param address an email address
     * @return the identity
     */
    public static ChannelIdentity email(String address) {
        return new ChannelIdentity(IdentityKind.EMAIL, address);
    }

    /**
     * @param number a phone number
     * @return the identity
     */
    public static ChannelIdentity phone(String number) {
        return new ChannelIdentity(IdentityKind.PHONE, number);
    }

    /**
     * @param userId a LINE user id
     * @return the identity
     */
    public static ChannelIdentity line(String userId) {
        return new ChannelIdentity(IdentityKind.LINE_USER, userId);
    }

    /**
     * @param userId a Slack user id
     * @return the identity
     */
    public static ChannelIdentity slack(String userId) {
        return new ChannelIdentity(IdentityKind.SLACK_USER, userId);
    }

    /**
     * @param visitorId a web chat visitor id
     * @return the identity
     */
    public static ChannelIdentity chatVisitor(String visitorId) {
        return new ChannelIdentity(IdentityKind.CHAT_VISITOR, visitorId);
    }

    private static String normalize(IdentityKind kind, String raw) {
        if (raw.length() > 4 * 256) {
            throw ValidationException.of("identity.value", "must be at most 256 characters, was " + raw.length());
        }
        String problem = Text.problem(raw, false);
        if (problem != null) {
            throw ValidationException.of("identity.value", problem);
        }
        String v = Normalizer.normalize(raw, Normalizer.Form.NFKC).strip();
        if (v.isEmpty()) {
            throw ValidationException.of("identity.value", "must not be blank");
        }
        if (v.length() > 256) {
            throw ValidationException.of("identity.value", "must be at most 256 characters, was " + v.length());
        }
        switch (kind) {
            case EMAIL -> {
                v = v.toLowerCase(Locale.ROOT);
                int at = v.indexOf('@');
                if (at <= 0 || at != v.lastIndexOf('@') || at == v.length() - 1
                        || v.chars().anyMatch(Character::isWhitespace)) {
                    throw ValidationException.of("identity.value", "must be an email address");
                }
                // each part must show something, and nothing may hide in it (U+200B would make a look-alike address)
                String partProblem = Text.problem(v.substring(0, at), false);
                if (partProblem == null) {
                    partProblem = Text.problem(v.substring(at + 1), false);
                }
                if (partProblem != null || v.codePoints().anyMatch(c -> Character.getType(c) == Character.FORMAT)) {
                    throw ValidationException.of("identity.value",
                        "must be an email address with visible characters only (no format characters such as U+200B)");
                }
            }
            case PHONE -> {
                StringBuilder b = new StringBuilder();
                for (int i = 0; i < v.length(); i++) {
                    char c = v.charAt(i);
                    if (c >= '0' && c <= '9' || c == '+' && b.length() == 0) {
                        b.append(c);
                    } else if (" -().\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc".indexOf(c) < 0) {
                        throw ValidationException.of("identity.value",
                                "must be a phone number (digits, spaces, '-', '(', ')', leading '+')");
                    }
                }
                if (b.chars().filter(Character::isDigit).count() < 3) {
                    throw ValidationException.of("identity.value", "must be a phone number with at least 3 digits");
                }
                v = b.toString();
            }
            default -> {
                for (int i = 0; i < v.length(); i++) {
                    if (Character.isISOControl(v.charAt(i))) {
                        throw ValidationException.of("identity.value", "must not contain control characters");
                    }
                }
            }
        }
        return v;
    }

    /** @return the kind and a masked value, for logs (no personal data) */
    @Override
    public String toString() {
        return kind + ":" + (value.length() <= 2 ? "**" : value.charAt(0) + "***" + value.charAt(value.length() - 1));
    }
}
