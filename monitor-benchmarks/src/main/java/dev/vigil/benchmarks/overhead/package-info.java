/** Whole-library steady-state overhead, measured in a child JVM. */
@NullMarked
package dev.vigil.benchmarks.overhead;

import org.jspecify.annotations.NullMarked;
