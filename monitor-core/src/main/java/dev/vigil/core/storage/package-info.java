/** The storage directory that makes Vigil's state survive a restart. */
package dev.vigil.core.storage;
