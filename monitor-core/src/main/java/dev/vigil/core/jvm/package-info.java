/** The JVM as a {@link dev.vigil.core.source.MetricSource}: memory, GC, threads, classes, buffers. */
package dev.vigil.core.jvm;
