/** Helpers shared by the built-in adapters; not API. */
@NullMarked
package io.madoguchi.channels.internal;

import org.jspecify.annotations.NullMarked;
