/** Runnable examples: the README's quickstart, each built-in notifier, and command-line tools. */
@NullMarked
package dev.vigil.examples;

import org.jspecify.annotations.NullMarked;
