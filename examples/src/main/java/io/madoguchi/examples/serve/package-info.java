/**
 * {@code madoguchi serve}: the SDK running as a business would run it, on the JDK's own HTTP server: the desk on a
 * database with the bot, SLA and surveys, the LINE and Slack webhooks, the web chat with its widget on a sample page,
 * and a minimal agent inbox behind a login.
 */
@NullMarked
package io.madoguchi.examples.serve;

import org.jspecify.annotations.NullMarked;
