package io.madoguchi.core.internal;

import java.util.Collection;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How {@code toString} shows personal data (names, addresses, phone numbers, message bodies, free comments) without
 * printing it: by its size. Null-safe, because commands are described before they are validated. Stateless.
 */
public final class Masked {

    private Masked() {
    }

    /**
     * @param text a personal text, or null
     * @return {@code "12 chars"}, or {@code "null"}
     */
    public static String chars(@Nullable String text) {
        return text == null ? "null" : text.length() + " chars";
    }

    /**
     * @param values a collection whose elements may be personal, or null
     * @return how many there are, or {@code "null"}
     */
    public static String count(@Nullable Collection<?> values) {
        return values == null ? "null" : String.valueOf(values.size());
    }

    /**
     * @param values a map whose values may be personal, or null
     * @return its keys in order, without the values, or {@code "null"}
     */
    public static String keys(@Nullable Map<String, ?> values) {
        return values == null ? "null" : values.keySet().stream().map(String::valueOf).sorted().toList().toString();
    }
}
