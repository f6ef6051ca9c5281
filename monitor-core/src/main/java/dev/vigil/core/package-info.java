/** The monitor: sampling loop, ticks and their listeners. */
package dev.vigil.core;
