/**
 * SLA engine: ordered policies, preset metrics (first reply, next reply, periodic update, requester
 * wait, agent work, total resolution) as clocks with cycles on business calendars, warnings, breaches
 * and escalations. Entry point: {@link io.madoguchi.core.sla.SlaEngine#builder()}.
 */
@NullMarked
package io.madoguchi.core.sla;

import org.jspecify.annotations.NullMarked;
