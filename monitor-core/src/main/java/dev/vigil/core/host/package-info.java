/**
 * Built-in sources for the host ({@link dev.vigil.core.host.HostMetrics}) and the JVM's own
 * process ({@link dev.vigil.core.host.ProcessMetrics}); their series are listed in
 * {@code docs/metrics.md}.
 */
@NullMarked
package dev.vigil.core.host;

import org.jspecify.annotations.NullMarked;
