/**
 * The test kit for applications that embed Vigil and for extensions of it: {@link
 * dev.vigil.test.TestVigil} (a monitor, an alert engine and notifications on one manual clock),
 * {@link dev.vigil.test.TickFeed} (hand-made ticks), {@link dev.vigil.test.TestAlerts} and {@link
 * dev.vigil.test.RecordingNotifier} (fixtures), and the compatibility kits {@link
 * dev.vigil.test.NotifierCompatibilityKit} and {@link dev.vigil.test.MetricSourceCompatibilityKit}
 * that a user's notifier or source test extends. Depend on {@code dev.vigil:vigil-test} with test
 * scope; docs/testing.md shows each in use.
 */
@NullMarked
package dev.vigil.test;

import org.jspecify.annotations.NullMarked;
