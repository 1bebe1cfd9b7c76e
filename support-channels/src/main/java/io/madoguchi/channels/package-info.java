/**
 * Channel adapters: email, phone/SMS, web chat, LINE, Slack and signed webhooks, and the SPI
 * plugin authors implement to add their own. Adapters turn provider payloads into normalized
 * inbound messages for the desk and deliver outbound messages from the desk's outbox.
 */
@NullMarked
package io.madoguchi.channels;

import org.jspecify.annotations.NullMarked;
