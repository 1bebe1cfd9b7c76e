/**
 * Macros (canned replies) with localized texts and placeholders.
 */
@NullMarked
package io.madoguchi.core.macro;

import org.jspecify.annotations.NullMarked;
