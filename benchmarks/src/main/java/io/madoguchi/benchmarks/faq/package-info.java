/** FAQ matching benchmarks (JMH) and quality evaluations on the shared FAQ sets. */
@NullMarked
package io.madoguchi.benchmarks.faq;

import org.jspecify.annotations.NullMarked;
