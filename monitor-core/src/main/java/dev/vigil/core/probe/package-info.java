/**
 * Availability probes in the manner of blackbox_exporter: HTTP(S), TCP connect and TLS
 * certificate checks, run on their own schedule by a {@link dev.vigil.core.probe.ProbeSource}.
 */
@NullMarked
package dev.vigil.core.probe;

import org.jspecify.annotations.NullMarked;
