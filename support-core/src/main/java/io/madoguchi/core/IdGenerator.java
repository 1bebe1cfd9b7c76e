package io.madoguchi.core;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.store.DeskStore;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Makes the ids of new tickets and customers (SPI): a seam for hosts with their own id scheme, and for tests.
 * Ids must be unique across tenants and never reused. Implementations must be thread-safe.
 */
public interface IdGenerator {

    /**
     * @param tenantId the tenant the ticket is created in
     * @return a new ticket id
     */
    TicketId ticketId(TenantId tenantId);

    /**
     * @param tenantId the tenant the customer is created in
     * @return a new customer id
     */
    CustomerId customerId(TenantId tenantId);

    /**
     * The default: {@code T1, T2, …} and {@code C1, C2, …} from the store's global sequences. Short and readable,
     * but a count of all tickets is visible in them; use {@link #random()} where that matters.
     *
     * @param store the store whose sequences are used
     * @return the generator
     */
    static IdGenerator sequential(DeskStore store) {
        requireNonNull(store, "store");
        TenantId global = TenantId.of("_global");
        return new IdGenerator() {
            @Override
            public TicketId ticketId(TenantId tenantId) {
                return TicketId.of("T" + store.nextSequence(global, "ticket-id"));
            }

            @Override
            public CustomerId customerId(TenantId tenantId) {
                return CustomerId.of("C" + store.nextSequence(global, "customer-id"));
            }
        };
    }

    /**
     * Random ids ({@code T} or {@code C} and 24 hex digits from a {@link SecureRandom}): nothing can be learned from
     * them or guessed, and several stores can make them without coordinating.
     *
     * @return the generator
     */
    static IdGenerator random() {
        SecureRandom random = new SecureRandom();
        HexFormat hex = HexFormat.of();
        return new IdGenerator() {
            private String next(String prefix) {
                byte[] b = new byte[12];
                random.nextBytes(b);
                return prefix + hex.formatHex(b);
            }

            @Override
            public TicketId ticketId(TenantId tenantId) {
                return TicketId.of(next("T"));
            }

            @Override
            public CustomerId customerId(TenantId tenantId) {
                return CustomerId.of(next("C"));
            }
        };
    }
}
