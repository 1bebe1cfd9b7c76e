package io.madoguchi.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.core.automation.TimeRuleFired;
import io.madoguchi.core.bot.BotEvent;
import io.madoguchi.core.event.DeskEvent;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.SupportEvent;
import io.madoguchi.core.feedback.FeedbackEvent;
import io.madoguchi.core.sla.SlaEvent;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every event type of the library (the permitted subclasses of the sealed hierarchies per area, and the automation
 * area's {@link TimeRuleFired}) is stored and read back equal, with its type name and schema version.
 */
class EventRoundTripTest {

    /** Microseconds, as the desk keeps them. */
    private static final Instant AT = Instant.parse("2026-11-24T09:15:30.123456Z");

    static List<Class<?>> everyEventClass() {
        List<Class<?>> out = new ArrayList<>();
        for (Class<?> root : List.of(DeskEvent.class, SlaEvent.class, FeedbackEvent.class, BotEvent.class)) {
            collect(root, out);
        }
        out.add(TimeRuleFired.class);
        return out;
    }

    private static void collect(Class<?> c, List<Class<?>> out) {
        if (c.isSealed()) {
            for (Class<?> p : c.getPermittedSubclasses()) {
                collect(p, out);
            }
        } else if (!c.isInterface()) {
            out.add(c);
        }
    }

    @Test
    void everyEventTypeIsFoundInTheSealedHierarchies() {
        List<Class<?>> all = everyEventClass();
        // 16 desk, 5 bot and the SLA and feedback events at least; each a record
        assertThat(all).hasSizeGreaterThan(30).allMatch(Class::isRecord);
        assertThat(all).contains(io.madoguchi.core.event.TicketCreated.class, io.madoguchi.core.bot.FaqMatched.class,
            io.madoguchi.core.feedback.SurveyInvitationAnswered.class);
    }

    @Test
    void everyEventTypeRoundTripsThroughJsonEqualWithItsTypeAndSchemaVersion() {
        for (Class<?> c : everyEventClass()) {
            SupportEvent e = (SupportEvent) sample(c, 0);
            String json = RecordJson.write(e, c);
            SupportEvent back = RecordJson.readEvent(c.getName(), json);
            assertThat(back).as(c.getName() + " from " + json).isEqualTo(e);
            assertThat(back.type()).isEqualTo(e.type());
            assertThat(back.schemaVersion()).isEqualTo(e.schemaVersion());
            assertThat(back.occurredAt()).isEqualTo(e.occurredAt());
        }
    }

    @Test
    void everyEventTypeRoundTripsThroughTheLogOnH2() {
        appendAndReadBackEveryType(JdbcDeskStore.migrating(TestDatabases.h2(), Clock.systemUTC()));
    }

    @Test
    void everyEventTypeRoundTripsThroughTheLogOnPostgres() {
        try (var ds = TestDatabases.postgres()) {
            appendAndReadBackEveryType(JdbcDeskStore.migrating(ds, Clock.systemUTC()));
        }
    }

    private static void appendAndReadBackEveryType(JdbcDeskStore store) {
        List<SupportEvent> events = new ArrayList<>();
        for (Class<?> c : everyEventClass()) {
            events.add((SupportEvent) sample(c, 0));
        }
        long head = store.eventLog().append(events, Map.of());
        assertThat(head).isEqualTo(events.size());
        List<EventEnvelope> read = store.eventLog().read(0, 1000);
        assertThat(read).extracting(EventEnvelope::event).containsExactlyElementsOf(events);
        assertThat(read).extracting(EventEnvelope::type)
            .containsExactlyElementsOf(events.stream().map(SupportEvent::type).toList());
    }

    // ------------------------------------------------------------------ sample values, built reflectively

    private static Object sample(Type type, int depth) {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (raw == String.class) {
            return depth % 2 == 0 ? "窓口-1" : "line";
        }
        if (raw == int.class || raw == Integer.class) {
            return 3;
        }
        if (raw == long.class || raw == Long.class) {
            return 7L;
        }
        if (raw == double.class || raw == Double.class) {
            return 0.75;
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return true;
        }
        if (raw == Instant.class) {
            return AT;
        }
        if (raw == Duration.class) {
            return Duration.ofMinutes(90);
        }
        if (raw == LocalDate.class) {
            return LocalDate.of(2026, 11, 24);
        }
        if (raw == LocalTime.class) {
            return LocalTime.of(9, 30);
        }
        if (raw == ZoneId.class) {
            return ZoneId.of("Asia/Tokyo");
        }
        if (raw == BigDecimal.class) {
            return new BigDecimal("12.50");
        }
        if (raw == Object.class) {
            return new BigDecimal("1980.00");
        }
        if (raw.isEnum()) {
            Object[] values = raw.getEnumConstants();
            return values[values.length - 1];
        }
        if (raw == Optional.class) {
            return Optional.of(sample(arg(type, 0), depth + 1));
        }
        if (raw == List.class) {
            return List.of(sample(arg(type, 0), depth + 1));
        }
        if (raw == Set.class) {
            return Set.of(sample(arg(type, 0), depth + 1));
        }
        if (raw == Map.class) {
            Map<Object, Object> m = new LinkedHashMap<>();
            m.put(sample(arg(type, 0), depth + 1), sample(arg(type, 1), depth + 1));
            return m;
        }
        if (raw.isSealed()) {
            return sample(raw.getPermittedSubclasses()[0], depth + 1);
        }
        if (raw.isRecord()) {
            return record(raw, depth);
        }
        throw new IllegalArgumentException("no sample for " + type);
    }

    private static Type arg(Type t, int i) {
        return ((ParameterizedType) t).getActualTypeArguments()[i];
    }

    private static Object record(Class<?> raw, int depth) {
        RecordComponent[] rcs = raw.getRecordComponents();
        Class<?>[] types = new Class<?>[rcs.length];
        for (int i = 0; i < rcs.length; i++) {
            types[i] = rcs[i].getType();
        }
        RuntimeException last = null;
        // Japanese text first; identifiers with a stricter syntax get plain ASCII on the second try
        for (int attempt = 0; attempt < 2; attempt++) {
            Object[] args = new Object[rcs.length];
            for (int i = 0; i < rcs.length; i++) {
                args[i] = sample(rcs[i].getGenericType(), depth * 2 + attempt);
            }
            try {
                Constructor<?> ctor = raw.getDeclaredConstructor(types);
                ctor.setAccessible(true);
                return ctor.newInstance(args);
            } catch (InvocationTargetException e) {
                last = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("could not build a sample " + raw.getName(), last);
    }
}
