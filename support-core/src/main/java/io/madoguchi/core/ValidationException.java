package io.madoguchi.core;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Input was rejected before anything was changed. Lists every violation found, each with its field.
 */
public class ValidationException extends MadoguchiException {

    private static final long serialVersionUID = 1L;

    /** Every violation found, each with its field. */
    private final List<Violation> violations;

    /**
     * @param violations every problem found; at least one
     * @throws IllegalArgumentException if {@code violations} is empty
     */
    public ValidationException(List<Violation> violations) {
        super(describe(violations));
        this.violations = List.copyOf(violations);
    }

    /**
     * A validation failure of one field.
     *
     * @param field the field's path
     * @param message what is wrong with it
     * @return the exception, to throw
     */
    public static ValidationException of(String field, String message) {
        return new ValidationException(List.of(new Violation(field, message)));
    }

    /**
     * @return every violation, in the order found; never empty
     */
    public List<Violation> violations() {
        return violations;
    }

    private static String describe(List<Violation> violations) {
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("a ValidationException needs at least one violation");
        }
        return "invalid input: " + violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
    }
}
