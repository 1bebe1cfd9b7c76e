/**
 * Benchmarks of the support desk: ticket life-cycle throughput and memory per ticket.
 */
@NullMarked
package io.madoguchi.benchmarks.desk;

import org.jspecify.annotations.NullMarked;
