/**
 * Benchmarks of the KPI engine (support-metrics).
 */
package io.madoguchi.benchmarks.metrics;
