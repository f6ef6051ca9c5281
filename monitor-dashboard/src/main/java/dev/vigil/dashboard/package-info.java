/**
 * A web dashboard on the JDK's HTTP server: charts of the history, the alerts and their reports,
 * read (and silences or acknowledgements written) through the public API of the monitor and the
 * alert engine.
 */
@NullMarked
package dev.vigil.dashboard;

import org.jspecify.annotations.NullMarked;
