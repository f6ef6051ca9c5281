/** Bounded in-memory history of every series, with window queries and consolidated tiers. */
package dev.vigil.core.history;
