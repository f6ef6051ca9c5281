/**
 * Plumbing shared by Vigil's modules. Not API: anything here may change or go in any release, and
 * applications must not use it.
 */
package dev.vigil.core.internal;
