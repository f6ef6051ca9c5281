/** Benchmarks of rule evaluation and of silences with many matchers. */
@NullMarked
package dev.vigil.benchmarks.rules;

import org.jspecify.annotations.NullMarked;
