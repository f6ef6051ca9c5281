/** Series identity, units and samples. */
@NullMarked
package dev.vigil.core.metric;

import org.jspecify.annotations.NullMarked;
