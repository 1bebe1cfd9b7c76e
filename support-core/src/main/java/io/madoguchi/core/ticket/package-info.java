/**
 * Tickets: the ticket value, its status table, messages, audit entries, custom fields, queries and the commands that
 * change it.
 */
@NullMarked
package io.madoguchi.core.ticket;

import org.jspecify.annotations.NullMarked;
