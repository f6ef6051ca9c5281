/**
 * Micrometer in both directions: {@link dev.vigil.core.micrometer.MicrometerSource} reads the
 * application's meters into Vigil, {@link dev.vigil.core.micrometer.VigilMeterBinder} publishes
 * Vigil's series into the application's registry.
 */
@NullMarked
package dev.vigil.core.micrometer;

import org.jspecify.annotations.NullMarked;
