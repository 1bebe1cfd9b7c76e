/** Benchmarks of the channels: inbound webhooks and mail into the desk, outbound replies through the outbox. */
package io.madoguchi.benchmarks.channels;
