package io.madoguchi.core.internal;

import io.madoguchi.core.ValidationException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The rule a subscriber's name follows, checked where a subscriber is subscribed and where one is named. */
public final class SubscriberNames {

    /**
     * The longest name: a subscriber's step claims have the scope {@code "subscriber:" + name}, and a claim's scope
     * has at most 100 characters.
     */
    public static final int MAX_LENGTH = 100 - StepClaims.SCOPE_PREFIX.length();

    /** What a valid name has, for the error that refuses another: {@code "has 1 to 89 letters, …"}. */
    public static final String RULE = "has 1 to " + MAX_LENGTH + " letters, digits, '.', '-' or '_'";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_LENGTH + "}");

    private SubscriberNames() {
    }

    /**
     * @param value a subscriber name: 1 to 89 ({@value #MAX_LENGTH}) letters, digits, '.', '-' or '_'
     * @param problem what the error says when it is not one
     * @return the name
     * @throws ValidationException on field {@code name} if it is missing or malformed
     */
    public static String check(@Nullable String value, String problem) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw ValidationException.of("name", problem);
        }
        return value;
    }
}
