/** The {@link dev.vigil.core.source.MetricSource} extension interface and small ready-made sources. */
@NullMarked
package dev.vigil.core.source;

import org.jspecify.annotations.NullMarked;
