package io.madoguchi.core.automation;

import io.madoguchi.core.sla.SlaTicket;

/**
 * Carries out rule actions; the desk implements it (acting as the system principal). Events the desk
 * emits while an action runs on the same thread are part of the running chain and do not start a new
 * one (see {@link io.madoguchi.core.integration.Automations#onEvent(AutomationEvent)}).
 */
@FunctionalInterface
public interface AutomationActions {

    /**
     * @param ticket the ticket as the chain saw it before this action
     * @param action the action
     * @param rule the name of the rule that fired
     */
    void perform(SlaTicket ticket, RuleAction action, String rule);
}
