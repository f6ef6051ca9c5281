/**
 * Plumbing shared by Vigil's modules. Not API: anything here may change or go in any release, and
 * applications must not use it.
 */
@NullMarked
package dev.vigil.core.internal;

import org.jspecify.annotations.NullMarked;
