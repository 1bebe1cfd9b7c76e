/**
 * Implementation of the SLA engine: compact per-ticket clock state and the due-time index. Not API.
 */
@NullMarked
package io.madoguchi.core.sla.internal;

import org.jspecify.annotations.NullMarked;
