/**
 * The thread-safe in-memory store, the default.
 */
@NullMarked
package io.madoguchi.core.store.memory;

import org.jspecify.annotations.NullMarked;
