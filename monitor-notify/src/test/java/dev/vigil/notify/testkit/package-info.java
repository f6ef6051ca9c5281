/**
 * Helpers of monitor-notify's own tests (loopback HTTP receiver, silent endpoint, test alerts, a
 * strict JSON reader), published in its test-jar for vigil-test's tests of the built-in notifiers.
 * Users test their notifiers with {@code NotifierCompatibilityKit} of the {@code vigil-test} artifact.
 */
package dev.vigil.notify.testkit;
