/** The LINE Messaging API adapter. */
@NullMarked
package io.madoguchi.channels.line;

import org.jspecify.annotations.NullMarked;
