/** Benchmarks of the channels: inbound mail parse and store. */
package io.madoguchi.benchmarks.channels;
