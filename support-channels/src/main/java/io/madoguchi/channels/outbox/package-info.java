/**
 * The durable outbox: the {@code channel-outbox} subscriber turns {@code DeliveryRequested} events into rows of an
 * {@link io.madoguchi.channels.outbox.OutboxStore}, and the {@link io.madoguchi.channels.outbox.OutboxSender} sends
 * them off the caller's thread with retries, a circuit breaker per endpoint and provider idempotency keys.
 */
@NullMarked
package io.madoguchi.channels.outbox;

import org.jspecify.annotations.NullMarked;
