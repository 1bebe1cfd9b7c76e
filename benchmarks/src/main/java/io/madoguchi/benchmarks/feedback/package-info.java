/**
 * Benchmarks of the feedback module: text analysis and aggregates.
 */
@NullMarked
package io.madoguchi.benchmarks.feedback;

import org.jspecify.annotations.NullMarked;
