/** Injected time: the system clock and a manual clock for tests. */
@NullMarked
package dev.vigil.core.time;

import org.jspecify.annotations.NullMarked;
