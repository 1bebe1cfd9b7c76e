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

/** The value is a language tag ({@link LanguageTags#problem}). Null is valid. */
@Documented
@Constraint(validatedBy = LanguageTag.Validator.class)
@Target({RECORD_COMPONENT, FIELD, METHOD, PARAMETER, TYPE_USE})
@Retention(RUNTIME)
public @interface LanguageTag {

    /** @return the message template (the validator supplies the actual problem) */
    String message() default "must be a language tag";

    /** @return validation groups */
    Class<?>[] groups() default {};

    /** @return payload */
    Class<? extends Payload>[] payload() default {};

    /** Checks {@link LanguageTag} for Hibernate Validator. */
    final class Validator implements ConstraintValidator<LanguageTag, CharSequence> {

        /** Created by the validation provider. */
        public Validator() {
        }

        @Override
        public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
            return Constraints.report(value == null ? null : LanguageTags.problem(value.toString()), context);
        }
    }
}
