/**
 * An example channel plugin: a tiny adapter for a made-up channel, registered through ServiceLoader and proven by the
 * shipped contract kit ({@code ChannelAdapterContract} in the support-channels test-jar).
 */
@NullMarked
package io.madoguchi.examples.plugin;

import org.jspecify.annotations.NullMarked;
