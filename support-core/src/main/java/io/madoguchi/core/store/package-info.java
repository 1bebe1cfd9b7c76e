/**
 * The store SPI the desk writes through; implementations must pass the contract suite {@code DeskStoreContract}.
 */
@NullMarked
package io.madoguchi.core.store;

import org.jspecify.annotations.NullMarked;
