package io.madoguchi.core.store;

import io.madoguchi.core.ValidationException;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketSort;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;

/**
 * The keyset position of a page (SPI helper for stores): the sort key and ticket number of the last ticket read,
 * encoded opaquely. A store decodes the query's cursor, returns the tickets after it in {@link #order}, and encodes
 * the last one's position, so pages stay stable while tickets change. Immutable and thread-safe.
 *
 * @param sort the sort it belongs to
 * @param descending the direction it belongs to
 * @param key the sort key of the last ticket
 * @param number the number of the last ticket
 */
public record KeysetCursor(TicketSort sort, boolean descending, long key, long number) {

    /**
     * @param t a ticket
     * @param sort the sort
     * @return the ticket's sort key
     */
    public static long key(Ticket t, TicketSort sort) {
        return switch (sort) {
            case CREATED -> nanos(t.createdAt());
            case UPDATED -> nanos(t.updatedAt());
            case PRIORITY -> t.priority().ordinal();
        };
    }

    private static long nanos(Instant i) {
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
    }

    /**
     * @param sort the sort
     * @param descending the direction
     * @return the order of tickets for that sort, ties broken by number
     */
    public static Comparator<Ticket> order(TicketSort sort, boolean descending) {
        Comparator<Ticket> c = Comparator.<Ticket>comparingLong(t -> key(t, sort)).thenComparingLong(Ticket::number);
        return descending ? c.reversed() : c;
    }

    /**
     * @param t a ticket
     * @return whether {@code t} comes after this position
     */
    public boolean isBefore(Ticket t) {
        long k = key(t, sort);
        int c = k != key ? Long.compare(k, key) : Long.compare(t.number(), number);
        return descending ? c < 0 : c > 0;
    }

    /** @return the opaque text form */
    public String encode() {
        String raw = "c1:" + sort.name() + ":" + descending + ":" + key + ":" + number;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param text the opaque form
     * @param sort the query's sort
     * @param descending the query's direction
     * @return the position
     * @throws ValidationException if the text is not a cursor of this sort
     */
    public static KeysetCursor decode(String text, TicketSort sort, boolean descending) {
        try {
            String[] p = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split(":");
            if (p.length != 5 || !p[0].equals("c1")) {
                throw new IllegalArgumentException("bad cursor");
            }
            KeysetCursor c = new KeysetCursor(TicketSort.valueOf(p[1]), Boolean.parseBoolean(p[2]),
                    Long.parseLong(p[3]), Long.parseLong(p[4]));
            if (c.sort != sort || c.descending != descending) {
                throw ValidationException.of("cursor", "belongs to another sort order (" + c.sort
                        + (c.descending ? " desc" : " asc") + ")");
            }
            return c;
        } catch (IllegalArgumentException e) {
            throw ValidationException.of("cursor", "is not a cursor returned by a query");
        }
    }
}
