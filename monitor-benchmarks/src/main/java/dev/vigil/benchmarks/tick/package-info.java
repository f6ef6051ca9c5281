/** The cost of one tick of Vigil's default sources beside a plain-JDK floor and other libraries. */
@NullMarked
package dev.vigil.benchmarks.tick;

import org.jspecify.annotations.NullMarked;
