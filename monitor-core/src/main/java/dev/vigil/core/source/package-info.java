/** The {@link dev.vigil.core.source.MetricSource} extension interface and small ready-made sources. */
package dev.vigil.core.source;
