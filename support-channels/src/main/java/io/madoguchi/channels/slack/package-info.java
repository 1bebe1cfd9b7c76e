/** The Slack Events API adapter. */
@NullMarked
package io.madoguchi.channels.slack;

import org.jspecify.annotations.NullMarked;
