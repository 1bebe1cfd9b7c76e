/** Implementation of the FAQ matcher (Lucene analysis, indexing, scoring); not public API. */
@NullMarked
package io.madoguchi.core.faq.internal;

import org.jspecify.annotations.NullMarked;
