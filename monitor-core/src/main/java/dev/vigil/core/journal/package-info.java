/**
 * Small durable state kept in plain files: a checksummed append-only journal of changes plus a
 * periodic snapshot. Used for alert state and the notification log; history storage lives elsewhere.
 */
package dev.vigil.core.journal;
