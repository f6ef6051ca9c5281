/** Bounded in-memory history of every series, with window queries and consolidated tiers. */
@NullMarked
package dev.vigil.core.history;

import org.jspecify.annotations.NullMarked;
