/** The JVM as a {@link dev.vigil.core.source.MetricSource}: memory, GC, threads, classes, buffers. */
@NullMarked
package dev.vigil.core.jvm;

import org.jspecify.annotations.NullMarked;
