/** Benchmarks of the history: memory per series, query cost and durable storage. */
@NullMarked
package dev.vigil.benchmarks.history;

import org.jspecify.annotations.NullMarked;
