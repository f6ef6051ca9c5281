/**
 * The notifier compatibility kit and its helpers (loopback HTTP receiver, silent endpoint, test
 * alerts, a strict JSON reader), published in the {@code monitor-notify} test-jar.
 */
package dev.vigil.notify.testkit;
