/**
 * Web chat on the desk: signed visitor tokens, sending with client message ids as idempotency keys, history by
 * cursor, and a Server-Sent Events stream of new public messages that resumes from the event log position in
 * {@code Last-Event-ID}. Framework-neutral: the host passes method, path, headers and body and writes back what
 * {@link io.madoguchi.channels.webchat.WebChat} returns. The widget (plain JavaScript and CSS) ships as resources
 * next to these classes.
 */
@NullMarked
package io.madoguchi.channels.webchat;

import org.jspecify.annotations.NullMarked;
