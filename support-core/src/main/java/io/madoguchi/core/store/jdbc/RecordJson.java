package io.madoguchi.core.store.jdbc;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.madoguchi.core.store.StoreException;
import java.lang.reflect.Constructor;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * JSON text for the library's immutable records (tickets, messages, audit entries, customers, configuration and
 * every event), written and read through their record components and canonical constructors, so the domain types
 * carry no annotations and a round trip gives an equal record.
 *
 * <p>Encoding: a record with exactly one {@code String} component (the ids) is its string; other records are
 * objects of their components; enums by name; {@code Instant}, {@code Duration}, {@code LocalDate} and the other
 * {@code java.time} values by their ISO text (nanoseconds kept); {@code BigDecimal} as text (exact); collections as
 * arrays; maps with string-like keys as objects, others as arrays of {@code [key, value]}. Where the declared type
 * does not fix the class (a sealed interface, {@code Object}), the value says its class in {@code "@class"}; only
 * classes of {@code io.madoguchi} and JDK value types are read back.
 */
final class RecordJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String CLASS = "@class";
    private static final Map<Class<?>, RecordInfo> RECORDS = new ConcurrentHashMap<>();

    private record RecordInfo(RecordComponent[] components, Constructor<?> constructor, boolean idLike) {
    }

    private RecordJson() {}

    /**
     * @param value a record (or other supported value)
     * @param declared the type it is read back as
     * @return its JSON text
     */
    static String write(Object value, Type declared) {
        try {
            return MAPPER.writeValueAsString(encode(value, declared));
        } catch (JsonProcessingException e) {
            throw new StoreException("could not write " + value.getClass().getSimpleName() + " as JSON", false, e);
        }
    }

    /**
     * @param <T> the type
     * @param json JSON text written by {@link #write}
     * @param type the class to read
     * @return the value
     */
    static <T> T read(String json, Class<T> type) {
        try {
            return type.cast(requireNonNull(decode(MAPPER.readTree(json), type), "stored JSON is null"));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new StoreException("could not read a stored " + type.getSimpleName() + " ("
                + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", false, e);
        }
    }

    /**
     * @param eventClass the event's class name as stored
     * @param json the event's JSON text
     * @return the event
     */
    static io.madoguchi.core.event.SupportEvent readEvent(String eventClass, String json) {
        try {
            Class<?> c = load(eventClass, io.madoguchi.core.event.SupportEvent.class);
            return (io.madoguchi.core.event.SupportEvent) requireNonNull(decode(MAPPER.readTree(json), c),
                "stored JSON is null");
        } catch (JsonProcessingException | RuntimeException e) {
            throw new StoreException("could not read a stored event of class " + eventClass + " ("
                + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", false, e);
        }
    }

    // ------------------------------------------------------------------ encoding

    static JsonNode encode(Object value, Type declared) {
        if (value == null) {
            return NODES.nullNode();
        }
        Class<?> raw = rawClass(declared);
        Class<?> actual = value.getClass();
        if (needsClassTag(raw, actual)) {
            JsonNode inner = encode(value, actual);
            if (inner instanceof ObjectNode o && actual.isRecord() && !recordInfo(actual).idLike()) {
                ObjectNode tagged = NODES.objectNode();
                tagged.put(CLASS, actual.getName());
                tagged.setAll(o);
                return tagged;
            }
            ObjectNode wrapped = NODES.objectNode();
            wrapped.put(CLASS, actual.getName());
            wrapped.set("v", inner);
            return wrapped;
        }
        if (value instanceof String s) {
            return NODES.textNode(s);
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (value instanceof Long l) {
            return NODES.numberNode(l);
        }
        if (value instanceof Double d) {
            return NODES.numberNode(d);
        }
        if (value instanceof Float f) {
            return NODES.numberNode(f);
        }
        if (value instanceof Short s) {
            return NODES.numberNode(s);
        }
        if (value instanceof Byte b) {
            return NODES.numberNode(b);
        }
        if (value instanceof Character c) {
            return NODES.textNode(String.valueOf(c));
        }
        if (value instanceof BigDecimal || value instanceof BigInteger || isTextValue(actual)) {
            return NODES.textNode(value.toString());
        }
        if (value instanceof Enum<?> e) {
            return NODES.textNode(e.name());
        }
        if (value instanceof byte[] bytes) {
            return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
        }
        if (value instanceof Optional<?> o) {
            return o.isPresent() ? encode(o.get(), typeArgument(declared, 0)) : NODES.nullNode();
        }
        if (value instanceof Collection<?> c) {
            Type element = typeArgument(declared, 0);
            ArrayNode array = NODES.arrayNode(c.size());
            for (Object item : c) {
                array.add(encode(item, element));
            }
            return array;
        }
        if (value instanceof Map<?, ?> m) {
            Type keyType = typeArgument(declared, 0);
            Type valueType = typeArgument(declared, 1);
            if (isStringKey(rawClass(keyType))) {
                ObjectNode object = NODES.objectNode();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    object.set(keyText(e.getKey()), encode(e.getValue(), valueType));
                }
                return object;
            }
            ArrayNode pairs = NODES.arrayNode(m.size());
            for (Map.Entry<?, ?> e : m.entrySet()) {
                ArrayNode pair = NODES.arrayNode(2);
                pair.add(encode(e.getKey(), keyType));
                pair.add(encode(e.getValue(), valueType));
                pairs.add(pair);
            }
            return pairs;
        }
        if (actual.isRecord()) {
            RecordInfo info = recordInfo(actual);
            if (info.idLike()) {
                return NODES.textNode((String) component(info.components()[0], value));
            }
            ObjectNode object = NODES.objectNode();
            for (RecordComponent rc : info.components()) {
                Object v = component(rc, value);
                if (v != null) {
                    object.set(rc.getName(), encode(v, rc.getGenericType()));
                }
            }
            return object;
        }
        throw new IllegalArgumentException("cannot store a " + actual.getName() + " as JSON");
    }

    private static boolean needsClassTag(Class<?> declared, Class<?> actual) {
        if (declared == actual || declared.isPrimitive() || actual.isEnum() && declared.isEnum()) {
            return false;
        }
        if (actual.isEnum() && actual.getSuperclass() != null && actual.getSuperclass().isEnum()) {
            return false; // an enum constant with a body
        }
        if (Collection.class.isAssignableFrom(declared) || Map.class.isAssignableFrom(declared)
            || declared == Optional.class || isTextValue(declared)) {
            return false;
        }
        return true;
    }

    private static boolean isTextValue(Class<?> c) {
        return c == Instant.class || c == Duration.class || c == LocalDate.class || c == LocalTime.class
            || c == LocalDateTime.class || c == OffsetDateTime.class || c == ZonedDateTime.class || c == Period.class
            || c == YearMonth.class || c == MonthDay.class || ZoneId.class.isAssignableFrom(c) || c == UUID.class
            || c == Locale.class;
    }

    private static boolean isStringKey(Class<?> key) {
        return key == String.class || key.isEnum() || key.isRecord() && recordInfo(key).idLike()
            || key == LocalDate.class || key == DayOfWeek.class;
    }

    private static String keyText(Object key) {
        if (key instanceof Enum<?> e) {
            return e.name();
        }
        if (key.getClass().isRecord()) {
            return (String) component(recordInfo(key.getClass()).components()[0], key);
        }
        return key.toString();
    }

    // ------------------------------------------------------------------ decoding

    static @Nullable Object decode(@Nullable JsonNode node, Type declared) {
        if (node == null || node.isNull()) {
            Class<?> raw = rawClass(declared);
            if (raw == Optional.class) {
                return Optional.empty();
            }
            return raw.isPrimitive() ? primitiveDefault(raw) : null;
        }
        Class<?> raw = rawClass(declared);
        if (node.isObject() && node.has(CLASS) && !Map.class.isAssignableFrom(raw)) {
            Class<?> actual = load(node.get(CLASS).asText(), raw);
            if (node.has("v") && node.size() == 2 && !(actual.isRecord() && !recordInfo(actual).idLike()
                && hasComponent(actual, "v"))) {
                return decode(node.get("v"), actual);
            }
            return decodeRecord(node, actual);
        }
        if (raw == String.class) {
            return node.asText();
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return node.asBoolean();
        }
        if (raw == int.class || raw == Integer.class) {
            return node.intValue();
        }
        if (raw == long.class || raw == Long.class) {
            return node.longValue();
        }
        if (raw == double.class || raw == Double.class) {
            return node.doubleValue();
        }
        if (raw == float.class || raw == Float.class) {
            return node.floatValue();
        }
        if (raw == short.class || raw == Short.class) {
            return node.shortValue();
        }
        if (raw == byte.class || raw == Byte.class) {
            return (byte) node.intValue();
        }
        if (raw == char.class || raw == Character.class) {
            return node.asText().charAt(0);
        }
        if (raw == BigDecimal.class) {
            return new BigDecimal(node.asText());
        }
        if (raw == BigInteger.class) {
            return new BigInteger(node.asText());
        }
        if (raw == byte[].class) {
            return Base64.getDecoder().decode(node.asText());
        }
        if (isTextValue(raw) || ZoneId.class.isAssignableFrom(raw)) {
            return parseText(raw, node.asText());
        }
        if (raw.isEnum()) {
            return enumValue(raw, node.asText());
        }
        if (raw == Optional.class) {
            return Optional.ofNullable(decode(node, typeArgument(declared, 0)));
        }
        if (Collection.class.isAssignableFrom(raw)) {
            Type element = typeArgument(declared, 0);
            Collection<Object> out = SortedSet.class.isAssignableFrom(raw) ? new TreeSet<>()
                : Set.class.isAssignableFrom(raw) ? new LinkedHashSet<>() : new ArrayList<>(node.size());
            for (JsonNode item : node) {
                out.add(decode(item, element));
            }
            if (out instanceof List<Object> l) {
                return Collections.unmodifiableList(l);
            }
            return out instanceof SortedSet<Object> s
                ? Collections.unmodifiableSortedSet(s)
                : Collections.unmodifiableSet((Set<Object>) out);
        }
        if (Map.class.isAssignableFrom(raw)) {
            Type keyType = typeArgument(declared, 0);
            Type valueType = typeArgument(declared, 1);
            Class<?> keyClass = rawClass(keyType);
            Map<Object, Object> out = SortedMap.class.isAssignableFrom(raw) ? new TreeMap<>()
                : keyClass.isEnum() ? enumMap(keyClass) : new LinkedHashMap<>();
            if (node.isObject()) {
                Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> f = fields.next();
                    out.put(decode(NODES.textNode(f.getKey()), keyType), decode(f.getValue(), valueType));
                }
            } else {
                for (JsonNode pair : node) {
                    out.put(decode(pair.get(0), keyType), decode(pair.get(1), valueType));
                }
            }
            return out instanceof SortedMap<Object, Object> s
                ? Collections.unmodifiableSortedMap(s)
                : Collections.unmodifiableMap(out);
        }
        if (raw.isRecord()) {
            RecordInfo info = recordInfo(raw);
            if (info.idLike()) {
                return construct(info, new Object[] {node.asText()});
            }
            return decodeRecord(node, raw);
        }
        if (raw == Object.class) {
            // only written without a class tag for plain JSON scalars
            if (node.isTextual()) {
                return node.asText();
            }
            if (node.isBoolean()) {
                return node.asBoolean();
            }
        }
        throw new IllegalArgumentException("cannot read a " + raw.getName() + " from JSON " + node.getNodeType());
    }

    private static boolean hasComponent(Class<?> record, String name) {
        for (RecordComponent rc : recordInfo(record).components()) {
            if (rc.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static Object decodeRecord(JsonNode node, Class<?> raw) {
        RecordInfo info = recordInfo(raw);
        if (info.idLike() && node.isTextual()) {
            return construct(info, new Object[] {node.asText()});
        }
        RecordComponent[] rcs = info.components();
        Object[] args = new Object[rcs.length];
        for (int i = 0; i < rcs.length; i++) {
            args[i] = decode(node.get(rcs[i].getName()), rcs[i].getGenericType());
        }
        return construct(info, args);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Map<Object, Object> enumMap(Class<?> keyClass) {
        return new EnumMap(keyClass.asSubclass(Enum.class));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumValue(Class<?> raw, String name) {
        return Enum.valueOf((Class) raw, name);
    }

    private static Object parseText(Class<?> raw, String text) {
        if (raw == Instant.class) {
            return Instant.parse(text);
        }
        if (raw == Duration.class) {
            return Duration.parse(text);
        }
        if (raw == LocalDate.class) {
            return LocalDate.parse(text);
        }
        if (raw == LocalTime.class) {
            return LocalTime.parse(text);
        }
        if (raw == LocalDateTime.class) {
            return LocalDateTime.parse(text);
        }
        if (raw == OffsetDateTime.class) {
            return OffsetDateTime.parse(text);
        }
        if (raw == ZonedDateTime.class) {
            return ZonedDateTime.parse(text);
        }
        if (raw == Period.class) {
            return Period.parse(text);
        }
        if (raw == YearMonth.class) {
            return YearMonth.parse(text);
        }
        if (raw == MonthDay.class) {
            return MonthDay.parse(text);
        }
        if (raw == UUID.class) {
            return UUID.fromString(text);
        }
        if (raw == Locale.class) {
            return Locale.forLanguageTag(text.replace('_', '-'));
        }
        return ZoneId.of(text);
    }

    private static Object primitiveDefault(Class<?> raw) {
        if (raw == boolean.class) {
            return false;
        }
        if (raw == char.class) {
            return '\0';
        }
        if (raw == long.class) {
            return 0L;
        }
        if (raw == double.class) {
            return 0.0;
        }
        if (raw == float.class) {
            return 0.0f;
        }
        if (raw == short.class) {
            return (short) 0;
        }
        if (raw == byte.class) {
            return (byte) 0;
        }
        return 0;
    }

    private static Class<?> load(String name, Class<?> declared) {
        if (!name.startsWith("io.madoguchi.") && !name.startsWith("java.")) {
            throw new IllegalArgumentException("refusing to read class " + name + " from stored JSON");
        }
        try {
            Class<?> c = Class.forName(name, false, RecordJson.class.getClassLoader());
            if (!declared.isAssignableFrom(c) && !declared.isPrimitive()) {
                throw new IllegalArgumentException(name + " is not a " + declared.getName());
            }
            return c;
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("stored class " + name + " no longer exists", e);
        }
    }

    // ------------------------------------------------------------------ reflection

    private static RecordInfo recordInfo(Class<?> c) {
        return RECORDS.computeIfAbsent(c, k -> {
            RecordComponent[] rcs = k.getRecordComponents();
            Class<?>[] types = new Class<?>[rcs.length];
            for (int i = 0; i < rcs.length; i++) {
                types[i] = rcs[i].getType();
                rcs[i].getAccessor().trySetAccessible();
            }
            try {
                Constructor<?> ctor = k.getDeclaredConstructor(types);
                if (!Modifier.isPublic(ctor.getModifiers()) || !Modifier.isPublic(k.getModifiers())) {
                    ctor.trySetAccessible();
                }
                return new RecordInfo(rcs, ctor, rcs.length == 1 && rcs[0].getType() == String.class);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("record " + k.getName() + " has no canonical constructor", e);
            }
        });
    }

    private static Object component(RecordComponent rc, Object record) {
        try {
            return rc.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + rc.getName() + " of " + record.getClass().getName(), e);
        }
    }

    private static Object construct(RecordInfo info, Object[] args) {
        try {
            return info.constructor().newInstance(args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        } catch (InstantiationException | IllegalAccessException e) {
            throw new IllegalStateException("cannot build " + info.constructor().getDeclaringClass().getName(), e);
        }
    }

    private static Class<?> rawClass(Type t) {
        if (t instanceof Class<?> c) {
            return c;
        }
        if (t instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (t instanceof WildcardType w) {
            return rawClass(w.getUpperBounds()[0]);
        }
        if (t instanceof GenericArrayType) {
            return Object[].class;
        }
        return Object.class;
    }

    private static Type typeArgument(Type t, int i) {
        if (t instanceof ParameterizedType p && p.getActualTypeArguments().length > i) {
            Type a = p.getActualTypeArguments()[i];
            return a instanceof WildcardType w ? w.getUpperBounds()[0] : a;
        }
        return Object.class;
    }
}
