/**
 * The 24-hour self-service bot: answers a customer's new ticket from the FAQ when it is confident,
 * asks whether that helped, and hands over to a person when it is not.
 */
@NullMarked
package io.madoguchi.core.bot;

import org.jspecify.annotations.NullMarked;
