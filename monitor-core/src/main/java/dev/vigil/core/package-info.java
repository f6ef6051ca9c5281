/** The monitor: sampling loop, ticks and their listeners. */
@NullMarked
package dev.vigil.core;

import org.jspecify.annotations.NullMarked;
