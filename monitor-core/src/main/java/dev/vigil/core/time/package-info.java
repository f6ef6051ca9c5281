/** Injected time: the system clock and a manual clock for tests. */
package dev.vigil.core.time;
