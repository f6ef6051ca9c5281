/** Benchmarks of notification: an alert storm's throughput and CPU, and latency from the tick to the notifier. */
@NullMarked
package dev.vigil.benchmarks.notify;

import org.jspecify.annotations.NullMarked;
