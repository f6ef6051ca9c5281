/** The storage directory that makes Vigil's state survive a restart. */
@NullMarked
package dev.vigil.core.storage;

import org.jspecify.annotations.NullMarked;
