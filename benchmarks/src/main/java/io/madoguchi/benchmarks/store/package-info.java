/**
 * Benchmarks of the durable stores: the JDBC desk store on embedded PostgreSQL beside plain JDBC.
 */
@NullMarked
package io.madoguchi.benchmarks.store;

import org.jspecify.annotations.NullMarked;
