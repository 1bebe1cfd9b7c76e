package io.madoguchi.core.internal;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * The value is a tag that is valid in its stored, normalized form ({@link Text#tagProblem}). Null is valid (combine
 * with {@code @NotNull}).
 */
@Documented
@Constraint(validatedBy = TagName.Validator.class)
@Target({RECORD_COMPONENT, FIELD, METHOD, PARAMETER, TYPE_USE})
@Retention(RUNTIME)
public @interface TagName {

    /** @return the message template (the validator supplies the actual problem) */
    String message() default "must be a tag";

    /** @return validation groups */
    Class<?>[] groups() default {};

    /** @return payload */
    Class<? extends Payload>[] payload() default {};

    /** Checks {@link TagName} for Hibernate Validator. */
    final class Validator implements ConstraintValidator<TagName, CharSequence> {

        /** Created by the validation provider. */
        public Validator() {
        }

        @Override
        public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
            return Constraints.report(value == null ? null : Text.tagProblem(value.toString()), context);
        }
    }
}
