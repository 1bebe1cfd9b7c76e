package io.madoguchi.core.internal;

import jakarta.validation.ConstraintValidatorContext;
import org.jspecify.annotations.Nullable;

/** Reports a custom constraint's own message through Hibernate Validator. */
final class Constraints {

    private Constraints() {
    }

    /**
     * @param problem what is wrong, or null
     * @param context the validation context
     * @return whether the value is valid
     */
    static boolean report(@Nullable String problem, ConstraintValidatorContext context) {
        if (problem == null) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        // the interpolator passes texts that do not start with '{' through unchanged (no expression language)
        context.buildConstraintViolationWithTemplate(problem).addConstraintViolation();
        return false;
    }
}
