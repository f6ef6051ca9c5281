/**
 * Spring Boot auto-configuration: a monitor, an alert engine and notifications built from
 * {@code vigil.*} properties, with an actuator endpoint and a health indicator.
 */
@NullMarked
package dev.vigil.spring;

import org.jspecify.annotations.NullMarked;
