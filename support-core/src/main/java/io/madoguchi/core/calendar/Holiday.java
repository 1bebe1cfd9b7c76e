package io.madoguchi.core.calendar;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.ValidationException;
import java.time.LocalDate;

/**
 * One day on which a desk is closed for a holiday, with the holiday's name.
 *
 * @param date the day
 * @param name the holiday's name as people know it, e.g. {@code 元日}; not blank
 */
public record Holiday(LocalDate date, String name) implements Comparable<Holiday> {

    /**
     * @throws ValidationException if {@code name} is blank
     */
    public Holiday {
        requireNonNull(date, "date");
        requireNonNull(name, "name");
        if (name.isBlank()) {
            throw ValidationException.of("name", "must not be blank (holiday on " + date + ")");
        }
    }

    /** Orders by date, then by name. */
    @Override
    public int compareTo(Holiday other) {
        int byDate = date.compareTo(other.date);
        return byDate != 0 ? byDate : name.compareTo(other.name);
    }
}
