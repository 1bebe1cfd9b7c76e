package io.madoguchi.core.internal;

import io.madoguchi.core.ValidationException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The rule a subscriber's name follows, checked where a subscriber is subscribed and where one is named. */
public final class SubscriberNames {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private SubscriberNames() {
    }

    /**
     * @param value a subscriber name: 1 to 100 letters, digits, '.', '-' or '_'
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
