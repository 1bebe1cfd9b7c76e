/**
 * JMH benchmarks and quality evaluations for Madoguchi. Build with
 * {@code ./mvnw -B package -DskipTests -pl benchmarks -am} and run
 * {@code java -jar benchmarks/target/benchmarks.jar}.
 */
package io.madoguchi.benchmarks;
