package io.madoguchi.core.internal;

import io.madoguchi.core.Violation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.lang.annotation.Annotation;
import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Checks the Jakarta constraints of command records without Hibernate Validator's per-call overhead: the
 * annotations are read once per record class into plain checks. Supports {@code NotNull}, {@code NotBlank},
 * {@code Size}, {@code PositiveOrZero}, {@code Pattern} and our {@link PlainText}, {@link TagName} and
 * {@link LanguageTag} on components and on list/set element types, and {@code Valid} on both (a nested record is
 * checked with its own plan); a class using anything else, or a {@code Valid} value that is not a record, list or set
 * of records, is reported unsupported, and the caller falls back to Hibernate Validator.
 * Produces the same field paths and messages as {@link CommandValidator} (a test compares them). Thread-safe.
 */
final class FastValidator {

    private final ConcurrentHashMap<Class<?>, Optional<List<Check>>> plans = new ConcurrentHashMap<>();

    /**
     * @param bean a record
     * @return the violations (unsorted), or null if the class uses unsupported constraints
     */
    @Nullable List<Violation> violations(Object bean) {
        Optional<List<Check>> plan = plans.computeIfAbsent(bean.getClass(), FastValidator::plan);
        if (plan.isEmpty()) {
            return null;
        }
        List<Violation> out = null;
        List<Check> checks = plan.get();
        for (int i = 0; i < checks.size(); i++) {   // indexed: no iterator per validated command
            out = checks.get(i).run(bean, "", out);
            if (out == UNSUPPORTED) {
                return null;
            }
        }
        return out == null ? List.of() : out;
    }

    /** A sentinel compared by identity: a nested record uses constraints the fast path does not support. */
    /**
     * Checks a value reached through {@code @Valid} (a component or a collection element) with its own class's plan.
     *
     * @return the violations so far, or {@link #UNSUPPORTED} if the value's class uses unsupported constraints
     */
    private @Nullable List<Violation> runNested(Object value, String prefix, @Nullable List<Violation> out) {
        Optional<List<Check>> sub = plans.computeIfAbsent(value.getClass(), FastValidator::plan);
        if (sub.isEmpty()) {
            return UNSUPPORTED;
        }
        List<Violation> result = out;
        for (Check c : sub.get()) {
            result = c.run(value, prefix, result);
            if (result == UNSUPPORTED) {
                return UNSUPPORTED;
            }
        }
        return result;
    }

    private static final List<Violation> UNSUPPORTED = java.util.Collections.unmodifiableList(new ArrayList<>(0));

    private interface Check {
        @Nullable List<Violation> run(Object bean, String prefix, @Nullable List<Violation> out);
    }

    private interface ValueCheck {
        /** @return the message, or null when valid */
        @Nullable String check(@Nullable Object value);
    }

    private static Optional<List<Check>> plan(Class<?> type) {
        if (!type.isRecord()) {
            return Optional.empty();
        }
        List<Check> checks = new ArrayList<>();
        for (RecordComponent rc : type.getRecordComponents()) {
            Function<Object, Object> get = accessor(rc);
            String name = rc.getName();
            List<ValueCheck> own = new ArrayList<>();
            Boolean valid = collect(rc.getAnnotatedType().getAnnotations(), own);
            if (valid == null) {
                return Optional.empty();
            }
            for (Annotation a : rc.getAnnotations()) {
                if (a.annotationType().getName().startsWith("jakarta.validation")
                        && !containsType(rc.getAnnotatedType().getAnnotations(), a)) {
                    return Optional.empty();
                }
            }
            List<ValueCheck> element = new ArrayList<>();
            boolean elementValid = false;
            if (rc.getAnnotatedType() instanceof AnnotatedParameterizedType pt) {
                AnnotatedType[] args = pt.getAnnotatedActualTypeArguments();
                if (args.length == 1 && Collection.class.isAssignableFrom(rc.getType())) {
                    Boolean v = collect(args[0].getAnnotations(), element);
                    if (v == null) {
                        return Optional.empty();
                    }
                    elementValid = v;
                } else {
                    for (AnnotatedType arg : args) {
                        for (Annotation a : arg.getAnnotations()) {
                            if (a.annotationType().getName().startsWith("jakarta.validation")) {
                                return Optional.empty();
                            }
                        }
                    }
                }
            }
            if (own.isEmpty() && element.isEmpty() && !valid && !elementValid) {
                continue;
            }
            boolean list = List.class.isAssignableFrom(rc.getType());
            boolean recurse = elementValid || valid;
            FastValidator nested = recurse ? new FastValidator() : null;
            checks.add((bean, prefix, out) -> {
                Object value = get.apply(bean);
                for (int k = 0; k < own.size(); k++) {
                    String msg = own.get(k).check(value);
                    if (msg != null) {
                        out = add(out, prefix + name, msg);
                    }
                }
                if (valid && nested != null && value != null && !(value instanceof Collection<?>)) {
                    return nested.runNested(value, prefix + name + ".", out);
                }
                if (value instanceof Collection<?> col && (!element.isEmpty() || nested != null)) {
                    int i = 0;
                    for (Object e : col) {
                        String path = prefix + name + (list ? "[" + i + "]" : "[]");
                        for (ValueCheck vc : element) {
                            String msg = vc.check(e);
                            if (msg != null) {
                                out = add(out, path, msg);
                            }
                        }
                        if (nested != null && e != null) {
                            out = nested.runNested(e, path + ".", out);
                            if (out == UNSUPPORTED) {
                                return UNSUPPORTED;
                            }
                        }
                        i++;
                    }
                }
                return out;
            });
        }
        return Optional.of(List.copyOf(checks));
    }

