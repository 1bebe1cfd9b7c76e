package io.madoguchi.core.feedback.text;

/**
 * How often a theme came up in a period compared with the previous period of the same length.
 *
 * @param theme the theme
 * @param current count in the period
 * @param previous count in the previous period
 */
public record ThemeTrend(String theme, long current, long previous) {

    /** @return {@code current - previous} */
    public long change() {
        return current - previous;
    }
}
