/**
 * Business calendars: working hours, time zones, holidays and closures, and business-time arithmetic.
 */
@NullMarked
package io.madoguchi.core.calendar;

import org.jspecify.annotations.NullMarked;
