package io.madoguchi.core.bot;

import io.madoguchi.core.TicketId;
import io.madoguchi.core.event.SupportEvent;

/**
 * Something the self-service bot did, in the event log (area {@code bot}). Sealed: switch over the subtypes. The
 * events name tickets and FAQs, never the customer's text, so their {@code toString} prints no personal data.
 * Events of one ticket share the ticket's stream with its desk events, so they are delivered in commit order.
 */
public sealed interface BotEvent extends SupportEvent
    permits FaqMatched, BotAnswered, BotDeflected, BotHandedOver, BotNoVerdict {

    /** @return the ticket the bot worked on */
    TicketId ticket();

    /** @return the bot's name (its principal id and subscriber name): who caused the event */
    String bot();

    @Override
    default String area() {
        return "bot";
    }

    @Override
    default String streamKey() {
        return "ticket:" + ticket().value();
    }
}
