package io.madoguchi.core.bot;

/** What the bot did with a ticket or a customer's answer. */
public enum BotOutcome {
    /** The bot answered from the FAQ and waits for the customer to say whether it helped. */
    ANSWERED,
    /** The bot suggested up to three FAQs and left the ticket for a person. */
    SUGGESTED,
    /** The bot found nothing it trusts and left the ticket for a person. */
    HANDED_OVER,
    /** The customer said the answer helped: the ticket is solved as deflected by self-service. */
    DEFLECTED,
    /** The customer said the answer did not help (or wrote something else): a person takes over. */
    ESCALATED_TO_PERSON,
    /**
     * The customer said neither yes nor no within the wait: the bot solved the ticket with a last message, tagged
     * {@value io.madoguchi.core.integration.SelfServiceBot#TAG_NO_VERDICT} ("answered, no verdict").
     */
    NO_VERDICT,
    /** The bot left the ticket alone (not a bot channel, a complaint, staff-created, or nothing pending). */
    IGNORED
}
