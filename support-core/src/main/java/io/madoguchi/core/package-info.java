/**
 * The Madoguchi support desk: identifiers, the exception hierarchy rooted at
 * {@link io.madoguchi.core.MadoguchiException}, and the entry point.
 *
 * <p>Desk integrations and the direction of dependencies: the desk ({@link io.madoguchi.core.SupportDesk} and the
 * packages {@code ticket}, {@code customer}, {@code event}, {@code store}) depends on none of the components built on
 * it, except the JSON codec of the event log, which names every area's events as the sealed event hierarchy does.
 * The components ({@code sla}, {@code feedback}, {@code bot}, {@code automation}, {@code faq}) do not depend on the
 * desk either: they read the event log and their own stores. The classes that join the two are all in
 * {@link io.madoguchi.core.integration}, and dependencies go one way: integration to desk and to component, never
 * back (the build checks both rules on the compiled classes).
 */
@NullMarked
package io.madoguchi.core;

import org.jspecify.annotations.NullMarked;
