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
 * The value is stored text that passes {@link Text#problem}: visible, without control characters (tab allowed, line
 * breaks only where {@link #multiline()}), lone surrogates or bidirectional controls. Null is valid (combine with
 * {@code @NotNull}).
 */
@Documented
@Constraint(validatedBy = PlainText.Validator.class)
@Target({RECORD_COMPONENT, FIELD, METHOD, PARAMETER, TYPE_USE})
@Retention(RUNTIME)
public @interface PlainText {

    /** @return whether line feed and carriage return are allowed */
    boolean multiline() default false;

    /** @return the message template (the validator supplies the actual problem) */
    String message() default "must be plain text";

    /** @return validation groups */
    Class<?>[] groups() default {};

    /** @return payload */
    Class<? extends Payload>[] payload() default {};

    /** Checks {@link PlainText} for Hibernate Validator. */
    final class Validator implements ConstraintValidator<PlainText, CharSequence> {
        private boolean multiline;

        /** Created by the validation provider. */
        public Validator() {
        }

        @Override
        public void initialize(PlainText annotation) {
            multiline = annotation.multiline();
        }

        @Override
        public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
            return Constraints.report(value == null ? null : Text.problem(value.toString(), multiline), context);
        }
    }
}
