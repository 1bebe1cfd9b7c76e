/** The Standard Webhooks publisher's durable state on PostgreSQL or H2. */
@NullMarked
package io.madoguchi.channels.webhooks.jdbc;

import org.jspecify.annotations.NullMarked;
