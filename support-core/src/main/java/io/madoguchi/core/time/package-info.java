/**
 * Time seams: a {@link io.madoguchi.core.time.Scheduler} through which the library waits (retries, SLA firing,
 * time rules), and, for tests and simulations, a {@link io.madoguchi.core.time.MutableClock} with a
 * {@link io.madoguchi.core.time.ManualScheduler} whose time moves only when told to.
 */
@NullMarked
package io.madoguchi.core.time;

import org.jspecify.annotations.NullMarked;
