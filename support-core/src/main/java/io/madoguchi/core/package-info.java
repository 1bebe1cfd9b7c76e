/**
 * The Madoguchi support desk: identifiers, the exception hierarchy rooted at
 * {@link io.madoguchi.core.MadoguchiException}, and the entry point.
 *
 * <p>Desk integrations and the direction of dependencies: the desk ({@link io.madoguchi.core.SupportDesk} and the
 * packages {@code ticket}, {@code customer}, {@code event}, {@code store}) depends on none of the components built on
 * it, except the JSON codec of the event log, which names every area's events as the sealed event hierarchy does.
 * The components' engines ({@code sla.SlaEngine}, {@code feedback.Surveys}, {@code faq}) do not depend on the
 * desk either: they read the event log and their own stores. Four public classes join the two, each an event-log
 * subscriber that acts on the desk through its public API with a principal:
 * {@link io.madoguchi.core.sla.DeskBridge} (SLA clocks and automation rules),
 * {@link io.madoguchi.core.feedback.desk.DeskSurveys} (post-solve surveys, complaints in messages),
 * {@link io.madoguchi.core.feedback.desk.DeskEscalation} (complaint escalation) and
 * {@link io.madoguchi.core.bot.SelfServiceBot} (the FAQ bot); {@code automation.Automations} joins them the same
 * way for its time rules when its builder is given a desk. Dependencies go one way: integration to desk and to
 * component, never back (the build checks both rules on the compiled classes). They stay in their components'
 * packages because moving a public class renames it for every host.
 */
@NullMarked
package io.madoguchi.core;

import org.jspecify.annotations.NullMarked;
