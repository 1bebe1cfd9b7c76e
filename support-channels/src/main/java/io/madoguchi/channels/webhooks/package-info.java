/**
 * Outbound webhooks to host systems per the Standard Webhooks specification: signed deliveries of selected desk
 * events through the outbox, and a verifier for receivers.
 */
@NullMarked
package io.madoguchi.channels.webhooks;

import org.jspecify.annotations.NullMarked;
