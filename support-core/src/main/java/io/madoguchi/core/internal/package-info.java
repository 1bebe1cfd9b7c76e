/**
 * Implementation details of the desk; not API, may change at any time.
 */
@NullMarked
package io.madoguchi.core.internal;

import org.jspecify.annotations.NullMarked;
