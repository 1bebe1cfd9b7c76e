package io.madoguchi.channels.email;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.store.EventLog;
import io.madoguchi.core.store.IdempotencyKey;
import java.util.Optional;

/**
 * Which ticket a Message-ID the desk received belongs to (SPI). The default reads the receive step's own claims in
 * the event log: every stored inbound mail claimed its Message-ID there with {@code ticket#seq}, so no second map is
 * kept (and the log's retention bounds it). Implementations must be thread-safe.
 */
@FunctionalInterface
public interface MailThreads {

    /**
     * @param messageId a Message-ID without angle brackets
     * @return the ticket of the stored mail with that id, if any
     */
    Optional<TicketId> ticketOf(String messageId);

    /**
     * @param eventLog the desk store's event log
     * @param tenant the tenant whose mail it is
     * @return threads looked up in the receive step's claims ({@code inbound:email})
     */
    static MailThreads of(EventLog eventLog, TenantId tenant) {
        return messageId -> {
            if (messageId.isEmpty() || messageId.length() > 500) {
                return Optional.empty();
            }
            return eventLog.claimed(new IdempotencyKey(tenant, "inbound:email", messageId)).flatMap(stored -> {
                int hash = stored.lastIndexOf('#');
                return hash <= 0 ? Optional.empty() : Optional.of(TicketId.of(stored.substring(0, hash)));
            });
        };
    }

    /** @return threads that know no Message-ID (mail is threaded by ticket tokens alone) */
    static MailThreads none() {
        return messageId -> Optional.empty();
    }
}
