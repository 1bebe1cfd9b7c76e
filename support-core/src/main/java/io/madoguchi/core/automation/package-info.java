/**
 * Triggers and time-based automations: ordered rules of conditions and actions that run on ticket
 * events and on time, with loop prevention. Entry point: {@link io.madoguchi.core.integration.Automations}.
 */
@NullMarked
package io.madoguchi.core.automation;

import org.jspecify.annotations.NullMarked;
