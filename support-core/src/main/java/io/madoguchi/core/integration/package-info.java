/**
 * The desk integrations, in one place: each joins a component to the support desk as an event-log subscriber (or a
 * subscriber plus a scheduler job) that acts on the desk through its public API with a principal.
 * <ul>
 *   <li>{@link io.madoguchi.core.integration.DeskBridge}: SLA clocks and breaches for the desk's tickets, and the
 *       automation rules that react to them;</li>
 *   <li>{@link io.madoguchi.core.integration.DeskSurveys}: the post-solve survey and complaints in customer
 *       messages;</li>
 *   <li>{@link io.madoguchi.core.integration.DeskEscalation}: flagging and escalating complaint tickets;</li>
 *   <li>{@link io.madoguchi.core.integration.SelfServiceBot}: the 24-hour FAQ bot that answers customers and hands
 *       over to agents;</li>
 *   <li>{@link io.madoguchi.core.integration.Automations}: trigger and time rules on tickets.</li>
 * </ul>
 * Dependencies go one way: this package depends on the desk ({@code io.madoguchi.core}, {@code ticket},
 * {@code customer}, {@code event}, {@code store}) and on the components ({@code sla}, {@code feedback},
 * {@code bot}, {@code automation}, {@code faq}); neither depends on it, and no component depends on the desk's
 * {@link io.madoguchi.core.SupportDesk}. The build checks this on the compiled classes.
 */
@NullMarked
package io.madoguchi.core.integration;

import org.jspecify.annotations.NullMarked;
