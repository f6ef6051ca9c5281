/** Series identity, units and samples. */
package dev.vigil.core.metric;
