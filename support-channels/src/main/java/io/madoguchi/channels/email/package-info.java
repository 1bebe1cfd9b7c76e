/**
 * Email as a channel: raw MIME parsed with Apache James mime4j under limits, Japanese charsets decoded so NEC and
 * IBM extension characters survive, quoted replies and signatures separated from the new text, threading by
 * Message-ID and ticket tokens, inbound webhooks from SendGrid Inbound Parse (raw) and Mailgun ({@code mime}
 * routes), and replies through SMTP or the HTTP APIs of SendGrid and Mailgun via the outbox.
 */
@NullMarked
package io.madoguchi.channels.email;

import org.jspecify.annotations.NullMarked;
