/** JMH benchmarks of the FAQ matcher: query latency, indexing time and heap at 10,000 FAQs. */
@NullMarked
package io.madoguchi.benchmarks.faq;

import org.jspecify.annotations.NullMarked;
