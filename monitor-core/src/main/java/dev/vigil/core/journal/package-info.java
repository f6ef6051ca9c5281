/**
 * Small durable state kept in plain files: a checksummed append-only journal of changes plus a
 * periodic snapshot. Used for alert state and the notification log; history storage lives elsewhere.
 */
@NullMarked
package dev.vigil.core.journal;

import org.jspecify.annotations.NullMarked;
