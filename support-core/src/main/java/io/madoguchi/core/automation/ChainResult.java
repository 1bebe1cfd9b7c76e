package io.madoguchi.core.automation;

import io.madoguchi.core.sla.SlaTicket;
import java.util.List;

/**
 * What one event chain did. Immutable.
 *
 * @param ticket the ticket after every action of the chain
 * @param fired the names of the rules that fired, in order
 * @param truncated whether the chain stopped at the maximum depth
 */
public record ChainResult(SlaTicket ticket, List<String> fired, boolean truncated) {

    /**
     * Copies the list.
     *
     * @param ticket the ticket after every action of the chain
     * @param fired the names of the rules that fired, in order
     * @param truncated whether the chain stopped at the maximum depth
     */
    public ChainResult {
        fired = List.copyOf(fired);
    }
}
