package io.madoguchi.channels.outbox;

import io.madoguchi.channels.ReplyContext;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where the outbox keeps its rows and the reply contexts of open conversations (SPI). Implementations must be
 * thread-safe and pass {@code OutboxStoreContract} (this module's test-jar).
 */
public interface OutboxStore {

    /**
     * Writes a new row, unless one with its id exists: the id is the position of the {@code DeliveryRequested}
     * event, so a redelivered event writes nothing.
     *
     * @param row the row, version 1
     * @return whether it was written
     * @throws io.madoguchi.core.store.StoreException if the store failed or is full; nothing is written
     */
    boolean add(OutboxRow row);

    /**
     * @param id a row id
     * @return the row, if present
     */
    Optional<OutboxRow> get(long id);

    /**
     * Replaces a row if nobody changed it since it was read.
     *
     * @param row the new state, carrying the version it was read at
     * @return the stored row, at the next version
     * @throws io.madoguchi.core.ConflictException if the stored version differs; nothing is written
     * @throws io.madoguchi.core.NotFoundException if there is no such row
     */
    OutboxRow update(OutboxRow row);

    /**
     * @param now the current instant
     * @param max the most rows to return
     * @return rows due at {@code now}: pending ones whose next attempt is due and sending ones whose lease ran out,
     *     oldest due first
     */
    List<OutboxRow> due(Instant now, int max);

    /**
     * Leases rows that are due to the caller: each returned row is {@code SENDING} until {@code leaseUntil}, at its
     * next version. Safe across senders in many processes: a row is claimed by one caller only, and a row another
     * caller holds (or claims at the same moment) is skipped, not waited for.
     *
     * @param now the current instant (what is due, as {@link #due})
     * @param leaseUntil when the lease ends and the rows come due again unless their sender updates them
     * @param max the most rows to claim
     * @return the claimed rows, as stored, oldest due first
     * @throws io.madoguchi.core.store.StoreException if the store failed; nothing is claimed
     */
    List<OutboxRow> claimDue(Instant now, Instant leaseUntil, int max);

    /**
     * @param status a status
     * @param max the most rows
     * @return rows with that status, by id
     */
    List<OutboxRow> withStatus(OutboxRow.Status status, int max);

    /**
     * Remembers how to answer on a ticket (the latest inbound message's thread hints and reply token).
     *
     * @param tenantId the tenant
     * @param ticketId the ticket
     * @param context the context
     */
    void rememberContext(TenantId tenantId, TicketId ticketId, ReplyContext context);

    /**
     * Returns the ticket's reply context and removes its reply token, which is single-use; the hints stay.
     *
     * @param tenantId the tenant
     * @param ticketId the ticket
     * @return the context as it was, if one is remembered
     */
    Optional<ReplyContext> takeContext(TenantId tenantId, TicketId ticketId);
}
