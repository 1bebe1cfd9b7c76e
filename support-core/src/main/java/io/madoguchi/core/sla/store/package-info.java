/**
 * Where the SLA engine keeps what must survive a restart (SPI): each ticket's SLA state (its status timeline,
 * cycles and policy history, from which due instants are derived) and the due index the engine fires from.
 * Entry point: {@link io.madoguchi.core.sla.store.SlaStore}; {@link io.madoguchi.core.sla.store.InMemorySlaStore}
 * is the default.
 */
@NullMarked
package io.madoguchi.core.sla.store;

import org.jspecify.annotations.NullMarked;
