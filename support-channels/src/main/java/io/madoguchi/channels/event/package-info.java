/** The channel layer's events in the desk's event log (area {@code channel}). */
@NullMarked
package io.madoguchi.channels.event;

import org.jspecify.annotations.NullMarked;