    /**
     * @param annotations annotations of a component or element type
     * @param checks where the value checks go
     * @return whether {@code @Valid} is among them, or null if a constraint is not supported
     */
    private static @Nullable Boolean collect(Annotation[] annotations, List<ValueCheck> checks) {
        boolean valid = false;
        for (Annotation a : annotations) {
            if (a instanceof Valid) {
                valid = true;
                continue;
            }
            ValueCheck vc = valueCheck(a);
            if (vc != null) {
                checks.add(vc);
            } else if (a.annotationType().getName().startsWith("jakarta.validation")) {
                return null;
            }
        }
        return valid;
    }

    private static boolean containsType(Annotation[] list, Annotation a) {
        for (Annotation x : list) {
            if (x.annotationType() == a.annotationType()) {
                return true;
            }
        }
        return false;
    }

    private static List<Violation> add(@Nullable List<Violation> out, String path, String msg) {
        List<Violation> l = out == null ? new ArrayList<>(2) : out;
        l.add(new Violation(path, msg));
        return l;
    }

    @SuppressWarnings("unchecked")
    private static Function<Object, Object> accessor(RecordComponent rc) {
        var m = rc.getAccessor();
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            MethodHandle handle = lookup.unreflect(m);
            Class<?> boxed = MethodType.methodType(rc.getType()).wrap().returnType();
            CallSite site = LambdaMetafactory.metafactory(lookup, "apply", MethodType.methodType(Function.class),
                MethodType.methodType(Object.class, Object.class), handle,
                MethodType.methodType(boxed, rc.getDeclaringRecord()));
            return (Function<Object, Object>) site.getTarget().invokeExact();
        } catch (Throwable e) {
            return bean -> {
                try {
                    return m.invoke(bean);
                } catch (ReflectiveOperationException ex) {
                    throw new IllegalStateException("cannot read " + rc.getName(), ex);
                }
            };
        }
    }

    private static @Nullable ValueCheck valueCheck(Annotation a) {
        if (a instanceof NotNull) {
            return v -> v == null
                    ? CommandValidator.Messages.describe("{jakarta.validation.constraints.NotNull.message}", Map.of())
                    : null;
        }
        if (a instanceof NotBlank) {
            return v -> v == null || v.toString().isBlank() ? "must not be blank" : null;
        }
        if (a instanceof Size s) {
            String msg = CommandValidator.Messages.describe("{jakarta.validation.constraints.Size.message}",
                    Map.of("min", s.min(), "max", s.max()));
            return v -> {
                if (v == null) {
                    return null;
                }
                int n = v instanceof CharSequence cs ? cs.length() : v instanceof Collection<?> c ? c.size()
                    : v instanceof Map<?, ?> m ? m.size() : -1;
                return n >= 0 && (n < s.min() || n > s.max()) ? msg : null;
            };
        }
        if (a instanceof PlainText t) {
            boolean multiline = t.multiline();
            return v -> v == null ? null : Text.problem(v.toString(), multiline);
        }
        if (a instanceof LanguageTag) {
            return v -> v == null ? null : LanguageTags.problem(v.toString());
        }
        if (a instanceof TagName) {
            return v -> v == null ? null : Text.tagProblem(v.toString());
        }
        if (a instanceof PositiveOrZero) {
            return v -> v instanceof Number n && n.doubleValue() < 0 ? "must be zero or more" : null;
        }
        if (a instanceof Pattern p) {
            if (p.flags().length > 0) {
                return null;
            }
            java.util.regex.Pattern re = java.util.regex.Pattern.compile(p.regexp());
            String msg = p.message().startsWith("{") ? "must match " + p.regexp() : p.message();
            return v -> v != null && !re.matcher(v.toString()).matches() ? msg : null;
        }
        return null;
    }
}
