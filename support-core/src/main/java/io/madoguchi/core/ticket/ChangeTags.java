package io.madoguchi.core.ticket;

import io.madoguchi.core.TicketId;
import io.madoguchi.core.internal.TagName;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.Set;

/**
 * Adds and removes tags. A tag is stored and compared after NFKC, lower-casing and trimming, and must then be 1 to
 * 64 characters without whitespace or control characters; so {@code ＶＩＰ} and {@code vip} are the same tag. Immutable
 * and thread-safe.
 *
 * @param ticketId the ticket
 * @param add tags to add
 * @param remove tags to remove
 * @param expectedVersion the version the change is based on, or {@link TicketCommand#LATEST}
 */
public record ChangeTags(
    @NotNull TicketId ticketId,
    @NotNull @Size(max = 50) Set<@NotNull @TagName String> add,
    @NotNull @Size(max = 50) Set<@NotNull String> remove,
    @PositiveOrZero long expectedVersion) implements TicketCommand {

    /**
     * @param ticketId the ticket
     * @param tags tags to add
     * @return the command, applied to the current version
     */
    public static ChangeTags add(TicketId ticketId, String... tags) {
        return new ChangeTags(ticketId, Set.of(tags), Set.of(), LATEST);
    }

    /**
     * @param ticketId the ticket
     * @param tags tags to remove
     * @return the command, applied to the current version
     */
    public static ChangeTags remove(TicketId ticketId, String... tags) {
        return new ChangeTags(ticketId, Set.of(), Set.of(tags), LATEST);
    }
}
