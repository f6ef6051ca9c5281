/** The benchmark suite: runs every benchmark and writes the report of measured figures. */
@NullMarked
package dev.vigil.benchmarks;

import org.jspecify.annotations.NullMarked;
