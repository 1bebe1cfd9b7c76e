/**
 * Inbound messages as channels hand them to the desk: {@link io.madoguchi.core.inbound.InboundMessage} in,
 * {@link io.madoguchi.core.inbound.Received} out.
 */
@NullMarked
package io.madoguchi.core.inbound;

import org.jspecify.annotations.NullMarked;
