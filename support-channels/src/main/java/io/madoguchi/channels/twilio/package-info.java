/** The Twilio SMS and voice adapter. */
@NullMarked
package io.madoguchi.channels.twilio;

import org.jspecify.annotations.NullMarked;
