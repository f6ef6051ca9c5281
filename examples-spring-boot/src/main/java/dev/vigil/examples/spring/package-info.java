/** A small Spring Boot shop application monitored by the Vigil starter. */
@NullMarked
package dev.vigil.examples.spring;

import org.jspecify.annotations.NullMarked;
