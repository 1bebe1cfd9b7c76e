/**
 * Support KPIs computed from desk events: response and resolution times, SLA attainment,
 * satisfaction and deflection, with a Micrometer binder and JSON/CSV/HTML reports.
 */
@NullMarked
package io.madoguchi.metrics;

import org.jspecify.annotations.NullMarked;
