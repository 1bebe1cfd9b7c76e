package io.madoguchi.core.internal;

import io.madoguchi.core.ValidationException;
import io.madoguchi.core.Violation;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** Validates command records with Jakarta Validation; one cached validator. Thread-safe. */
public final class CommandValidator {

    private final Validator validator;

    /** Builds the validator once (expensive); share the instance. */
    public CommandValidator() {
        ValidatorFactory factory = Validation.byDefaultProvider().configure()
            .messageInterpolator(new jakarta.validation.MessageInterpolator() {
                @Override
                public String interpolate(String template, Context context) {
                    return interpolate(template, context, java.util.Locale.ROOT);
                }

                @Override
                public String interpolate(String template, Context context, java.util.Locale locale) {
                    return Messages.describe(template, context.getConstraintDescriptor().getAttributes());
                }
            })
            .buildValidatorFactory();
        this.validator = factory.getValidator();
    }

    private final FastValidator fast = new FastValidator();

    /**
     * @param command the command
     * @return the violations, sorted by field; empty when valid
     */
    public List<Violation> violations(Object command) {
        List<Violation> quick = fast.violations(command);
        if (quick != null) {
            if (quick.size() > 1) {
                quick.sort(Comparator.comparing(Violation::field).thenComparing(Violation::message));
            }
            return quick;
        }
        return hibernateViolations(command);
    }

    /**
     * Validation through Hibernate Validator only (the reference the fast path is tested against).
     *
     * @param command the command
     * @return the violations, sorted by field; empty when valid
     */
    List<Violation> hibernateViolations(Object command) {
        Set<ConstraintViolation<Object>> found = validator.validate(command);
        if (found.isEmpty()) {
            return List.of();
        }
        List<Violation> out = new ArrayList<>(found.size());
        for (ConstraintViolation<Object> v : found) {
            out.add(new Violation(path(v.getPropertyPath()), v.getMessage()));
        }
        out.sort(Comparator.comparing(Violation::field).thenComparing(Violation::message));
        return out;
    }

    /**
     * @param command the command
     * @throws ValidationException listing every violation
     */
    public void check(Object command) {
        List<Violation> v = violations(command);
        if (!v.isEmpty()) {
            throw new ValidationException(v);
        }
    }

    private static String path(Path path) {
        return path.toString().replaceAll("\\.?<[a-z ]+>", "");
    }

    /** Plain English messages without the expression language. */
    static final class Messages {
        private Messages() {
        }

        static String describe(String template, java.util.Map<String, Object> attrs) {
            String t = template;
            if (!t.startsWith("{")) {
                return t;
            }
            String[] parts = t.substring(1, t.length() - 1).split("\\.");
            String name = parts.length >= 2 ? parts[parts.length - 2] : t;
            return switch (name) {
                case "NotNull" -> "must not be null";
                case "NotBlank" -> "must not be blank";
                case "NotEmpty" -> "must not be empty";
                case "Size" -> "size must be between " + attrs.get("min") + " and " + attrs.get("max");
                case "PositiveOrZero" -> "must be zero or more";
                case "Positive" -> "must be positive";
                case "Pattern" -> "must match " + attrs.get("regexp");
                case "Min" -> "must be at least " + attrs.get("value");
                case "Max" -> "must be at most " + attrs.get("value");
                default -> name;
            };
        }
    }
}
