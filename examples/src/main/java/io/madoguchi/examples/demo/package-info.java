/**
 * The simulated support-desk day behind {@code madoguchi demo}: a fixed, advancing clock and a list of steps that
 * later demos extend (SLA clocks, the FAQ bot, surveys).
 */
@NullMarked
package io.madoguchi.examples.demo;

import org.jspecify.annotations.NullMarked;
