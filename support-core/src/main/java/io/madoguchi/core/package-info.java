/**
 * The Madoguchi support desk: identifiers, the exception hierarchy rooted at
 * {@link io.madoguchi.core.MadoguchiException}, and the entry point.
 */
@NullMarked
package io.madoguchi.core;

import org.jspecify.annotations.NullMarked;
