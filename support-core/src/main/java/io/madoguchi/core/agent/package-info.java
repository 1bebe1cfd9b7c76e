/**
 * Agents, groups, skills and the assignment strategy SPI with the built-in strategies.
 */
@NullMarked
package io.madoguchi.core.agent;

import org.jspecify.annotations.NullMarked;
