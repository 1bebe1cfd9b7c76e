package io.madoguchi.core.automation;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.sla.SlaTicket;
import io.madoguchi.core.sla.TicketCondition;
import java.text.Normalizer;
import java.util.EnumSet;
import java.util.Locale;

/**
 * A condition of a trigger: on the event and the ticket as the chain has changed it so far. Must be
 * stateless and thread-safe; the factories here are.
 */
@FunctionalInterface
public interface RuleCondition {

    /**
     * @param event the event that started the chain
     * @param ticket the ticket as changed by the rules that fired before in the chain
     * @return whether the condition holds
     */
    boolean test(AutomationEvent event, SlaTicket ticket);

    /**
     * @param condition a condition on the ticket's facts
     * @return holds when the ticket meets it
     */
    static RuleCondition ticket(TicketCondition condition) {
        requireNonNull(condition, "condition");
        return (event, ticket) -> condition.test(ticket);
    }

    /**
     * @param first an event kind
     * @param more further kinds
     * @return holds when the chain started with one of these kinds of event
     */
    static RuleCondition on(AutomationEvent.Kind first, AutomationEvent.Kind... more) {
        EnumSet<AutomationEvent.Kind> kinds = EnumSet.of(requireNonNull(first, "first"), more);
        return (event, ticket) -> kinds.contains(event.kind());
    }

    /**
     * Matches text loosely, as Japanese users type it: NFKC (full/half width), case and
     * katakana/hiragana are folded, so {@code 解約} matches {@code 解約したい} and {@code ｶｲﾔｸ} matches {@code かいやく}.
     *
     * @param fragment the text to look for, not blank
     * @return holds when the event's text contains it
     */
    static RuleCondition textContains(String fragment) {
        requireNonNull(fragment, "fragment");
        String needle = fold(fragment);
        if (needle.isBlank()) {
            throw io.madoguchi.core.ValidationException.of("fragment", "must not be blank");
        }
        return (event, ticket) -> fold(event.text()).contains(needle);
    }

    /**
     * @param text any text
     * @return the text with width (NFKC), case and katakana/hiragana folded
     */
    static String fold(String text) {
        String n = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder b = new StringBuilder(n.length());
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            b.append(c >= '\u30A1' && c <= '\u30F6' ? (char) (c - 0x60) : c);
        }
        return b.toString();
    }

    /**
     * @param other another condition
     * @return holds when both hold
     */
    default RuleCondition and(RuleCondition other) {
        requireNonNull(other, "other");
        return (event, ticket) -> test(event, ticket) && other.test(event, ticket);
    }

    /**
     * @param other another condition
     * @return holds when either holds
     */
    default RuleCondition or(RuleCondition other) {
        requireNonNull(other, "other");
        return (event, ticket) -> test(event, ticket) || other.test(event, ticket);
    }

    /**
     * @return holds when this does not
     */
    default RuleCondition negate() {
        return (event, ticket) -> !test(event, ticket);
    }
}
