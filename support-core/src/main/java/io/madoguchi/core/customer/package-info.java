/**
 * Customers, their channel identities and organizations.
 */
@NullMarked
package io.madoguchi.core.customer;

import org.jspecify.annotations.NullMarked;
