/**
 * The sealed hierarchy of desk events and the listener interface.
 */
@NullMarked
package io.madoguchi.core.event;

import org.jspecify.annotations.NullMarked;
