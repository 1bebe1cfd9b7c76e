package io.madoguchi.core.ticket;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.ValidationException;
import io.madoguchi.core.Violation;
import io.madoguchi.core.internal.Text;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The definition of a typed custom field of a tenant's tickets. Immutable.
 *
 * @param key the field's key: lower-case letters, digits and {@code _}, 1 to 64 characters
 * @param label the name shown to people
 * @param type the value type
 * @param required whether every ticket must have a value at creation
 * @param options the allowed values of a {@link FieldType#DROPDOWN}; empty for other types
 * @param maxLength the longest text accepted for text types
 * @param customerEditable whether a customer may set the field when opening a ticket (an order number on a web
 *     form, say); every other field is set by staff only, and a customer who sets one is refused. A required field
 *     that is not customer-editable is required of staff only.
 */
public record CustomFieldDefinition(String key, String label, FieldType type, boolean required, List<String> options,
                                    int maxLength, boolean customerEditable) {

    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    /**
     * @param key the field's key: lower-case letters, digits and {@code _}, 1 to 64 characters
     * @param label the name shown to people
     * @param type the value type
     * @param required whether every ticket must have a value at creation
     * @param options the allowed values of a {@link FieldType#DROPDOWN}; empty for other types
     * @param maxLength the longest text accepted for text types
     * @param customerEditable whether a customer may set the field when opening a ticket (an order number on a web
     *     form, say); every other field is set by staff only, and a customer who sets one is refused. A required field
     *     that is not customer-editable is required of staff only.
     * @throws NullPointerException if an argument is null
     * @throws ValidationException if the key is malformed, a dropdown has no options or another type has some,
     *     or {@code maxLength} is not positive
     */
    public CustomFieldDefinition {
        requireNonNull(key, "key");
        requireNonNull(label, "label");
        requireNonNull(type, "type");
        options = List.copyOf(options);
        if (!KEY.matcher(key).matches()) {
            throw ValidationException.of("key",
                    "must be 1-64 lower-case letters, digits or '_', starting with a letter; was '" + key + "'");
        }
        if (type == FieldType.DROPDOWN && options.isEmpty()) {
            throw ValidationException.of("options", "a dropdown needs at least one option");
        }
        if (type != FieldType.DROPDOWN && !options.isEmpty()) {
            throw ValidationException.of("options", "only a dropdown has options");
        }
        if (maxLength <= 0) {
            throw ValidationException.of("maxLength", "must be positive, was " + maxLength);
        }
    }

    /**
     * A field set by staff only (not customer-editable).
     *
     * @param key the key
     * @param label the label
     * @param type the value type
     * @param required whether every ticket must have a value at creation
     * @param options the allowed values of a dropdown
     * @param maxLength the longest text accepted for text types
     * @throws NullPointerException if an argument is null
     * @throws ValidationException as the canonical constructor
     */
    public CustomFieldDefinition(String key, String label, FieldType type, boolean required, List<String> options,
                                 int maxLength) {
        this(key, label, type, required, options, maxLength, false);
    }

    /**
     * @param key the key
     * @param label the label
     * @param type the type
     * @return an optional field with a 1,000-character text limit
     */
    public static CustomFieldDefinition of(String key, String label, FieldType type) {
        return new CustomFieldDefinition(key, label, type, false, List.of(), 1000);
    }

    /**
     * @param key the key
     * @param label the label
     * @param options the allowed values
     * @return an optional dropdown field
     */
    public static CustomFieldDefinition dropdown(String key, String label, List<String> options) {
        return new CustomFieldDefinition(key, label, FieldType.DROPDOWN, false, options, 1000);
    }

    /** @return a required copy of this definition */
    public CustomFieldDefinition asRequired() {
        return new CustomFieldDefinition(key, label, type, true, options, maxLength, customerEditable);
    }

    /** @return a copy of this definition that customers may set when they open a ticket */
    public CustomFieldDefinition asCustomerEditable() {
        return new CustomFieldDefinition(key, label, type, required, options, maxLength, true);
    }

    /**
     * Converts an input value to this field's type.
     *
     * @param path the field path to report, for example {@code customFields.order_no}
     * @param value the input value
     * @return the typed value, or a violation
     */
    public Result convert(String path, Object value) {
        try {
            Object typed = switch (type) {
                case TEXT, MULTILINE -> text(value);
                case NUMBER -> number(value);
                case INTEGER -> value instanceof Long || value instanceof Integer || value instanceof Short
                    ? Long.valueOf(((Number) value).longValue()) : Long.valueOf(Long.parseLong(shortText(value)));
                case DATE -> value instanceof LocalDate d ? d : LocalDate.parse(shortText(value));
                case CHECKBOX -> checkbox(value);
                case DROPDOWN -> dropdown(value);
            };
            if (typed instanceof String s && s.length() > maxLength) {
                return Result.bad(path, "must be at most " + maxLength + " characters, was " + s.length());
            }
            if (type == FieldType.TEXT && typed instanceof String s && (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0)) {
                return Result.bad(path, "must be a single line");
            }
            if (typed instanceof String s) {
                String problem = Text.problem(s, type == FieldType.MULTILINE);
                if (problem != null) {
                    return Result.bad(path, problem);
                }
            }
            return new Result(Optional.of(typed), Optional.empty());
        } catch (DateTimeParseException | IllegalArgumentException | ArithmeticException e) {
            // the rejected value is not repeated: a custom field may hold personal data
            return Result.bad(path, "must be a " + type.name().toLowerCase(java.util.Locale.ROOT) + describeExpected());
        }
    }

    /** The most digits a NUMBER keeps before and after the decimal point (a decimal128's precision). */
    private static final int MAX_NUMBER_DIGITS = 34;

    private static BigDecimal number(Object value) {
        BigDecimal b;
        if (value instanceof BigDecimal d) {
            b = d;
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("not finite");
            }
            b = BigDecimal.valueOf(d);
        } else if (value instanceof Number n) {
            b = new BigDecimal(n.toString());
        } else {
            b = new BigDecimal(shortText(value));
        }
        // 1e999999999 parses (as one digit and a huge scale) but is no amount anyone means; refuse before arithmetic
        if (b.signum() == 0) {
            return BigDecimal.ZERO;
        }
        if ((long) b.precision() - b.scale() > MAX_NUMBER_DIGITS) {
            throw new IllegalArgumentException("out of range");
        }
        if (b.scale() > MAX_NUMBER_DIGITS) {
            b = b.stripTrailingZeros();
            if (b.scale() > MAX_NUMBER_DIGITS) {
                throw new IllegalArgumentException("too many decimals");
            }
        }
        return b;
    }

    /** Text of a number or date: short (a long text is no number, and parsing it would cost time). */
    private static String shortText(Object value) {
        String s = text(value).strip();
        if (s.length() > 100) {
            throw new IllegalArgumentException("too long");
        }
        return s;
    }

    private String describeExpected() {
        return switch (type) {
            case DATE -> " (yyyy-MM-dd)";
            case NUMBER -> " (at most " + MAX_NUMBER_DIGITS + " digits before and after the decimal point)";
            case CHECKBOX -> " (true or false)";
            case DROPDOWN -> " (one of " + options + ")";
            default -> "";
        };
    }

    private static String text(Object value) {
        if (value instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("not text");
    }

    private static Boolean checkbox(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        String s = text(value).strip();
        if (s.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (s.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        throw new IllegalArgumentException("not a boolean");
    }

    private String dropdown(Object value) {
        String s = text(value);
        if (!options.contains(s)) {
            throw new IllegalArgumentException("not an option");
        }
        return s;
    }

    /**
     * The outcome of {@link #convert}.
     *
     * @param value the typed value when valid
     * @param violation the problem when not
     */
    public record Result(Optional<Object> value, Optional<Violation> violation) {
        static Result bad(String path, String message) {
            return new Result(Optional.empty(), Optional.of(new Violation(path, message)));
        }
    }
}
