package io.madoguchi.core.calendar;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.ValidationException;
import io.madoguchi.core.internal.Text;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * One day on which a desk is closed for a holiday, with the holiday's name.
 *
 * @param date the day
 * @param name the holiday's name as people know it, e.g. {@code 元日}: one line of visible text, at most
 *     {@value #MAX_NAME_LENGTH} characters, without control characters (tab included), lone surrogates or
 *     bidirectional controls
 */
public record Holiday(LocalDate date, String name) implements Comparable<Holiday> {

    /** The longest holiday name. */
    public static final int MAX_NAME_LENGTH = 200;

    /**
     * @param date the day
     * @param name the holiday's name as people know it, e.g. {@code 元日}: one line of visible text, at most
     *     {@value #MAX_NAME_LENGTH} characters, without control characters (tab included), lone surrogates or
     *     bidirectional controls
     * @throws ValidationException if {@code name} is blank, longer than {@value #MAX_NAME_LENGTH} characters or not
     *     plain text
     */
    public Holiday {
        requireNonNull(date, "date");
        requireNonNull(name, "name");
        if (name.length() > MAX_NAME_LENGTH) {
            throw ValidationException.of("name", "must be at most " + MAX_NAME_LENGTH + " characters, was "
                + name.length() + " (holiday on " + date + ")");
        }
        String problem = nameProblem(name);
        if (problem != null) {
            throw ValidationException.of("name", problem + " (holiday on " + date + ")");
        }
    }

    /**
     * @param name a holiday name
     * @return what is wrong with it as a holiday name (besides its length), or null
     */
    static @Nullable String nameProblem(String name) {
        return name.indexOf('\t') >= 0 ? "must not contain a tab (holidays are listed tab-separated)"
            : Text.problem(name, false);
    }

    /** Orders by date, then by name. */
    @Override
    public int compareTo(Holiday other) {
        int byDate = date.compareTo(other.date);
        return byDate != 0 ? byDate : name.compareTo(other.name);
    }
}
